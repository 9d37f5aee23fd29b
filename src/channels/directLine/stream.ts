import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { logger } from '../../logging/logger';
import { parseWatermark, type Conversation, type ConversationLog } from './conversationLog';
import { bearerToken, type TokenService } from './tokens';

export const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const HEARTBEAT_MS = 30_000;
/** A client that falls this far behind is dropped; it reconnects with its watermark and catches up from the log. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface StreamDeps {
  log: ConversationLog;
  tokens: TokenService;
  /** Called when a client opens the stream of a conversation that has not started yet. */
  onOpen(conversation: Conversation): Promise<unknown>;
}

export interface StreamHandle {
  /** Answers new streams 503 (the server is stopping); the open ones stay until close(). */
  stopAccepting(): void;
  close(): void;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  logger.info({ event: 'directline.stream', status }, `stream refused: ${status}`);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/**
 * The Direct Line stream: a WebSocket per open client at `/v3/directline/conversations/:id/stream?t=<token>&watermark=N`,
 * sending `{activities, watermark}` messages: the backlog after N first, then each new activity.
 */
export function attachStream(httpServer: EventEmitter, deps: StreamDeps): StreamHandle {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  // which process holds the stream: WEB_CONCURRENCY runs several on one port
  wss.on('headers', (headers) => headers.push(`x-bot-pid: ${process.pid}`));
  let accepting = true;
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch((error: unknown) => {
      logger.warn({ event: 'directline.streamError', err: error }, 'A stream request could not be handled.');
      // a URL that does not decode is the client's; anything else is the conversation log failing (its database away)
      if (error instanceof URIError) refuse(socket, 400, 'Bad Request');
      else refuse(socket, 503, 'Service Unavailable');
    });
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    // The stream is the only WebSocket on this server (restify does not handle upgrades): other paths get a 404.
    if (!match) return refuse(socket, 404, 'Not Found');
    if (!accepting) return refuse(socket, 503, 'Service Unavailable');
    const check = deps.tokens.verify(url.searchParams.get('t') ?? bearerToken(req.headers.authorization));
    if (!check.ok) return refuse(socket, 401, 'Unauthorized');
    const conversationId = decodeURIComponent(match[1]);
    if (check.claims.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
    const watermark = parseWatermark(url.searchParams.get('watermark'));
    if (watermark === 'invalid') return refuse(socket, 400, 'Bad Request');
    const conversation = await deps.log.get(conversationId);
    if (!conversation) return refuse(socket, 404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      open(ws, conversation, watermark).then(
        () => logger.info({ event: 'directline.stream', status: 101 }, 'stream opened'),
        (error: unknown) => {
          // The conversation went away during the handshake: the client reconnects and gets its 404.
          logger.warn({ event: 'directline.streamError', err: error }, 'A stream closed during its handshake.');
          ws.terminate();
        },
      );
    });
  };

  const open = async (ws: WebSocket, conversation: Conversation, watermark: number | undefined): Promise<void> => {
    alive.set(ws, true);
    let closed = false;
    let unsubscribe: () => void = () => undefined;
    const stop = (): void => {
      closed = true;
      unsubscribe();
    };
    const drop = (): void => {
      stop();
      ws.terminate();
    };
    ws.on('pong', () => alive.set(ws, true));
    // Direct Line clients send empty messages as keep-alives: an open page keeps its conversation from expiring.
    ws.on('message', () => void deps.log.touch(conversation.id).catch(() => undefined));
    ws.on('error', drop);
    ws.on('close', stop);
    const subscribed = await deps.log.subscribe(
      conversation.id,
      {
        deliver: (group) => {
          if (ws.readyState !== ws.OPEN) return;
          if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return drop();
          ws.send(JSON.stringify(group));
        },
        end: () => ws.close(1000, 'conversation ended'),
      },
      watermark,
    );
    // a socket that closed while the subscription was being made stops it at once
    if (closed) return subscribed();
    unsubscribe = subscribed;
    if (!conversation.started) await deps.onOpen(conversation);
  };

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  httpServer.on('upgrade', onUpgrade);
  return {
    stopAccepting: () => {
      accepting = false;
    },
    close: () => {
      clearInterval(heartbeat);
      httpServer.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
