/**
 * The bot process with DATABASE_URL, on the run's throwaway PostgreSQL cluster: campaign data imported by
 * `npm run import`, answered over HTTP; a PostgreSQL restart under the running bot (polite apologies meanwhile, answers
 * again afterwards, no restart of the bot); an empty database given the schema and the demo data; a server that is not
 * there refused at start with a message that keeps the password out.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';
import { spawnBot, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { messageActivity, postActivity, readableText } from '../helpers/httpServer';
import { freshDatabase, type PgCluster } from '../helpers/postgres';
import { projectPath } from '../../src/platform/paths';

const APOLOGY = 'Sorry, something went wrong on my side. Please try again in a moment.';

/** `npm run import -- <folder>` with the given environment. */
function runImport(folder: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [projectPath('node_modules', 'tsx', 'dist', 'cli.mjs'), projectPath('scripts', 'import.ts'), folder], {
    cwd: projectPath(),
    env: { ...process.env, ...env, DEBUG: '' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bot process on PostgreSQL (DATABASE_URL)', function () {
  this.timeout(90_000);
  let temp: ReturnType<typeof tempDir>;
  let cluster: PgCluster;
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;

  before(async function () {
    const database = await freshDatabase(this);
    ({ cluster, drop } = database);
    temp = tempDir('pg-bot-');
    env = {
      DATABASE_URL: database.url,
      // must stay untouched: the campaign data is in PostgreSQL
      CAMPAIGN_DB: path.join(temp.dir, 'campaigns.sqlite'),
      STATE_DB: path.join(temp.dir, 'state.sqlite'),
      AUDIT_LOG: path.join(temp.dir, 'audit.log'),
    };
  });
  after(async () => {
    await drop?.();
    temp?.cleanup();
  });

  const ask = async (bot: { url: string }, text: string): Promise<{ status: number; text: string }> => {
    const { status, activities } = await postActivity(bot.url, messageActivity(text, { channelId: 'webchat' }));
    return { status, text: readableText(activities.find((a) => a.type === 'message') ?? {}) };
  };

  it('imports with npm run import, answers over HTTP, apologises while PostgreSQL restarts and answers again after it', async () => {
    const imported = runImport(writeDataSet(path.join(temp.dir, 'csv'), smallDataSet()), env);
    expect(imported.status, imported.stderr).to.equal(0);
    expect(imported.stdout).to.match(/into postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+/);
    expect(imported.stdout).to.match(/Imported 3 campaigns, 8 contacts, 13 attempts/);

    const bot = await startBot(env);
    let code: number | string | undefined;
    try {
      expect((await ask(bot, 'why is contact C-1 flagged bad?')).text).to.contain('**Yes: C-1**');
      expect((await ask(bot, 'how is Cobranza Beta doing?')).text).to.contain('**Cobranza Beta** is **In progress**');

      await cluster.stop('fast');
      try {
        const during = await ask(bot, 'how many attempts remain for C-2?');
        expect(during).to.deep.equal({ status: 200, text: APOLOGY });
        expect(bot.child.exitCode, 'the bot is still running').to.equal(null);
      } finally {
        await cluster.start();
      }
      // the pool opens new connections by itself: the very next question is answered
      expect((await ask(bot, 'how many attempts remain for C-2?')).text).to.contain('**C-2**');
      expect((await ask(bot, 'how is Alpha Renewals doing?')).text).to.contain('**Alpha Renewals** is **Paused**');
    } finally {
      code = await stopBot(bot);
    }
    expect(code, bot.output()).to.equal(0);
    expect(fs.existsSync(env.CAMPAIGN_DB as string)).to.equal(false);
    expect(bot.output()).to.not.contain('password');
  });

  it('gives an empty database the schema and the demo data on first start', async function () {
    const empty = await freshDatabase(this);
    const bot = await startBot({ ...env, DATABASE_URL: empty.url });
    try {
      expect(bot.stdout()).to.contain('"event":"import.created"');
      expect((await ask(bot, 'how is Spring Renewals doing?')).text).to.contain('**Spring Renewals** is **Paused**');
    } finally {
      expect(await stopBot(bot)).to.equal(0);
      await empty.drop();
    }
  });

  it('refuses to start when the server is not there, naming DATABASE_URL without its password', async () => {
    const bot: SpawnedBot = spawnBot({ ...env, DATABASE_URL: `postgres://someone:s3cret-pw@127.0.0.1:1/nowhere`, PG_CONNECT_TIMEOUT_MS: '2000' });
    expect(await bot.exited).to.equal(1);
    expect(bot.stderr()).to.match(/DATABASE_URL postgres:\/\/someone@127\.0\.0\.1:\d+\/nowhere cannot be used: .*ECONNREFUSED/);
    expect(bot.output()).to.not.contain('s3cret-pw');
  });
});
