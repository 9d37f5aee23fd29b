/**
 * The floor of the stack for the HTTP benchmark: the same restify server, body parser settings and botbuilder
 * CloudAdapter as the bot (no authentication, as the bot runs without a MicrosoftAppId), with an ActivityHandler that
 * echoes the text back. No state, no recognition, no logging. Compiled by `npm run build` with everything else and
 * run as `node dist/scripts/bench/echoBot.js` with PORT (and HOST) set, exactly as the bot is run.
 */
import type { AddressInfo } from 'node:net';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Request, type Response } from 'restify';
import { MAX_BODY_BYTES } from '../../src/config';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3979);
  const host = process.env.HOST || '127.0.0.1';
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
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
  const { address, port: bound } = server.address() as AddressInfo;
  process.stdout.write(`echo bot listening on http://${address}:${bound}\n`);
  // exit through process.exit, so that a --cpu-prof profile is written
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`The echo bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
