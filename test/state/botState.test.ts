import { TestAdapter, TurnContext, type Activity, type Storage, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import type { BotServices } from '../../src/app';
import { translator } from '../../src/content/i18n';
import { CompareAndSetStorage, type TaggingStore } from '../../src/state/compareAndSetStorage';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { type Conversation, startConversation, testBot } from '../helpers/botHarness';
import { captureLogs, type LogCapture } from '../helpers/logCapture';
import { storedRow, tempFolder } from './helpers';

/** A conversation with fixed ids, so a rebuilt bot can carry it on. */
function chatAs(services: BotServices, conversationId: string, userId: string): { say(text: string): Promise<Partial<Activity>[]> } {
  const chat: Conversation = startConversation({ services, userId });
  const conversation = { id: conversationId, isGroup: false, conversationType: 'personal', name: '' };
  return { say: (text) => chat.send({ type: 'message', text, conversation }) };
}

/** Lets reads of conversation state through only once `parties` turns have read it (while armed): a forced race. */
class Barrier {
  armed = false;
  private waiting: (() => void)[] = [];

  constructor(private readonly parties: number) {}

  arrive(): Promise<void> {
    if (!this.armed) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length >= this.parties) {
        this.armed = false;
        for (const release of this.waiting.splice(0)) release();
      }
    });
  }
}

class RacingStorage implements TaggingStore {
  constructor(
    private readonly inner: SqliteStorage,
    private readonly barrier: Barrier,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    if (keys.some((key) => key.includes('/conversations/'))) await this.barrier.arrive();
    return items;
  }

  write(changes: StoreItems): Promise<void> {
    return this.inner.write(changes);
  }

