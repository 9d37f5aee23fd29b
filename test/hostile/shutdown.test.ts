import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import { expect } from 'chai';
import { createAdapter } from '../../src/adapter';
import { readConfig } from '../../src/config';
import { projectPath } from '../../src/platform/paths';
import { importFolder } from '../../src/data/importer';
import { startServer, type RunningServer } from '../../src/server';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { tempDir } from '../data/helpers';
import { spawnBot, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { call, newConversation, postActivity as postToDirectLine, StreamClient, upgradeStatus, userMessage } from '../helpers/directLineClient';
import { messageActivity, postActivity } from '../helpers/httpServer';
import { parseLogLines } from '../helpers/logCapture';
import '../helpers/quietLogs';

/** A turn that waits until the test lets it go: a request in flight for as long as the test needs. */
function slowBot(): { bot: { run(context: TurnContext): Promise<void> }; started(): number; whenStarted(count: number): Promise<void>; release(): void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  return {
    bot: {
      run: async (context) => {
        if (context.activity.type !== 'message') return;
        started++;
        for (const waiter of waiting.filter((w) => w.count <= started)) waiter.resolve();
        await released;
        await context.sendActivity(`done: ${context.activity.text}`);
      },
    },
    started: () => started,
    /** Resolves once `count` turns have started. */
    whenStarted: (count) => (started >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }))),
    release,
  };
}

