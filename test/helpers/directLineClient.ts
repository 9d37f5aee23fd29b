import type { Activity } from 'botbuilder';
import restify from 'restify';
import WebSocket from 'ws';
import type { AddressInfo } from 'node:net';
import type { ActivityGroup } from '../../src/channels/directLine/conversationLog';
import { registerDirectLine, type DirectLineChannel, type DirectLineOptions, type TurnHandler } from '../../src/channels/directLine/routes';
import { MAX_BODY_BYTES } from '../../src/config';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

export interface WebChatToken {
  token: string;
  conversationId: string;
  userId: string;
  expires_in: number;
}

export interface ConversationInfo {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl: string;
}

/** One Direct Line request: JSON in (or a raw string), JSON out when there is any. */
export async function call<T = unknown>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; contentType?: string } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body: body as T };
}

/** What the page does first: a token for a new conversation, then Web Chat's POST /conversations. */
export async function newConversation(baseUrl: string, locale = 'en-US'): Promise<WebChatToken & { streamUrl: string }> {
  const created = await call<WebChatToken>(baseUrl, 'POST', '/api/webchat/token', { body: { locale } });
  if (created.status !== 200) throw new Error(`token: ${created.status}`);
  const started = await call<ConversationInfo>(baseUrl, 'POST', '/v3/directline/conversations', { token: created.body.token, body: { locale } });
  if (started.status >= 300) throw new Error(`start: ${started.status}`);
  return { ...created.body, streamUrl: started.body.streamUrl };
}

let clientIds = 0;

export function userMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  clientIds++;
  return { type: 'message', text, locale: 'en-US', from: { id: 'whoever', role: 'user' }, channelData: { clientActivityID: `client-${clientIds}` }, ...extra };
}

export function postActivity(baseUrl: string, conversation: { conversationId: string; token: string }, body: unknown): Promise<HttpResult<{ id?: string }>> {
  return call(baseUrl, 'POST', `/v3/directline/conversations/${conversation.conversationId}/activities`, { token: conversation.token, body });
}

export function poll(baseUrl: string, conversation: { conversationId: string; token: string }, watermark?: string): Promise<HttpResult<ActivityGroup>> {
  return call(baseUrl, 'GET', `/v3/directline/conversations/${conversation.conversationId}/activities?watermark=${watermark ?? ''}`, { token: conversation.token });
}

/** Polls until an activity matches (Web Chat polls once a second; tests poll faster). */
export async function pollUntil(baseUrl: string, conversation: { conversationId: string; token: string }, predicate: (a: Activity) => boolean, timeoutMs = 5000): Promise<Activity> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await poll(baseUrl, conversation);
    const found = body.activities.find(predicate);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no matching activity within ${timeoutMs} ms: ${JSON.stringify(body.activities.map((a) => a.text))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A Direct Line stream client: records every message and activity, and waits for the ones a test expects. */
export class StreamClient {
  readonly groups: ActivityGroup[] = [];
  readonly activities: Activity[] = [];
  /** The process that accepted the stream (its x-bot-pid header: WEB_CONCURRENCY runs several on one port). */
  heldBy?: number;
  private listeners: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = String(data);
      if (!text) return;
      const group = JSON.parse(text) as ActivityGroup;
      this.groups.push(group);
      this.activities.push(...group.activities);
      for (const listener of [...this.listeners]) listener();
    });
  }

  static open(url: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const client = new StreamClient(socket);
      socket.once('upgrade', (res) => (client.heldBy = Number(res.headers['x-bot-pid'])));
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  get watermark(): string | undefined {
    return this.groups.at(-1)?.watermark;
  }

  waitFor(predicate: (a: Activity) => boolean, timeoutMs = 5000): Promise<Activity> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.activities.find(predicate);
        if (found) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve(found);
        }
        return Boolean(found);
      };
      const listener = (): void => void check();
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no matching activity on the stream within ${timeoutMs} ms; got ${JSON.stringify(this.activities.map((a) => a.text ?? a.type))}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(listener);
    });
  }

  /** Cuts the connection without a closing handshake, as a dropped network does. */
  drop(): void {
    this.socket.terminate();
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The HTTP status a WebSocket upgrade gets: 101 when it opens. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

/** A restify server with only Direct Line on it, around any bot (a stand-in that crashes, for one). */
export async function startDirectLineServer(bot: TurnHandler, options: DirectLineOptions = {}): Promise<{ url: string; channel: DirectLineChannel; close(): Promise<void> }> {
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }));
  const channel = registerDirectLine(server, bot, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    channel,
    close: async () => {
      await channel.close();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
