import type { AddressInfo } from 'node:net';
import type { CloudAdapter } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import type { StatusBot } from './bot';
import { MAX_BODY_BYTES } from './config';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export interface ServerParts {
  adapter: CloudAdapter;
  bot: StatusBot;
  port: number;
  host: string;
}

/** The one HTTP server: the Bot Framework endpoint and the health check. */
export async function startServer({ adapter, bot, port, host }: ServerParts): Promise<RunningServer> {
  const server = restify.createServer({ name: 'campaign-status-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', (_req: Request, res: Response, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
