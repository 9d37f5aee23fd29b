import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import type { BotAdapter } from './adapter';
import restify, { type Request, type RequestHandler, type Response, type Server } from 'restify';
import { activityProblem } from './channels/activityPrecheck';
import type { ConversationLog } from './channels/directLine/conversationLog';
import { clusterConversationLog } from './channels/directLine/replicatedConversations';
import { registerDirectLine, type TurnHandler } from './channels/directLine/routes';
import { registerWebChatPage } from './channels/webChatPage';
import { precheckBearerToken } from './channels/tokenPrecheck';
import { MAX_BODY_BYTES } from './config';
import { RequestGate, type DrainResult } from './http/requestGate';
import { keepRequestId, logRequests } from './http/requestLog';
import { loggedTurns } from './channels/turnLog';
import { registerListExport, type ListExportParts } from './http/listExport';
import { INGEST_PATHS, registerIngest, type IngestParts } from './http/ingest';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops taking requests (503) and waits, up to `timeoutMs`, for the requests and Direct Line turns in flight. */
  drain(timeoutMs: number): Promise<DrainResult>;
  /** Resolves once the Direct Line turns running or queued have finished (a post is answered before its turn runs). */
  directLineIdle(): Promise<void>;
  /** The web chat page's Direct Line conversations: where alerts for Web Chat go. */
  conversations: ConversationLog;
  /** Closes the streams and the server; `force` also cuts connections whose requests are still running. */
  close(options?: { force?: boolean }): Promise<void>;
}

export interface ServerParts {
  adapter: BotAdapter;
  bot: TurnHandler;
  port: number;
  host: string;
  /** Set when authentication is on: the bot's MicrosoftAppId, which every token must be for. */
  appId?: string;
  /** The lists' CSV downloads; without it, no export route. */
  listExport?: ListExportParts;
  /** The address users reach the server at (PUBLIC_URL), for the download links; else the address it listens on. */
  publicUrl?: string;
  /**
   * Where the web chat conversations live (closed with the server). Default: shared with the other workers under
   * WEB_CONCURRENCY, else this process's memory.
   */
  conversations?: ConversationLog;
  /** The live data endpoints (INGEST_TOKEN); without it they answer 404. */
  ingest?: IngestParts;
}

/** The ingest routes read their own bodies, up to 5 MB; every other route's body goes through restify's parser, up to 256 KB. */
function bodyParsers(): RequestHandler[] {
  const readsItsOwn = (req: Request): boolean => INGEST_PATHS.includes(String(req.getRoute()?.path ?? ''));
  const parsers = [restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true })].flat() as RequestHandler[];
  return parsers.map((parse): RequestHandler => (req, res, next) => (readsItsOwn(req) ? next() : parse(req, res, next)));
}

/** The one HTTP server: the Bot Framework endpoint, the health check, and the web chat page with its Direct Line. */
export async function startServer({ adapter, bot, port, host, appId, listExport, publicUrl, conversations, ingest }: ServerParts): Promise<RunningServer> {
  const server = restify.createServer({ name: 'campaign-status-bot', handleUncaughtExceptions: false });
  const gate = new RequestGate();
  logRequests(server);
  // which process answered: WEB_CONCURRENCY runs several on one port
  const pid = String(process.pid);
  server.pre((_req: Request, res: Response, next) => {
    res.setHeader('x-bot-pid', pid);
    next();
  });
  gate.register(server);
  server.use(bodyParsers());
  server.use(keepRequestId);
  const turns = loggedTurns(bot);

  server.post('/api/messages', async (req: Request, res: Response) => {
    const refused = appId ? precheckBearerToken(req.headers.authorization, appId) : undefined;
    if (refused) {
      res.send(401, { error: `Unauthorized: ${refused}.` });
      return;
    }
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    const answer = await adapter.answer(req.body as Activity, req.headers.authorization ?? '', (context) => turns.run(context));
    if (answer.body) res.send(answer.status, answer.body);
    else {
      res.status(answer.status);
      res.end();
    }
  });
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  registerWebChatPage(server);
  if (listExport) registerListExport(server, listExport);
  registerIngest(server, ingest);
  // with WEB_CONCURRENCY, the Direct Line conversations are shared with the other workers
  const directLine = registerDirectLine(server, turns, { log: conversations ?? clusterConversationLog() });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  listExport?.links.setBaseUrl(publicUrl ?? `http://${shownHost}:${address.port}`);
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    drain: (timeoutMs) => {
      directLine.stopAccepting();
      return gate.drain(timeoutMs, () => directLine.adapter.busyConversations);
    },
    directLineIdle: () => directLine.adapter.idle(),
    conversations: directLine.log,
    close: async ({ force = false } = {}) => {
      await directLine.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeIdleConnections();
        if (force) server.server.closeAllConnections();
      });
    },
  };
}
