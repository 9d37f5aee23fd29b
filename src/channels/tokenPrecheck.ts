import jwt from 'jsonwebtoken';

/** Issuers of tokens the Bot Framework (and the Emulator, through Entra ID) sends to a bot. */
const ISSUERS = [/^https:\/\/api\.botframework\.com$/, /^https:\/\/sts\.windows\.net\/[\w-]+\/$/, /^https:\/\/login\.microsoftonline\.com\/[\w-]+\/v2\.0$/];

/**
 * A cheap look at a request's bearer token before botbuilder validates it: without a token, or with one that is not a
 * JWT, is for another bot, has expired or comes from an issuer the Bot Framework never uses, the request is refused
 * at once. botbuilder would refuse it too, but only after fetching signing keys from the internet (and, offline,
 * with a 500). Returns why it was refused, or undefined when botbuilder should have its say.
 */
export function precheckBearerToken(authorization: string | undefined, appId: string, now = Date.now()): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return 'missing bearer token';
  const decoded = jwt.decode(match[1], { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') return 'not a JWT';
  if (decoded.header.alg !== 'RS256') return 'unexpected signing algorithm';
  const { aud, exp, iss } = decoded.payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(appId)) return 'token for another audience';
  if (typeof exp !== 'number' || exp * 1000 < now - 5 * 60_000) return 'expired token';
  if (typeof iss !== 'string' || !ISSUERS.some((pattern) => pattern.test(iss))) return 'unknown issuer';
  return undefined;
}
