import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Db } from '../../src/data/db';
import { projectPath } from '../../src/platform/paths';
import { tempDir } from '../data/helpers';
import { startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { startConnectorStandIn, type ConnectorCall, type ConnectorStandIn } from '../helpers/connectorStandIn';

/** `npm run import -- <folder>` into the bot's database, in a process of its own. */
function runImport(folder: string, dbPath: string): void {
  const tsx = projectPath('node_modules', 'tsx', 'dist', 'cli.mjs');
  const run = spawnSync(process.execPath, [tsx, projectPath('scripts', 'import.ts'), folder], { cwd: projectPath(), env: { ...process.env, CAMPAIGN_DB: dbPath }, encoding: 'utf8' });
  expect(run.status, run.stderr).to.equal(0);
}

/**
 * The whole way of an alert, with every part real: a Teams user subscribes in chat (the bot answers through the Bot
 * Connector stand-in at the conversation's serviceUrl), `npm run import` in another process pauses the campaign, and the
 * bot's watcher and deliverer send the alert, in the subscriber's language, to the conversation it was asked in.
 */
describe('alerts end to end: subscribe in chat, import in another process, the alert at the Bot Connector', function () {
  this.timeout(90_000);
  let temp: ReturnType<typeof tempDir>;
  let standIn: ConnectorStandIn;
  let bot: (SpawnedBot & { url: string }) | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    temp = tempDir('alerts-e2e-');
    mkdirSync(join(temp.dir, 'state'));
    env = { STATE_DB: join(temp.dir, 'state', 'state.sqlite'), CAMPAIGN_DB: join(temp.dir, 'campaigns.sqlite'), AUDIT_LOG: join(temp.dir, 'audit.log') };
    standIn = await startConnectorStandIn();
    bot = await startBot(env);
  });
  after(async () => {
    if (bot) await stopBot(bot);
    await standIn?.close();
    temp?.cleanup();
  });

  /** A Teams personal-chat message to the bot, answered (normal delivery) through the stand-in. */
  async function say(conversationId: string, text: string, locale: string): Promise<ConnectorCall> {
    const before = standIn.calls.length;
    const response = await fetch(`${bot!.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m-${Date.now()}`,
        text,
        locale,
        channelId: 'msteams',
        serviceUrl: standIn.serviceUrl,
        from: { id: `user-${conversationId}`, name: 'Supervisor', aadObjectId: `aad-${conversationId}` },
        recipient: { id: 'bot', name: 'Bot' },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant' },
        channelData: { tenant: { id: 'tenant' } },
      }),
    });
    expect(response.status).to.be.within(200, 299);
    const calls = await standIn.waitForCalls(before + 1);
    return calls[before]!;
  }

  async function latestBatch(): Promise<number> {
    const db = await Db.open(env.CAMPAIGN_DB!, { readonly: true });
    try {
      return (await db.get<{ seq: number }>('SELECT max(id) AS seq FROM imports'))!.seq;
    } finally {
      await db.close();
    }
  }

  /** Waits until the bot's alert watcher has checked the batches up to `seq` (its cursor in the state file). */
  async function checkedUpTo(seq: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const db = await Db.open(env.STATE_DB!, { readonly: true });
      const checked = await db.get<{ seq: number }>('SELECT seq FROM alert_cursor').finally(() => db.close());
      if ((checked?.seq ?? 0) >= seq) return;
      if (Date.now() > deadline) throw new Error(`the alert watcher did not check batch ${seq} in 30 s (at ${checked?.seq})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('confirms the subscription in each language, then alerts each conversation once when the import pauses the campaign', async () => {
    const en = await say('a:en-supervisor', 'notify me when Summer Upsell pauses', 'en-US');
    expect(String(en.activity.text)).to.contain('Summer Upsell');
    const es = await say('a:es-supervisor', 'avísame cuando se pause Summer Upsell', 'es-MX');
    expect(String(es.activity.text)).to.contain('Summer Upsell');
    const confirmations = standIn.calls.length;

    // the dialer's export of the same data, with Summer Upsell now paused for lack of minutes
    const folder = join(temp.dir, 'export');
    mkdirSync(folder);
    for (const file of ['contacts.csv', 'attempts.csv']) copyFileSync(projectPath('data', 'demo', file), join(folder, file));
    const campaigns = readFileSync(projectPath('data', 'demo', 'campaigns.csv'), 'utf8').replace(/^CMP-SUMMER,Summer Upsell,in_progress,(\d+),(\d+),,/m, 'CMP-SUMMER,Summer Upsell,paused,$1,$2,out_of_minutes,');
    expect(campaigns).to.contain('CMP-SUMMER,Summer Upsell,paused');
    writeFileSync(join(folder, 'campaigns.csv'), campaigns);
    runImport(folder, env.CAMPAIGN_DB!);

    const alerts = (await standIn.waitForCalls(confirmations + 2, 30_000)).slice(confirmations);
    const byConversation = new Map(alerts.map((call) => [call.conversationId, call]));
    const words = (call: ConnectorCall | undefined): string => JSON.stringify(call?.activity ?? {});
    expect(words(byConversation.get('a:en-supervisor'))).to.contain('Summer Upsell').and.to.contain('has been paused');
    expect(words(byConversation.get('a:es-supervisor'))).to.contain('Summer Upsell').and.to.contain('se ha pausado');

    // the same file again: once the watcher has checked that batch too, no second alert went out
    runImport(folder, env.CAMPAIGN_DB!);
    await checkedUpTo(await latestBatch());
    const listed = await say('a:en-supervisor', 'what alerts do I have?', 'en-US');
    expect(JSON.stringify(listed.activity)).to.contain('Summer Upsell');
    expect(standIn.calls.length).to.equal(confirmations + 3);
  });
});
