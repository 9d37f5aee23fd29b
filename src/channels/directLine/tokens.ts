import { randomBytes, timingSafeEqual } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** What a Direct Line token grants: one conversation, as one user. */
export interface TokenClaims {
  conversationId: string;
  userId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 30 * 60;
const ISSUER = 'campaign-status-bot/directline';

/** The signing key: `DIRECTLINE_SECRET` when set (tokens then survive a restart), else a random one per process. */
export function directLineSecret(env: NodeJS.ProcessEnv = process.env): { secret: string; configured: boolean } {
  const configured = env.DIRECTLINE_SECRET?.trim();
  return configured ? { secret: configured, configured: true } : { secret: randomBytes(32).toString('hex'), configured: false };
}

/** `Authorization: Bearer <x>` -> x. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/** Short-lived HS256 tokens that carry the conversation id and the user id (as `sub`, and as `user`, which Web Chat reads). */
export class TokenService {
  constructor(
    private readonly secret: string,
    readonly lifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS,
  ) {}

  issue(conversationId: string, userId: string): IssuedToken {
    const token = jwt.sign({ conv: conversationId, user: userId }, this.secret, {
      algorithm: 'HS256',
      subject: userId,
      issuer: ISSUER,
      expiresIn: this.lifetimeSeconds,
    });
    return { token, expiresIn: this.lifetimeSeconds };
  }

  verify(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof payload !== 'object' || typeof payload.conv !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        return { ok: false, reason: 'invalid' };
      }
      return { ok: true, claims: { conversationId: payload.conv, userId: payload.sub, expiresAt: payload.exp } };
    } catch (error) {
      return { ok: false, reason: error instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
    }
  }

  /** Whether a bearer value is the secret itself, which Direct Line accepts in place of a token. */
  isSecret(value: string | undefined): boolean {
    if (!value) return false;
    const given = Buffer.from(value);
    const expected = Buffer.from(this.secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