  writeTagged(changes: StoreItems): Promise<Record<string, string>> {
    return this.inner.writeTagged(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

describe('bot state on SQLite, through the bot', () => {
  let temp: ReturnType<typeof tempFolder>;
  const opened: SqliteStorage[] = [];

  const open = (): SqliteStorage => {
    const storage = new SqliteStorage(temp.file('state.sqlite'));
    opened.push(storage);
    return storage;
  };

  let logs: LogCapture;

  beforeEach(() => {
    temp = tempFolder('state-bot-');
    logs = captureLogs('warn');
  });

  afterEach(async () => {
    logs.stop();
    for (const storage of opened.splice(0)) await storage.close();
    temp.remove();
  });

  const kinds: [string, (sqlite: SqliteStorage) => Storage][] = [
    ['SqliteStorage', (sqlite) => sqlite],
    ['CompareAndSetStorage over SqliteStorage (as the server runs)', (sqlite) => new CompareAndSetStorage(sqlite)],
  ];
  for (const [name, view] of kinds) {
    it(`keeps the language preference and a clarification in progress across a restart (${name})`, async () => {
      const before = open();
      const first = chatAs(testBot({ storage: view(before) }), 'restart-conversation', 'restart-user');
      const [switched] = await first.say('answer in Spanish');
      expect(switched?.text).to.contain('español');
      const [question] = await first.say('what does planned mean?');
      expect(question?.text).to.contain('¿Cuál quieres decir?');
      const row = await storedRow(before.path, 'test/conversations/restart-conversation/');
      expect(row?.json).to.contain('clarifyDialog');
      await before.close();

      // a new bot on the same file: the same conversation picks the second option
      const after = open();
      const services = testBot({ storage: view(after) });
      const [answer] = await chatAs(services, 'restart-conversation', 'restart-user').say('2');
      expect(answer?.text).to.match(/^\*\*(Planificada|Nueva)\*\* \(Estado de (campaña|llamada)\)/);
      // and a new conversation of the same user still answers in Spanish
      const [busy] = await chatAs(services, 'another-conversation', 'restart-user').say('what does busy mean?');
      expect(busy?.text).to.contain('**Ocupado**');
    });
  }

  it('answers the later of two racing turns from two bot instances, keeps the earlier one\'s state and asks to repeat', async () => {
    const barrier = new Barrier(2);
    const one = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    const two = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    const chatOne = chatAs(one, 'raced', 'racer');
    const chatTwo = chatAs(two, 'raced', 'racer');
    await chatOne.say('hello');

    barrier.armed = true;
    const [repliesOne, repliesTwo] = await Promise.all([chatOne.say('what is IVR?'), chatTwo.say('what does busy mean?')]);
    const busy = translator('en')('error.busy');
    const asked = [repliesOne, repliesTwo].map((replies) => replies.some((r) => r.text === busy));
    expect(asked.filter(Boolean), JSON.stringify([repliesOne, repliesTwo].map((r) => r.map((a) => a.text)))).to.have.length(1);
    // the loser's answer went out before its state failed to save
    expect(repliesOne[0]?.text).to.contain('**IVR');
    expect(repliesTwo[0]?.text).to.contain('**Busy**');

    const conflicts = logs.records().filter((r) => r.event === 'state.conflict');
    expect(conflicts).to.have.length(1);
    expect(conflicts[0]?.scopes).to.include('conversation');

    const winner = asked[0] ? 'Busy' : 'IVR';
    const [followUp] = await chatOne.say('and what should I do?');
    expect(followUp?.text).to.match(new RegExp(`^\\*\\*${winner}[^*]*— what to do:\\*\\*`));
  });

  it('asks to repeat in the user\'s language', async () => {
    const barrier = new Barrier(2);
    const one = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    const two = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    await chatAs(one, 'raced-es', 'racer-es').say('responde en español');
    barrier.armed = true;
    const replies = await Promise.all([chatAs(one, 'raced-es', 'racer-es').say('qué es IVR'), chatAs(two, 'raced-es', 'racer-es').say('qué significa ocupado')]);
    const texts = replies.flat().map((r) => r.text);
    expect(texts).to.include(translator('es')('error.busy'));
  });

  it("asks to repeat in the language of the message, also when the app's locale says another", async () => {
    const barrier = new Barrier(2);
    const one = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    const two = testBot({ storage: new CompareAndSetStorage(new RacingStorage(open(), barrier)) });
    // the client says en-US; the user writes Spanish
    await chatAs(one, 'raced-words', 'racer-words').say('hola');
    barrier.armed = true;
    const replies = await Promise.all([chatAs(one, 'raced-words', 'racer-words').say('qué es IVR'), chatAs(two, 'raced-words', 'racer-words').say('qué significa ocupado')]);
    const texts = replies.flat().map((r) => r.text);
    expect(texts).to.include(translator('es')('error.busy'));
    expect(texts).to.not.include(translator('en')('error.busy'));
  });

  it('still runs a turn whose activity names no user (it has no user state to lock or save)', async () => {
    const services = testBot({ storage: new CompareAndSetStorage(open()) });
    const adapter = new TestAdapter(async () => undefined);
    const activity: Partial<Activity> = {
      type: 'conversationUpdate',
      channelId: 'test',
      conversation: { id: 'no-user', isGroup: false, conversationType: 'personal', name: '' },
      recipient: { id: 'bot', name: 'Bot' },
      membersAdded: [{ id: 'someone', name: 'Someone' }],
    };
    await services.bot.run(new TurnContext(adapter, activity));
    expect(adapter.activeQueue.map((reply) => reply.type)).to.deep.equal(['message']);
  });

  it('runs concurrent turns of one conversation one at a time: no lost state, no conflicts', async () => {
    const services = testBot({ storage: new CompareAndSetStorage(open()) });
    const chats = Array.from({ length: 10 }, () => chatAs(services, 'crowded', 'crowd'));
    const questions = ['what is IVR?', 'what does busy mean?', 'what does failed mean?'];
    const replies = await Promise.all(chats.map((chat, i) => chat.say(questions[i % questions.length] as string)));
    for (const reply of replies) {
      expect(reply).to.have.length(1);
      expect(reply[0]?.text).to.match(/^\*\*/);
    }
    const row = await storedRow(temp.file('state.sqlite'), 'test/conversations/crowded/');
    expect(JSON.parse(row?.json ?? 'null')).to.have.property('memory');
  });
});
