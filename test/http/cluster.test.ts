import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { answeringPids, spawnBot, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { newConversation, StreamClient, userMessage } from '../helpers/directLineClient';
import { messageActivity, postActivity } from '../helpers/httpServer';

/** POSTs JSON on a connection of its own (so that the primary hands it to the next worker): status, body, and who answered. */
function postOnNewConnection(url: string, path: string, token: string, body: unknown): Promise<{ status: number; body: { id?: string }; pid: number }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${path}`,
      { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as { id?: string }) : {}, pid: Number(res.headers['x-bot-pid']) }));
      },
    );
    req.once('error', reject);
    req.end(data);
  });
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

  it('web chat: a message posted to one worker is answered on the stream another worker holds', async () => {
    const conversation = await newConversation(bot!.url);
    const stream = await StreamClient.open(conversation.streamUrl);
    try {
      expect(stream.heldBy).to.be.a('number');
      // the welcome, whichever worker started the conversation
      await stream.waitFor((a) => a.type === 'message' && a.from?.role === 'bot');
      let posted: Awaited<ReturnType<typeof postOnNewConnection>> | undefined;
      for (let i = 0; i < 10 && (!posted || posted.pid === stream.heldBy); i++) {
        posted = await postOnNewConnection(bot!.url, `/v3/directline/conversations/${conversation.conversationId}/activities`, conversation.token, userMessage(`what does busy mean? (${i})`));
        expect(posted.status).to.equal(200);
      }
      expect(posted!.pid, 'no post reached another worker than the stream').not.to.equal(stream.heldBy);
      const echo = await stream.waitFor((a) => a.id === posted!.body.id);
      expect(echo.from?.role).to.equal('user');
      const reply = await stream.waitFor((a) => a.replyToId === posted!.body.id && a.type === 'message');
      expect(reply.text).to.contain('Busy');
      const ids = stream.activities.map((a) => a.id);
      expect(new Set(ids).size, 'no activity twice').to.equal(ids.length);
    } finally {
      await stream.close();
    }
  });

  it('replaces a worker that dies, and the replacement knows the web chat conversations started before it', async () => {
    const conversation = await newConversation(bot!.url);
    const before = await answeringPids(bot!.url, 2);
    const [victim] = [...before];
    process.kill(victim!, 'SIGKILL');
    await bot!.waitForOutput(/"event":"cluster\.workerExited"[^\n]*"signal":"SIGKILL"/);
    await bot!.waitForCount('"event":"cluster.workerListening"', 3);
    const after = await answeringPids(bot!.url, 2);
    expect(after.size).to.equal(2);
    expect([...after]).not.to.include(victim);
    const replacement = [...after].find((pid) => !before.has(pid));
    let posted: Awaited<ReturnType<typeof postOnNewConnection>> | undefined;
    for (let i = 0; i < 10 && posted?.pid !== replacement; i++) {
      posted = await postOnNewConnection(bot!.url, `/v3/directline/conversations/${conversation.conversationId}/activities`, conversation.token, userMessage(`hello (${i})`));
      expect(posted.status, `worker ${posted.pid}`).to.equal(200);
    }
    expect(posted!.pid).to.equal(replacement);
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
