import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { spawnBot, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { messageActivity, postActivity } from '../helpers/httpServer';

/** GET /healthz on a fresh connection (the primary hands each new connection to the next worker): the pid that answered. */
function healthPid(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/healthz`, { agent: false }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve(Number(res.headers['x-bot-pid'])) : reject(new Error(`healthz answered ${res.statusCode}`))));
      })
      .once('error', reject);
  });
}

/** Asks until `count` distinct processes have answered (no timing: a bounded number of tries). */
async function answeringPids(url: string, count: number, tries = 200): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries && pids.size < count; i++) pids.add(await healthPid(url));
  return pids;
}

describe('WEB_CONCURRENCY: a cluster of bot processes (npm start)', () => {
  let temp: string;
  let bot: (SpawnedBot & { url: string }) | undefined;
  const env = (): NodeJS.ProcessEnv => ({ WEB_CONCURRENCY: '2', CAMPAIGN_DB: join(temp, 'campaigns.sqlite'), STATE_DB: join(temp, 'state.sqlite'), AUDIT_LOG: join(temp, 'audit.log') });

  beforeEach(async () => {
    temp = mkdtempSync(join(tmpdir(), 'bot-cluster-'));
    bot = await startBot(env(), 'start');
    await bot.waitForCount('"event":"cluster.workerListening"', 2);
  });
  afterEach(async () => {
    if (bot) await stopBot(bot);
    bot = undefined;
    rmSync(temp, { recursive: true, force: true });
  });

  it('starts two workers on one port and answers on both', async () => {
    const pids = await answeringPids(bot!.url, 2);
    expect(pids.size, bot!.output()).to.equal(2);
    expect([...pids]).not.to.include(bot!.child.pid);
    for (let i = 0; i < 4; i++) {
      const { status, activities } = await postActivity(bot!.url, messageActivity('what does busy mean?', { channelId: 'webchat' }));
      expect(status).to.equal(200);
      expect(activities[0]?.text).to.contain('Busy');
    }
  });

  it('replaces a worker that dies', async () => {
    const before = await answeringPids(bot!.url, 2);
    const [victim] = [...before];
    process.kill(victim!, 'SIGKILL');
    await bot!.waitForOutput(/"event":"cluster\.workerExited"[^\n]*"signal":"SIGKILL"/);
    await bot!.waitForCount('"event":"cluster.workerListening"', 3);
    const after = await answeringPids(bot!.url, 2);
    expect(after.size).to.equal(2);
    expect([...after]).not.to.include(victim);
  });

  it('drains every worker on SIGTERM: the requests in flight are answered, and it exits 0', async () => {
    const inFlight = Array.from({ length: 12 }, (_, i) => postActivity(bot!.url, messageActivity(`what does busy mean? ${i}`, { channelId: 'webchat' })));
    await bot!.waitForOutput(/"event":"turn"/);
    const code = await stopBot(bot!);
    const current = bot!;
    bot = undefined;
    const answers = await Promise.all(inFlight);
    for (const answer of answers) expect([200, 503]).to.include(answer.status);
    expect(answers.some((a) => a.status === 200)).to.equal(true);
    expect(code, current.output()).to.equal(0);
    expect(current.stdout().split('"event":"shutdown.complete"').length - 1).to.equal(2);
    expect(current.stdout()).to.contain('"event":"cluster.stopped"');
  });
});

describe('WEB_CONCURRENCY settings', () => {
  it('refuses a WEB_CONCURRENCY that is no number of processes', async () => {
    const bot = spawnBot({ WEB_CONCURRENCY: 'lots' }, 'start');
    expect(await bot.exited).to.equal(1);
    expect(bot.stderr()).to.contain('WEB_CONCURRENCY must be a whole number');
  });

  it('stops with exit 1 when no worker can start (the same failure would repeat)', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'bot-cluster-bad-'));
    try {
      const bot = spawnBot({ WEB_CONCURRENCY: '2', CAMPAIGN_DB: temp, STATE_DB: join(temp, 'state.sqlite'), AUDIT_LOG: join(temp, 'audit.log') }, 'start');
      expect(await bot.exited, bot.output()).to.equal(1);
      expect(bot.stdout()).to.contain('"event":"cluster.workerExited"');
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