describe('stopping and starting', () => {
  describe('draining (in-process)', () => {
    let running: RunningServer;
    let slow: ReturnType<typeof slowBot>;
    beforeEach(async () => {
      slow = slowBot();
      const config = readConfig({ PORT: '0' });
      running = await startServer({ adapter: createAdapter(config, new ConversationState(new MemoryStorage())), bot: slow.bot, port: 0, host: '127.0.0.1' });
    });
    afterEach(async () => {
      slow.release();
      await running.close({ force: true });
    });

    it('refuses new requests with 503 while the ones in flight (HTTP and Direct Line turns) finish', async () => {
      const conversation = await newConversation(running.url);
      const stream = await StreamClient.open(conversation.streamUrl);
      const inFlight = postActivity(running.url, messageActivity('slow http'));
      const posted = await postToDirectLine(running.url, conversation, userMessage('slow web chat'));
      expect(posted.status).to.equal(200);
      await slow.whenStarted(2);

      let drained = false;
      const draining = running.drain(5000).then((result) => {
        drained = true;
        return result;
      });
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).to.equal(503);
      expect(health.headers.get('retry-after')).to.equal('5');
      expect((await postActivity(running.url, messageActivity('too late'))).status).to.equal(503);
      expect((await call(running.url, 'POST', '/api/webchat/token', { body: {} })).status).to.equal(503);
      expect(await upgradeStatus(conversation.streamUrl)).to.equal(503);
      expect(drained).to.equal(false);

      slow.release();
      const answered = await inFlight;
      expect(answered.status).to.equal(200);
      expect(answered.activities.map((a) => a.text)).to.deep.equal(['done: slow http']);
      const result = await draining;
      expect(result).to.include({ complete: true, pending: 0 });
      // the web chat turn finished too, and its reply reached the stream opened before the stop
      expect((await stream.waitFor((a) => a.text === 'done: slow web chat')).text).to.equal('done: slow web chat');
      await stream.close();
    });

    it('gives up after the drain timeout and says how much was still in flight', async () => {
      const inFlight = postActivity(running.url, messageActivity('slow http')).catch((error: unknown) => error);
      await slow.whenStarted(1);
      const result = await running.drain(200);
      expect(result.complete).to.equal(false);
      expect(result.pending).to.be.at.least(1);
      await running.close({ force: true });
      expect(await inFlight).to.be.instanceOf(Error); // the connection was cut
    });
  });

  describe('the bot process', function () {
    this.timeout(120_000);
    let temp: ReturnType<typeof tempDir>;
    before(() => {
      temp = tempDir('bot-process-');
    });
    after(() => temp.cleanup());

    it('on SIGTERM answers every request in flight completely, refuses new ones, closes the databases and exits 0', async () => {
      const bot = await startBot({ CAMPAIGN_DB: join(temp.dir, 'demo.sqlite'), STATE_DB: join(temp.dir, 'state.sqlite'), LOG_LEVEL: 'debug', AUDIT_LOG: join(temp.dir, 'audit.log') });
      const count = 120;
      const questions = ['how many attempts remain for +1 (555) 010-0142?', 'why is Spring Renewals paused?', 'weekly analysis for Cobranza Marzo', '¿qué significa sin respuesta?'];
      const requests = Array.from({ length: count }, (_, i) =>
        postActivity(bot.url, messageActivity(questions[i % questions.length]!, { channelId: 'webchat', locale: i % 4 === 3 ? 'es-ES' : 'en-US' })),
      );
      // every request has reached the server, and the first ones may be answered already
      await bot.waitForCount('"event":"http.received"', count);
      bot.child.kill('SIGTERM');
      await bot.waitForOutput(/"event":"shutdown\.start"/);
      const late = await fetch(`${bot.url}/healthz`).then(
        (response) => response.status,
        () => 'refused',
      );
      const answers = await Promise.all(requests);
      const code = await stopBot(bot);

      expect(code, bot.stdout() + bot.stderr()).to.equal(0);
      for (const answer of answers) {
        expect(answer.status).to.equal(200);
        expect(answer.activities.filter((a) => a.type === 'message' && typeof a.text === 'string' && a.text.length > 20)).to.have.length.at.least(1);
      }
      expect(late).to.be.oneOf([503, 'refused']);
      const records = parseLogLines(bot.stdout());
      const events = records.map((r) => r.event);
      const stop = events.indexOf('shutdown.start');
      // some requests were still running when the signal came, and they were answered before the stop
      const answeredAfterSignal = records.slice(stop).filter((r) => r.event === 'http.request' && r.route === '/api/messages' && r.status === 200);
      expect(answeredAfterSignal.length, 'requests answered after SIGTERM').to.be.at.least(1);
      expect(events.slice(stop)).to.include.members(['shutdown.drained', 'shutdown.closed', 'shutdown.complete']);
      expect(events).to.not.include('shutdown.drainTimeout');
      expect(records.filter((r) => r.event === 'shutdown.closed').map((r) => r.resource)).to.include.members(['state storage', 'campaign store']);
      expect(records.find((r) => r.event === 'shutdown.complete')).to.include({ exitCode: 0 });
    });

    describe('refuses to start, with a clear message and a non-zero exit, when CAMPAIGN_DB is not usable', () => {
      const cases: [string, (path: string) => void, RegExp][] = [
        ['a file of random bytes', (path) => writeFileSync(path, randomBytes(64 * 1024)), /is not a SQLite database/],
        ['a directory', (path) => mkdirSync(path), /is a directory/],
        [
          'a truncated database',
          (path) => {
            const full = readFileSync(join(temp.dir, 'good.sqlite'));
            writeFileSync(path, full.subarray(0, Math.floor(full.length / 2 / 4096) * 4096));
          },
          /is damaged/,
        ],
        [
          'a database with a page of garbage in the middle (opens, lists campaigns, breaks later without the integrity check)',
          (path) => {
            const mangled = Buffer.from(readFileSync(join(temp.dir, 'good.sqlite')));
            for (let i = 10 * 4096; i < 11 * 4096; i++) mangled[i] = (i * 7) & 0xff;
            writeFileSync(path, mangled);
          },
          /is damaged/,
        ],
        [
          "another program's database (the bot's own state file)",
          (path) => copyFileSync(join(temp.dir, 'a-state.sqlite'), path),
          /is not a campaign database/,
        ],
      ];
      if (process.getuid?.() !== 0) {
        // root reads any file: this case only means something for another user
        cases.push(['a file this process may not read', (path) => {
          copyFileSync(join(temp.dir, 'good.sqlite'), path);
          chmodSync(path, 0o000);
        }, /may not read it/]);
      }

      // the processes start together (each takes a second to fail), and each case checks its own
      const runs = new Map<string, { path: string; bot: SpawnedBot; code: number | string }>();
      before(async () => {
        await importFolder(join(temp.dir, 'good.sqlite'), projectPath('data', 'demo'));
        const state = await SqliteStorage.open(join(temp.dir, 'a-state.sqlite'));
        await state.write({ 'webchat/users/u/': { profile: {} } });
        await state.close();
        const badState = join(temp.dir, 'bad-state.sqlite');
        writeFileSync(badState, randomBytes(8192));
        const started = cases.map(([name, make]) => {
          const dir = join(temp.dir, name.replace(/\W+/g, '-'));
          mkdirSync(dir);
          const path = join(dir, 'campaigns.sqlite');
          make(path);
          return { name, path, bot: spawnBot({ CAMPAIGN_DB: path, STATE_DB: join(dir, 'state.sqlite'), AUDIT_LOG: join(dir, 'audit.log') }) };
        });
        const stateDir = join(temp.dir, 'bad-state');
        mkdirSync(stateDir);
        started.push({ name: 'STATE_DB', path: badState, bot: spawnBot({ CAMPAIGN_DB: join(temp.dir, 'good.sqlite'), STATE_DB: badState, AUDIT_LOG: join(stateDir, 'audit.log') }) });
        for (const { name, path, bot } of started) runs.set(name, { path, bot, code: await bot.exited });
      });

      for (const [name, , reason] of cases) {
        it(name, () => {
          const { path, bot, code } = runs.get(name)!;
          expect(code, bot.stdout() + bot.stderr()).to.equal(1);
          expect(bot.stderr()).to.contain(`The bot could not start: CAMPAIGN_DB ${path} cannot be used:`).and.to.match(reason);
          const records = parseLogLines(bot.stdout());
          expect(records.find((r) => r.event === 'startup.failed')?.msg).to.match(reason);
          expect(bot.stdout()).to.not.contain('listening on');
        });
      }

      it('and the same for a STATE_DB of random bytes', () => {
        const { path, bot, code } = runs.get('STATE_DB')!;
        expect(code, bot.stderr()).to.equal(1);
        expect(bot.stderr()).to.contain(`STATE_DB ${path} cannot be used: it is not a SQLite database`);
      });
    });
  });
});
