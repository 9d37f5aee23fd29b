/**
 * Two bot processes on one PostgreSQL database (DATABASE_URL, one DIRECTLINE_SECRET), as two instances behind a load
 * balancer: the turns of one conversation alternate between them (a clarification asked on one is answered on the
 * other); a web chat stream held by one gets the reply to a message posted through the other; PostgreSQL restarts
 * under load (polite failures, then both answer again without a restart, and the stream hears the other instance
 * again); one instance is killed with -9 under load (the other keeps answering, and what the dead one committed is
 * there).
 */
import * as path from 'node:path';
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { translator } from '../../src/content/i18n';
import { startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { newConversation, poll, postActivity as postToConversation, StreamClient, userMessage } from '../helpers/directLineClient';
import { messageActivity, postActivity } from '../helpers/httpServer';
import { freshDatabase, type PgCluster } from '../helpers/postgres';
import { tempDir } from '../data/helpers';
import { loadLoop, type Turn } from './instanceLoad';

type Bot = SpawnedBot & { url: string };

const APOLOGY = translator('en')('error.apology');

/** One turn over HTTP (expectReplies): the status and the first message's text; status 0 when the request failed. */
async function ask(bot: { url: string }, text: string, conversation: string, user = `${conversation}-user`): Promise<Turn> {
  const activity = messageActivity(text, { channelId: 'webchat', conversation: { id: conversation } as Activity['conversation'], from: { id: user, name: 'User' } });
  try {
    const { status, activities } = await postActivity(bot.url, activity);
    return { status, text: activities.find((a) => a.type === 'message')?.text ?? '' };
  } catch (error) {
    return { status: 0, text: String(error) };
  }
}

describe('two bot instances on one PostgreSQL database', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempDir>;
  let cluster: PgCluster;
  let drop: () => Promise<void>;
  let a: Bot;
  let b: Bot;

  before(async function () {
    const database = await freshDatabase(this);
    ({ cluster, drop } = database);
    temp = tempDir('pg-instances-');
    const env = (name: string): NodeJS.ProcessEnv => ({
      DATABASE_URL: database.url,
      DIRECTLINE_SECRET: 'one-secret-for-every-instance-of-this-test',
      CAMPAIGN_DB: path.join(temp.dir, `${name}-campaigns.sqlite`),
      STATE_DB: path.join(temp.dir, `${name}-state.sqlite`),
      AUDIT_LOG: path.join(temp.dir, `${name}-audit.log`),
    });
    // one after the other: the first creates the schemas and the demo data
    a = await startBot(env('a'));
    b = await startBot(env('b'));
  });

  after(async () => {
    for (const bot of [a, b]) if (bot) await stopBot(bot);
    await drop?.();
    temp?.cleanup();
  });

  it('answers the turns of one conversation on either instance: a follow-up and a clarification answered on the other', async () => {
    const conversation = 'alternating';
    expect((await ask(a, 'what is IVR?', conversation)).text).to.match(/^\*\*IVR/);
    expect((await ask(b, 'and what should I do?', conversation)).text).to.match(/^\*\*IVR[^*]*— what to do:\*\*/);
    expect((await ask(a, 'what does planned mean?', conversation)).text).to.contain('can mean more than one thing');
    expect((await ask(b, '2', conversation)).text).to.contain('**Planned** (Campaign status)');
    // the clarification is over for both
    expect((await ask(a, '2', conversation)).text).to.not.contain('**Planned**');
    expect(a.output() + b.output()).to.not.contain('"event":"state.conflict"');
  });

  it('gives a web chat stream on one instance the reply to a message posted through the other', async () => {
    const conversation = await newConversation(a.url);
    const stream = await StreamClient.open(conversation.streamUrl);
    try {
      expect(stream.heldBy).to.equal(a.child.pid);
      await stream.waitFor((x) => x.type === 'message' && x.from?.role === 'bot');
      const posted = await postToConversation(b.url, conversation, userMessage('what does busy mean?'));
      expect(posted.status).to.equal(200);
      expect((await stream.waitFor((x) => x.id === posted.body.id)).from?.role).to.equal('user');
      const reply = await stream.waitFor((x) => x.replyToId === posted.body.id && x.type === 'message', 10_000);
      expect(reply.text).to.contain('Busy');
      const ids = stream.activities.map((x) => x.id);
      expect(new Set(ids).size, 'no activity twice').to.equal(ids.length);
    } finally {
      await stream.close();
    }
  });

  it('apologises or answers 503 while PostgreSQL restarts under load, then answers again on both without a restart', async () => {
    const conversation = await newConversation(a.url);
    const stream = await StreamClient.open(conversation.streamUrl);
    const load = loadLoop([a, b], (bot, i) => ask(bot, 'what does busy mean?', `restart-load-${i}`));
    try {
      await load.until((turns) => turns.filter((t) => t.text.startsWith('**Busy**')).length >= 6);
      await cluster.stop('fast');
      try {
        for (const bot of [a, b]) expect(await ask(bot, 'what does failed mean?', 'during-outage')).to.deep.equal({ status: 200, text: APOLOGY });
        const posted = await postToConversation(b.url, conversation, userMessage('are you there?'));
        expect(posted.status).to.equal(503);
        await load.until((turns) => turns.filter((t) => t.text === APOLOGY || t.status === 503).length >= 4);
      } finally {
        await cluster.start();
      }
      // the pools connect again by themselves: no restart of either bot
      for (const bot of [a, b]) expect((await ask(bot, 'what does failed mean?', `after-outage-${bot.child.pid}`)).text).to.match(/^\*\*Failed\*\*/);
      const recovered = load.turns.length;
      await load.until((turns) => turns.slice(recovered).filter((t) => t.text.startsWith('**Busy**')).length >= 6);
      // and the stream held by the first instance hears the second again (its listening connection came back)
      const posted = await postToConversation(b.url, conversation, userMessage('what does busy mean?'));
      expect(posted.status).to.equal(200);
      const reply = await stream.waitFor((x) => x.replyToId === posted.body.id && x.type === 'message', 20_000);
      expect(reply.text).to.contain('Busy');
    } finally {
      await load.stop();
      await stream.close();
    }
    const odd = load.turns.filter((t) => !(t.status === 503 || (t.status === 200 && (t.text === APOLOGY || t.text.startsWith('**Busy**')))));
    expect(odd, 'every turn answered, apologised for or refused with 503').to.deep.equal([]);
    expect([a, b].map((bot) => bot.child.exitCode)).to.deep.equal([null, null]);
  });

  it('keeps answering on one instance when the other is killed with -9 under load, and loses nothing it committed', async () => {
    // committed on the first instance: two clarifications waiting for their answer, and a web chat exchange
    for (const conversation of ['killed-1', 'killed-2']) expect((await ask(a, 'what does planned mean?', conversation)).text).to.contain('can mean more than one thing');
    const webChat = await newConversation(a.url);
    const said = await postToConversation(a.url, webChat, userMessage('what is IVR?'));
    expect(said.status).to.equal(200);
    const untilReply = Date.now() + 10_000;
    while (!(await poll(a.url, webChat)).body.activities.some((x) => x.replyToId === said.body.id)) expect(Date.now()).to.be.below(untilReply);

    const load = loadLoop([a, b], (bot, i) => ask(bot, 'what does busy mean?', `kill-load-${i}`));
    try {
      await load.until((turns) => turns.filter((t) => t.text.startsWith('**Busy**')).length >= 6);
      a.child.kill('SIGKILL');
      expect(await a.exited).to.equal('SIGKILL');
      const killedAt = load.turns.length;
      await load.until((turns) => turns.slice(killedAt).filter((t) => t.bot === 1 && t.text.startsWith('**Busy**')).length >= 10);
      const afterKill = load.turns.slice(killedAt);
      // the dead instance refuses connections; the other answers every turn it is sent
      expect(afterKill.filter((t) => t.bot === 1 && !t.text.startsWith('**Busy**'))).to.deep.equal([]);
    } finally {
      await load.stop();
    }
    for (const conversation of ['killed-1', 'killed-2']) expect((await ask(b, '2', conversation)).text).to.contain('**Planned** (Campaign status)');
    const transcript = (await poll(b.url, webChat)).body.activities;
    expect(transcript.find((x) => x.id === said.body.id)?.text).to.equal('what is IVR?');
    expect(transcript.find((x) => x.replyToId === said.body.id)?.text).to.match(/IVR/);
  });
});
