import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { translator } from '../../src/content/i18n';
import type { RunningServer } from '../../src/server';
import { openStateStorage, type StateStorage } from '../../src/state/openStateStorage';
import type { SqliteStorage } from '../../src/state/sqliteStorage';
import { messageActivity, postActivity, startTestServer } from '../helpers/httpServer';
import { storedRow, tempFolder } from './helpers';

const QUESTIONS: [string, RegExp][] = [
  ['what does busy mean?', /^\*\*Busy\*\*/],
  ['what is IVR?', /^\*\*IVR/],
  ['what does failed mean?', /^\*\*Failed\*\*/],
  ['qué significa número incorrecto', /^\*\*Número incorrecto\*\*/],
  ['what does planned mean?', /can mean more than one thing/],
];

describe('the server on SQLite state under load (50 concurrent turns)', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempFolder>;
  let state: StateStorage<SqliteStorage>;
  let server: RunningServer;

  before(async () => {
    temp = tempFolder('state-http-');
    state = await openStateStorage(temp.file('nested/state.sqlite'), { conversationTtlDays: 30 });
    // the rate limit would (rightly) refuse a flood from one user; this test is about state, so it is raised
    server = await startTestServer({}, { storage: state.storage, rateLimit: { max: 1000, windowMs: 1000 } });
  });

  after(async () => {
    await server.close();
    await state.close();
    temp.remove();
  });

  const ask = (text: string, conversationId: string, userId: string): Promise<{ status: number; activities: Partial<Activity>[] }> =>
    postActivity(server.url, messageActivity(text, { channelId: 'webchat', conversation: { id: conversationId } as Activity['conversation'], from: { id: userId, name: 'User' } }));

  function expectAnswers(results: { status: number; activities: Partial<Activity>[] }[]): void {
    const busy = [translator('en')('error.busy'), translator('es')('error.busy')];
    results.forEach(({ status, activities }, i) => {
      const [question, expected] = QUESTIONS[i % QUESTIONS.length]!;
      expect(status, question).to.equal(200);
      const texts = activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
      expect(texts, question).to.have.length(1);
      expect(texts[0], question).to.match(expected);
      expect(busy).to.not.include(texts[0]);
    });
  }

  it('answers 50 simultaneous messages in one conversation, keeps its state valid, and follows up', async () => {
    const conversationId = 'load-one-conversation';
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(QUESTIONS[i % QUESTIONS.length]![0], conversationId, 'load-user')));
    // every question starts afresh: a new question interrupts a clarification, so each gets its own answer
    expectAnswers(results);

    const row = await storedRow(state.store.path, `webchat/conversations/${conversationId}/`);
    const stored = JSON.parse(row?.json ?? 'null') as Record<string, unknown>;
    expect(stored).to.have.property('dialogState');
    expect(stored.eTag).to.equal(row?.etag);

    const [topic] = (await ask('what is IVR?', conversationId, 'load-user')).activities;
    expect(topic?.text).to.match(/^\*\*IVR/);
    const [followUp] = (await ask('and what should I do?', conversationId, 'load-user')).activities;
    expect(followUp?.text).to.match(/^\*\*IVR[^*]*— what to do:\*\*/);
  });

  it('answers 50 simultaneous messages across 50 conversations of one user', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(QUESTIONS[i % QUESTIONS.length]![0], `load-many-${i}`, 'load-many-user')));
    expectAnswers(results);
    for (let i = 0; i < 50; i++) {
      const row = await storedRow(state.store.path, `webchat/conversations/load-many-${i}/`);
      expect(() => JSON.parse(row?.json ?? '')).to.not.throw();
    }
    const [followUp] = (await ask('and what should I do?', 'load-many-0', 'load-many-user')).activities;
    expect(followUp?.text).to.match(/^\*\*Busy — what to do:\*\*/);
    const user = await storedRow(state.store.path, 'webchat/users/load-many-user/');
    expect(JSON.parse(user?.json ?? 'null')).to.have.nested.property('profile.lastLanguage');
  });
});
