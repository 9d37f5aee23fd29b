import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the stand-in received. */
export interface ConnectorCall {
  /** When it arrived (ms since the epoch). */
  at: number;
  /** The conversation id from the path, decoded. */
  conversationId: string;
  path: string;
  authorization: string | undefined;
  activity: Record<string, unknown>;
  /** What it was answered. */
  status: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

type Responder = (call: Omit<ConnectorCall, 'status'>, index: number) => Answer | Promise<Answer>;

export interface ConnectorStandIn {
  /** For the conversation reference: `http://127.0.0.1:<port>/`. */
  serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** How the next calls are answered (200 until told otherwise); a promise holds the answer back until it settles. */
  respond(answer: Responder): void;
  /** Resolves with the calls once there are `count` of them (rejects after `timeoutMs`). */
  waitForCalls(count: number, timeoutMs?: number): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
  return text;
}

/**
 * A local HTTP server standing in for the Bot Connector (a conversation's `serviceUrl`): it takes
 * `POST /v3/conversations/:id/activities[/:replyToId]`, answers with the scripted status and records what came.
 */
export async function startConnectorStandIn(): Promise<ConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let answer: Responder = () => ({ status: 200 });
  let arrived = 0;
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then(async (text) => {
      const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
      const match = ACTIVITIES.exec(path);
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: `no ${req.method} ${path} here` } }));
        return;
      }
      const call = { at: Date.now(), conversationId: decodeURIComponent(match[1]!), path, authorization: req.headers.authorization, activity: JSON.parse(text) as Record<string, unknown> };
      const { status, headers = {} } = await answer(call, arrived++);
      calls.push({ ...call, status });
      const body = status < 300 ? { id: `stand-in-${calls.length}` } : { error: { code: status === 429 ? 'Throttled' : 'Failed', message: `The stand-in answered ${status}.` } };
      // not chained: restify, once loaded (as in the whole suite), patches every ServerResponse's writeHead to return nothing
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
      for (const waiter of waiters.filter((w) => calls.length >= w.count)) waiter.resolve();
    }).catch((error: unknown) => {
      // a broken stand-in cuts the connection, so the test fails on it at once instead of waiting for the client's timeout
      console.error('the Bot Connector stand-in failed:', error);
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    respond: (next) => {
      answer = next;
    },
    waitForCalls: (count, timeoutMs = 10_000) =>
      calls.length >= count
        ? Promise.resolve([...calls])
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the stand-in got ${calls.length} of ${count} calls in ${timeoutMs} ms`)), timeoutMs);
            waiters.push({
              count,
              resolve: () => {
                clearTimeout(timer);
                resolve([...calls]);
              },
            });
          }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
