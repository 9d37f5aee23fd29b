import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { tempDir } from '../data/helpers';
import { startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { startConnectorStandIn, type ConnectorStandIn } from '../helpers/connectorStandIn';
import { parseLogLines } from '../helpers/logCapture';
import { alertFor, outboxEmptied, outboxRows, recordAlerts, subscription, teamsReference, type NewMessage } from './helpers';

/** The real entry point delivers the outbox: it resumes after a restart, stops cleanly, and shares it between workers. */
describe('alert delivery in the bot process (src/index.ts, a local Bot Connector stand-in)', function () {
  this.timeout(90_000);
  let temp: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  let standIn: ConnectorStandIn;
  let bot: (SpawnedBot & { url: string }) | undefined;

  beforeEach(async () => {
    temp = tempDir('alerts-process-');
    mkdirSync(join(temp.dir, 'state'));
    env = { STATE_DB: join(temp.dir, 'state', 'state.sqlite'), CAMPAIGN_DB: join(temp.dir, 'campaigns.sqlite'), AUDIT_LOG: join(temp.dir, 'audit.log') };
    standIn = await startConnectorStandIn();
  });
  afterEach(async () => {
    if (bot) await stopBot(bot);
    bot = undefined;
    await standIn.close();
    temp.cleanup();
  });

  /** Subscriptions and their alerts, written to the state file as the watcher would, before the bot starts. */
  async function queue(conversations: number): Promise<NewMessage[]> {
    const store = await SqliteAlertStore.open(env.STATE_DB!);
    try {
      const messages: NewMessage[] = [];
      for (let i = 0; i < conversations; i++) {
        const sub = subscription(teamsReference(standIn.serviceUrl, `a:conversation-${i}`));
        await store.addSubscription(sub);
        messages.push(alertFor(sub, `alert ${i}`));
      }
      await recordAlerts(store, messages);
      return messages;
    } finally {
      await store.close();
    }
  }

  it('the connector answers 500 until a restart: the alert waits in the outbox and goes out once after it', async () => {
    await queue(1);
    standIn.respond(() => ({ status: 500 }));
    bot = await startBot(env);
    await bot.waitForOutput(/"event":"alerts\.retrying"/);
    const stopped = bot;
    bot = undefined;
    expect(await stopBot(stopped), stopped.output()).to.equal(0);
    const stopLog = parseLogLines(stopped.stdout());
    expect(stopLog.filter((r) => r.event === 'shutdown.closed').map((r) => r.resource)).to.include.members(['alert delivery', 'alert watcher']);
    const [waiting] = await outboxRows(env.STATE_DB!);
    expect(waiting?.attempts).to.be.at.least(1);
    expect(waiting?.last_error).to.contain('500');
    const failed = standIn.calls.length;

    standIn.respond(() => ({ status: 200 }));
    bot = await startBot(env);
    await bot.waitForOutput(/"event":"alerts\.delivered"/);
    expect(await outboxRows(env.STATE_DB!)).to.deep.equal([]);
    expect(standIn.calls.map((call) => call.status)).to.deep.equal([...Array.from({ length: failed }, () => 500), 200]);
    expect(standIn.calls.every((call) => call.activity.text === 'alert 0')).to.equal(true);
  });

  it('with WEB_CONCURRENCY=2, the workers share the outbox and send every alert exactly once', async () => {
    const messages = await queue(12);
    bot = await startBot({ ...env, WEB_CONCURRENCY: '2' }, 'start');
    await bot.waitForCount('"event":"cluster.workerListening"', 2);
    await outboxEmptied(env.STATE_DB!, 30_000);
    expect(standIn.calls.map((call) => call.activity.text).sort()).to.deep.equal(messages.map((m) => m.activity.text).sort());
    expect(standIn.calls.every((call) => call.status === 200)).to.equal(true);
  });
});
