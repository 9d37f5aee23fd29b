/**
 * The state store, Direct Line log and alert store conformance suites on PostgreSQL: a database of the run's
 * throwaway cluster (test/helpers/postgres.ts) per test, every instance on a pool of its own as a process has.
 */
import { expect } from 'chai';
import type { PgAlertStore } from '../../src/state/pg/pgAlertStore';
import { sharedPostgres } from '../helpers/postgres';
import { alertStoreConformance } from './alertStore.suite';
import { describeConversationLog } from './conversationLog.suite';
import { CONVERSATION_LOG_ENGINES, postgresAlertStore, STATE_STORE_ENGINES, usePostgres } from './engines';
import { describeStateStore } from './stateStore.suite';

describe('the stores on PostgreSQL', function () {
  this.timeout(30_000);
  before(async function () {
    usePostgres(await sharedPostgres(this));
  });

  for (const engine of STATE_STORE_ENGINES.filter((e) => e.server)) describeStateStore(engine);
  for (const engine of CONVERSATION_LOG_ENGINES.filter((e) => e.server)) describeConversationLog(engine);
  alertStoreConformance('PostgreSQL', postgresAlertStore);
});

describe('PgAlertStore: the pace of a conversation (delivered with nextNotBefore, as i14-delivery asks of every store)', function () {
  this.timeout(30_000);
  let engine: Awaited<ReturnType<typeof postgresAlertStore>>;
  before(async function () {
    usePostgres(await sharedPostgres(this));
    engine = await postgresAlertStore();
  });
  after(async () => engine?.dispose());

  it("holds the conversation's next messages until then, and no other conversation's", async () => {
    const store = (await engine.open()) as PgAlertStore;
    try {
      const reference = (id: string) => ({ channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id } });
      const message = (id: string, conversation: string) => ({ id, subscriptionId: 'sub-p', reference: reference(conversation), activity: { text: id }, dueAt: 10, createdAt: '2025-03-01T00:00:00.000Z' });
      expect(await store.recordCheck({ seq: 1, seen: [], messages: [message('a', 'conv-p'), message('b', 'conv-p'), message('c', 'conv-q'), message('d', 'conv-q')] })).to.equal(true);
      expect((await store.claimDue(100, 10, 1000)).map((m) => m.id)).to.deep.equal(['a', 'c']);
      await store.delivered('a', 5000);
      await store.delivered('c');
      expect((await store.claimDue(4999, 10, 1000)).map((m) => m.id)).to.deep.equal(['d']);
      const [b] = await store.claimDue(5000, 10, 1000);
      expect(b).to.deep.include({ id: 'b', dueAt: 5000 });
    } finally {
      await store.close();
    }
  });
});
