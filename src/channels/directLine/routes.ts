import { randomUUID } from 'node:crypto';
import type { Activity, ChannelAccount, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { logger } from '../../logging/logger';
import { parseWatermark, type Conversation, type ConversationLog, type ConversationLogOptions } from './conversationLog';
import { MemoryConversationLog } from './conversations';
import { DirectLineAdapter } from './directLineAdapter';
import { readClientActivity, toChannelActivity, validLocale } from './incomingActivity';
import { requestOrigin } from './origin';
import { attachStream } from './stream';
import { bearerToken, directLineSecret, TokenService, type TokenClaims } from './tokens';

/** Anything that runs a turn: the StatusBot, or a stand-in in tests. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

export interface DirectLineOptions {
  /** Signing key for tokens (and accepted as a bearer by the generate endpoints); default `DIRECTLINE_SECRET`, else random. */
  secret?: string;
  tokenLifetimeSeconds?: number;
  conversations?: ConversationLogOptions;
  /** Where the conversations live (default: this process's memory, with `conversations`' limits); closed with the channel. */
  log?: ConversationLog;
  /** How often idle conversations are looked for (default 10 min). */
  sweepIntervalMs?: number;
  bot?: ChannelAccount;
}

export interface DirectLineChannel {
  log: ConversationLog;
  adapter: DirectLineAdapter;
  tokens: TokenService;
  /** Answers new streams 503 while the server drains (HTTP requests are refused by the server's gate). */
  stopAccepting(): void;
  /** Closes every stream and the conversation log; call before closing the HTTP server. */
  close(): Promise<void>;
}

interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

const DEFAULT_LOCALE = 'en-US';
const DEFAULT_BOT: ChannelAccount = { id: 'campaign-status-bot', name: 'Campaign status bot' };
const PREFIX = '/v3/directline';

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * A request whose conversation log failed (its database is away, or restarting): 503 with Retry-After, which clients
 * retry, rather than the 500 restify would answer.
 */
function unavailableOnFailure(handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      logger.warn({ event: 'directline.unavailable', err }, 'A Direct Line request failed: the conversations could not be reached.');
      if (res.headersSent) return;
      res.header('Retry-After', '1');
      sendError(res, 503, 'ServiceUnavailable', 'The conversations cannot be reached right now; try again in a moment.');
    }
  };
}

function notFound(res: Response): void {
  sendError(res, 404, 'NotFound', 'Conversation not found (it may have expired).');
}

function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * The user a back end names when it generates a token with the secret (`{ "user": { "id": "ana@contoso.com" } }`, as in
 * Direct Line): the token's subject, which the roles file can map to a role. The page's own tokens stay anonymous.
 */
function userIdOf(req: Request): string | undefined {
  const user = (bodyOf(req) as { user?: { id?: unknown } }).user;
  const id = typeof user?.id === 'string' ? user.id.trim() : '';
  return /^[\x21-\x7e]{1,128}$/.test(id) ? id : undefined;
}

/**
 * The page's anonymous visitor: a random key the browser keeps, so the bot's user state (language, course progress)
 * follows the same browser across conversations and days. Prefixed, so it can never be an id a roles file grants to.
 */
function visitorIdOf(req: Request): string | undefined {
  const visitor = (bodyOf(req) as { visitor?: unknown }).visitor;
  return typeof visitor === 'string' && /^[0-9a-f]{32}$/.test(visitor) ? `visitor-${visitor}` : undefined;
}

/** Direct Line clients send the page's locale as `locale` in JSON or (RxJS's default) form-encoded. */
function localeOf(req: Request): string | undefined {
  return validLocale(bodyOf(req).locale);
}

function secondsLeft(claims: TokenClaims): number {
  return Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000));
}

