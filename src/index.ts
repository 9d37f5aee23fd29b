import { accessPolicyFor, describeAccess } from './access/accessSettings';
import { FileAuditLog } from './access/auditLog';
import { createAdapter } from './adapter';
import { createBot } from './app';
import { ExportLinks } from './access/exportLinks';
import { directLineSecret } from './channels/directLine/tokens';
import { startAlertDelivery } from './channels/proactive/alertDelivery';
import { campaignRefs, learnCampaignNamesOnCommit } from './campaignData';
import { DataEvents, observedWrites } from './data/dataEvents';
import { readConfig } from './config';
import { startAlerts } from './lifecycle/alertWatcher';
import { DRAIN_TIMEOUT_MS, shutdown } from './lifecycle/shutdown';
import { logger } from './logging/logger';
import { startServer } from './server';
import { StateLearnerDirectory } from './state/learnerDirectory';
import { openStores } from './stores';
import { Recognizer } from './nlu/recognizer';
import { trainedOnFirstUse } from './trainedOnFirstUse';

/** How long after listening the recognizer is trained when no message has asked for it yet. */
const RECOGNIZER_WARM_UP_MS = 300;

async function main(): Promise<void> {
  const started = Date.now();
  const config = readConfig();
  const access = accessPolicyFor(config);
  const audit = await FileAuditLog.open(config.auditLog);
  // the SQLite files, or with DATABASE_URL PostgreSQL for every store (stores.ts chooses)
  const stores = await openStores(config);
  const { state, conversations } = stores;
  const { store, campaigns } = stores.campaigns;
  // alert subscriptions in the stores' alert store (the state file, or PostgreSQL), checked after every batch committed
  // to the campaign data; what fires is sent by the deliverer (started once the server listens), told at once
  let alerts: ReturnType<typeof startAlertDelivery> | undefined;
  // Every batch committed in this process (the ingest's) is announced here: what must follow new data subscribes.
  const dataEvents = new DataEvents();
  const alerting = startAlerts({ alerts: stores.alerts, campaigns: store, policy: access, committed: dataEvents, onOutbox: () => alerts?.nudge() });
  // download links are signed with DIRECTLINE_SECRET when set (they then survive a restart), else a key per process
  const links = new ExportLinks(directLineSecret().secret);
  const lists = store.listQueries();
  // trained once the server listens (below) or on the first message, whichever comes first
  const recognizer = trainedOnFirstUse(() => new Recognizer({ campaigns }));
  const { bot, conversationState } = createBot({ storage: state.storage, learners: new StateLearnerDirectory(state.store), store, campaigns, access, audit, lists, links, recognizer, alerts: alerting.alerts });
  learnCampaignNamesOnCommit(dataEvents, store, recognizer);
  // An import from another process adds campaigns; the recognizer learns their names within a minute.
  const refresh = setInterval(() => {
    campaignRefs(store).then((refs) => recognizer.setCampaigns(refs), (err: unknown) => logger.error({ event: 'campaigns.refreshFailed', err }, 'Could not refresh campaign names.'));
  }, 60_000);
  refresh.unref();
  const adapter = createAdapter(config, conversationState);
  const running = await startServer({
    adapter,
    bot,
    port: config.port,
    host: config.host,
    appId: config.authEnabled ? config.auth.MicrosoftAppId : undefined,
    listExport: { links, lists, store, policy: access, audit },
    publicUrl: config.publicUrl,
    conversations,
    ingest: config.ingestTokens && { tokens: config.ingestTokens, writes: observedWrites(store, dataEvents), audit },
  });
  // alerts waiting in the outbox (from before a restart, or written by another process) go out from now on
  alerts = startAlertDelivery({ store: alerting.alerts, adapter, appId: config.authEnabled ? config.auth.MicrosoftAppId : undefined, conversations: running.conversations });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(refresh);
    // the drain waits 10 s at most; this is for a close that hangs
    setTimeout(() => process.exit(1), 20_000).unref();
    // the watcher first: it checks with the alert store and the campaign store, which the stores' closables close
    const resources = [{ name: 'alert watcher', close: () => alerting.close() }, ...stores.closables, { name: 'audit log', close: () => audit.close() }];
    shutdown(signal, running, resources, DRAIN_TIMEOUT_MS, [{ name: 'alert delivery', close: () => alerts?.close() ?? Promise.resolve() }]).then(
      (code) => process.exit(code),
      (err: unknown) => {
        logger.error({ event: 'shutdown.failed', err }, 'The stop failed.');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  setTimeout(() => {
    try {
      recognizer.warmUp();
    } catch (err) {
      logger.fatal({ event: 'startup.failed', err }, 'The recognizer could not be trained.');
      process.exit(1);
    }
  }, RECOGNIZER_WARM_UP_MS).unref();

  const { url } = running;
  logger.info({ event: 'server.listening', url, readyMs: Date.now() - started }, `Campaign status bot listening on ${url} (ready in ${Date.now() - started} ms)`);
  if (!config.authEnabled) logger.warn({ event: 'server.noAuth' }, 'No MicrosoftAppId set: authentication is off, so the bot listens on this machine only.');
  logger.info({ event: 'server.endpoints', webChat: `${url}/`, messages: `${url}/api/messages` }, `Web chat: ${url}/ · Bot Framework endpoint: ${url}/api/messages`);
  for (const line of describeAccess(access, config, campaigns)) logger.info({ event: 'server.access' }, line.trim());
  const ingest = config.ingestTokens
    ? `on at ${url}/api/data/{campaigns,contacts,attempts} for the tokens ${config.ingestTokens.names.map((n) => `"${n}"`).join(', ')}`
    : 'off (set INGEST_TOKEN to turn it on)';
  logger.info({ event: 'server.ingest', enabled: Boolean(config.ingestTokens) }, `Live data ingest: ${ingest}`);
}

main().catch((err: unknown) => {
  const line = `The bot could not start: ${err instanceof Error ? err.message : String(err)}`;
  logger.fatal({ event: 'startup.failed', err }, line);
  // and as plain text for whoever started it by hand: stdout holds JSON only
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
