import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import { registerDirectLine, type TurnHandler } from './channels/directLine/routes';
import { registerWebChatPage } from './channels/webChatPage';
import { precheckBearerToken } from './channels/tokenPrecheck';
import { MAX_BODY_BYTES } from './config';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export interface ServerParts {
  adapter: CloudAdapter;
  bot: TurnHandler;
  port: number;
  host: string;
  /** Set when authentication is on: the bot's MicrosoftAppId, which every token must be for. */
  appId?: string;
}

/** CloudAdapter answers 500 to some malformed activities; those are the client's mistake, so they get a 400 here first. */
function looksLikeActivity(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { type, from, conversation } = body as { type?: unknown; from?: { id?: unknown }; conversation?: { id?: unknown } };
  return typeof type === 'string' && typeof from?.id === 'string' && typeof conversation?.id === 'string';
}

/** The one HTTP server: the Bot Framework endpoint, the health check, and the web chat page with its Direct Line. */
export async function startServer({ adapter, bot, port, host, appId }: ServerParts): Promise<RunningServer> {
  const server = restify.createServer({ name: 'campaign-status-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    const refused = appId ? precheckBearerToken(req.headers.authorization, appId) : undefined;
    if (refused) {
      res.send(401, { error: `Unauthorized: ${refused}.` });
      return;
    }
    if (!looksLikeActivity(req.body)) {
      res.send(400, { error: 'The body must be a Bot Framework activity: a JSON object with type, from.id and conversation.id.' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  registerWebChatPage(server);
  const directLine = registerDirectLine(server, bot);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () => {
      directLine.close();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