function watermarkOf(req: Request): number | undefined | 'invalid' {
  return parseWatermark(new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark'));
}

/**
 * A Direct Line 3.0 subset on our own server, for the stock Web Chat bundle: conversations, activities (posted, polled,
 * streamed over a WebSocket), and short-lived tokens that each open one conversation. The bot runs in-process.
 */
export function registerDirectLine(server: Server, bot: TurnHandler, options: DirectLineOptions = {}): DirectLineChannel {
  const tokens = new TokenService(options.secret ?? directLineSecret().secret, options.tokenLifetimeSeconds);
  const log = options.log ?? new MemoryConversationLog(options.conversations);
  const botAccount = options.bot ?? DEFAULT_BOT;
  const adapter = new DirectLineAdapter(log, botAccount);
  const logic = (context: TurnContext): Promise<void> => bot.run(context);
  const post = (path: string, handler: Handler): void => void server.post(path, unavailableOnFailure(handler));
  const get = (path: string, handler: Handler): void => void server.get(path, unavailableOnFailure(handler));

  /**
   * Tells the bot the user has joined, once per conversation (whichever request or instance gets there first), before
   * anything the user says; true when this call started the conversation.
   */
  const start = async (conversation: Conversation, locale?: string): Promise<boolean> => {
    if (conversation.started || !(await log.start(conversation.id, locale))) return false;
    const started = { ...conversation, started: true, locale: locale || conversation.locale };
    const update = toChannelActivity({ type: 'conversationUpdate' }, started, botAccount, { id: randomUUID(), membersAdded: [{ id: conversation.userId, name: '' }] });
    void adapter.processActivity(update as Activity, logic);
    return true;
  };

  const conversationResponse = (req: Request, conversation: Conversation, token: string, expiresIn: number, watermark?: number): ConversationResponse => {
    const query = new URLSearchParams({ t: token });
    if (watermark !== undefined) query.set('watermark', String(watermark));
    const streamUrl = `${requestOrigin(req).ws}${PREFIX}/conversations/${encodeURIComponent(conversation.id)}/stream?${query}`;
    return { conversationId: conversation.id, token, expires_in: expiresIn, streamUrl };
  };

  const create = (req: Request, locale: string | undefined, userId?: string): Promise<Conversation> =>
    log.create({ locale: locale ?? DEFAULT_LOCALE, serviceUrl: requestOrigin(req).http, userId });

  /** The token's claims, or an error sent (401). */
  const authenticate = (req: Request, res: Response): { token: string; claims: TokenClaims } | undefined => {
    const token = bearerToken(req.headers.authorization);
    const check = tokens.verify(token);
    if (check.ok && token) return { token, claims: check.claims };
    const reason = check.ok ? 'missing' : check.reason;
    const message = { missing: 'A Direct Line token is required (Authorization: Bearer <token>).', invalid: 'The token is not valid.', expired: 'The token has expired.' }[reason];
    sendError(res, 401, reason === 'expired' ? 'TokenExpired' : 'Unauthorized', message);
    return undefined;
  };

  /** The conversation in the URL, if the token opens it (403 for another one, 404 for one that is gone). */
  const authorize = async (req: Request, res: Response): Promise<{ token: string; claims: TokenClaims; conversation: Conversation } | undefined> => {
    const auth = authenticate(req, res);
    if (!auth) return undefined;
    const conversationId = String(req.params.conversationId ?? '');
    if (auth.claims.conversationId !== conversationId) {
      sendError(res, 403, 'Forbidden', 'This token does not open that conversation.');
      return undefined;
    }
    const conversation = await log.get(conversationId);
    if (!conversation) {
      notFound(res);
      return undefined;
    }
    return { ...auth, conversation };
  };

  // The page's own token endpoint: a new conversation, and a token for it.
  post('/api/webchat/token', async (req: Request, res: Response) => {
    const conversation = await create(req, localeOf(req), visitorIdOf(req));
    const { token, expiresIn } = tokens.issue(conversation.id, conversation.userId);
    res.header('Cache-Control', 'no-store');
    res.send(200, { token, conversationId: conversation.id, userId: conversation.userId, expires_in: expiresIn });
  });

  post(`${PREFIX}/tokens/generate`, async (req: Request, res: Response) => {
    if (!tokens.isSecret(bearerToken(req.headers.authorization))) {
      sendError(res, 401, 'Unauthorized', 'Generating a token takes the Direct Line secret (Authorization: Bearer <secret>).');
      return;
    }
    const conversation = await create(req, localeOf(req), userIdOf(req));
    const { token, expiresIn } = tokens.issue(conversation.id, conversation.userId);
    res.send(200, { conversationId: conversation.id, token, expires_in: expiresIn });
  });

  post(`${PREFIX}/tokens/refresh`, async (req: Request, res: Response) => {
    const auth = authenticate(req, res);
    if (!auth) return;
    if (!(await log.touch(auth.claims.conversationId))) return notFound(res);
    const { token, expiresIn } = tokens.issue(auth.claims.conversationId, auth.claims.userId);
    res.header('Cache-Control', 'no-store');
    res.send(200, { conversationId: auth.claims.conversationId, token, expires_in: expiresIn });
  });

  // Starts the token's conversation (Web Chat's first call), or with the secret a new one.
  post(`${PREFIX}/conversations`, async (req: Request, res: Response) => {
    const locale = localeOf(req);
    if (tokens.isSecret(bearerToken(req.headers.authorization))) {
      const conversation = await create(req, locale);
      const { token, expiresIn } = tokens.issue(conversation.id, conversation.userId);
      await start(conversation, locale);
      res.send(201, conversationResponse(req, conversation, token, expiresIn));
      return;
    }
    const auth = authenticate(req, res);
    if (!auth) return;
    const conversation = await log.get(auth.claims.conversationId);
    if (!conversation) return notFound(res);
    const created = await start(conversation, locale);
    res.send(created ? 201 : 200, conversationResponse(req, conversation, auth.token, secondsLeft(auth.claims)));
  });

  // Reconnecting: a fresh stream URL that resumes after the watermark.
  get(`${PREFIX}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res);
    if (!auth) return;
    const watermark = watermarkOf(req);
    if (watermark === 'invalid') return sendError(res, 400, 'BadArgument', 'The watermark must be a number.');
    await start(auth.conversation);
    res.send(200, conversationResponse(req, auth.conversation, auth.token, secondsLeft(auth.claims), watermark));
  });

  get(`${PREFIX}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res);
    if (!auth) return;
    const watermark = watermarkOf(req);
    if (watermark === 'invalid') return sendError(res, 400, 'BadArgument', 'The watermark must be a number.');
    await start(auth.conversation);
    const group = await log.after(auth.conversation.id, watermark);
    if (!group) return notFound(res);
    res.header('Cache-Control', 'no-store');
    res.send(200, group);
  });

  post(`${PREFIX}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const auth = await authorize(req, res);
    if (!auth) return;
    const check = readClientActivity(req.body);
    if (!check.ok) return sendError(res, 400, 'BadArgument', check.message);
    const { conversation } = auth;
    await start(conversation);
    const activity = toChannelActivity(check.activity, conversation, botAccount);
    if (check.activity.type === 'typing') {
      // Typing goes to the bot but is no part of the transcript.
      const id = `${conversation.id}|typing-${randomUUID()}`;
      void adapter.processActivity({ ...activity, id } as Activity, logic);
      res.send(200, { id });
      return;
    }
    // The echo: Web Chat marks its message sent when it comes back with its channelData.clientActivityID.
    const stored = await log.append(conversation.id, activity);
    void adapter.processActivity(structuredClone(stored), logic);
    res.send(200, { id: stored.id });
  });

  const stream = attachStream(server.server, {
    log,
    tokens,
    onOpen: (conversation) => start(conversation),
  });
  const sweeper = setInterval(() => {
    log.sweep().catch((err: unknown) => logger.warn({ event: 'directline.sweepFailed', err }, 'Idle Direct Line conversations could not be removed.'));
  }, options.sweepIntervalMs ?? 10 * 60 * 1000);
  sweeper.unref();

  return {
    log,
    adapter,
    tokens,
    stopAccepting: () => stream.stopAccepting(),
    close: async () => {
      clearInterval(sweeper);
      stream.close();
      await log.close();
    },
  };
}
