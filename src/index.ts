import { createAdapter } from './adapter';
import { createBot } from './app';
import { campaignRefs, openCampaignData } from './campaignData';
import { readConfig } from './config';
import { startServer } from './server';
import { openStateStorage } from './state/openStateStorage';

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const { store, campaigns } = await openCampaignData(config.campaignDb);
  const state = await openStateStorage(config.stateDb, { conversationTtlDays: config.stateTtlDays });
  const { bot, conversationState, recognizer } = createBot({ storage: state.storage, store, campaigns });
  // An import from another process adds campaigns; the recognizer learns their names within a minute.
  const refresh = setInterval(() => {
    campaignRefs(store).then((refs) => recognizer.setCampaigns(refs), (error: unknown) => console.error(`Could not refresh campaign names: ${String(error)}`));
  }, 60_000);
  refresh.unref();
  const adapter = createAdapter(config, conversationState);
  const running = await startServer({ adapter, bot, port: config.port, host: config.host, appId: config.authEnabled ? config.auth.MicrosoftAppId : undefined });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in flight and stopping.`);
    clearInterval(refresh);
    running
      .close()
      .then(() => state.close())
      .then(() => store.close())
      .then(() => process.exit(0), () => process.exit(1));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const lines = [
    `Campaign status bot listening on ${running.url} (ready in ${Date.now() - started} ms)`,
    `  Web chat: ${running.url}/`,
    `  Bot Framework endpoint: ${running.url}/api/messages`,
  ];
  if (!config.authEnabled) lines.push('  No MicrosoftAppId set: authentication is off, so the bot listens on this machine only.');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`The bot could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
