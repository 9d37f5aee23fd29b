/**
 * What every AlertStore must do, whatever keeps it: run it against an engine with one line (alertStore.test.ts).
 * `engine()` gives a fresh, empty database; `open()` connects to it (several times: processes that share it, or a
 * restart), `dispose()` closes what is left and removes it.
 */
import { expect } from 'chai';
import type { AlertCheck, AlertSubscription, OutboxMessage, StoredReference } from '../../src/domain/alerts';
import type { AlertStore } from '../../src/state/alertStore';

export interface AlertStoreEngine {
  open(): Promise<AlertStore>;
  dispose(): Promise<void>;
}

const reference = (conversation: string): StoredReference => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/amer/',
  conversation: { id: conversation },
  user: { id: '29:user' },
  bot: { id: '28:bot' },
});

let made = 0;

function subscription(userKey: string, campaignId: string | null, extra: Partial<AlertSubscription> = {}): AlertSubscription {
  made++;
  return {
    id: `sub-${made}`,
    userKey,
    viewerIds: [userKey, `${userKey}@example.com`],
    campaignId,
    condition: { kind: 'status_change', to: ['paused'] },
    lang: 'en',
    reference: reference(`conv-${userKey}`),
    createdAt: new Date(Date.UTC(2025, 2, 1, 0, 0, made)).toISOString(),
    seen: {},
    ...extra,
  };
}

function message(id: string, sub: AlertSubscription, dueAt: number, conversation = sub.reference.conversation.id): AlertCheck['messages'][number] {
  return { id, subscriptionId: sub.id, reference: { ...sub.reference, conversation: { id: conversation } }, activity: { type: 'message', text: id }, dueAt, createdAt: new Date(dueAt).toISOString() };
}

const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id);

export function alertStoreConformance(name: string, engine: () => Promise<AlertStoreEngine>): void {
  describe(`AlertStore conformance: ${name}`, function () {
    this.timeout(20000);
    let db: AlertStoreEngine;
    let store: AlertStore;
    const others: AlertStore[] = [];

    /** Another connection to the same database: another process, or the same one after a restart. */
    const another = async (): Promise<AlertStore> => {
      const opened = await db.open();
      others.push(opened);
      return opened;
    };

    beforeEach(async () => {
      db = await engine();
      store = await db.open();
    });

    afterEach(async () => {
      await store.close();
      for (const other of others.splice(0)) await other.close();
      await db.dispose();
    });

    describe('subscriptions', () => {
      it("keeps each user's subscriptions, in the order they were made, and they survive a restart", async () => {
        const [a1, b1, a2] = [subscription('ana', 'CMP-A'), subscription('bo', 'CMP-A'), subscription('ana', null, { lang: 'es', condition: { kind: 'result_share', result: 'failed', percent: 12.5 } })];
        for (const s of [a2, b1, a1]) await store.addSubscription(s);
        expect(await store.subscriptionsOf('ana')).to.deep.equal([a1, a2]);
        expect(ids(await store.subscriptionsOf('bo'))).to.deep.equal([b1.id]);
        expect(await store.subscriptionsOf('nobody')).to.deep.equal([]);
        await store.close();
        store = await db.open();
        expect(await store.subscriptionsOf('ana')).to.deep.equal([a1, a2]);
      });

      it("gives a batch's checks the subscriptions of its campaigns and those of every campaign", async () => {
        const [a, b, any] = [subscription('ana', 'CMP-A'), subscription('bo', 'CMP-B'), subscription('cy', null)];
        for (const s of [a, b, any]) await store.addSubscription(s);
        expect(ids(await store.subscriptionsFor(['CMP-A']))).to.deep.equal([a.id, any.id]);
        expect(ids(await store.subscriptionsFor(['CMP-A', 'CMP-B']))).to.deep.equal([a.id, b.id, any.id]);
        expect(ids(await store.subscriptionsFor([]))).to.deep.equal([any.id]);
        expect(ids(await store.subscriptionsFor(["CMP-'; DROP TABLE alert_subscriptions;--"]))).to.deep.equal([any.id]);
      });

      it("removes one campaign's, the every-campaign ones, or all of a user's, saying how many, and their waiting messages", async () => {
        const [a1, a2, aAny, b1] = [subscription('ana', 'CMP-A'), subscription('ana', 'CMP-A'), subscription('ana', null), subscription('bo', 'CMP-A')];
        for (const s of [a1, a2, aAny, b1]) await store.addSubscription(s);
        expect(await store.recordCheck({ seq: 1, seen: [], messages: [message('m-a1', a1, 10), message('m-b1', b1, 10)] })).to.equal(true);
        expect(await store.removeSubscriptions('ana', 'CMP-A')).to.equal(2);
        expect(ids(await store.subscriptionsOf('ana'))).to.deep.equal([aAny.id]);
        expect(ids(await store.claimDue(100, 10, 1000))).to.deep.equal(['m-b1']);
        expect(await store.removeSubscriptions('ana', 'CMP-A')).to.equal(0);
        expect(await store.removeSubscriptions('ana', null)).to.equal(1);
        await store.addSubscription(subscription('ana', 'CMP-C'));
        await store.addSubscription(subscription('ana', 'CMP-D'));
        expect(await store.removeSubscriptions('ana')).to.equal(2);
        expect(await store.subscriptionsOf('ana')).to.deep.equal([]);
        expect(ids(await store.subscriptionsOf('bo'))).to.deep.equal([b1.id]);
      });
    });

    describe('the check cursor', () => {
      it('starts at 0 and moves forward only, once per batch: a second record of the same batch writes nothing', async () => {
        const s = subscription('ana', 'CMP-A');
        await store.addSubscription(s);
        expect(await store.checkedSeq()).to.equal(0);
        const first: AlertCheck = { seq: 7, seen: [{ subscriptionId: s.id, seen: { 'CMP-A': { status: 'paused' } } }], messages: [message('m-1', s, 10)] };
        expect(await store.recordCheck(first)).to.equal(true);
        expect(await store.checkedSeq()).to.equal(7);
        expect((await store.subscriptionsOf('ana'))[0]!.seen).to.deep.equal({ 'CMP-A': { status: 'paused' } });

        const replay: AlertCheck = { seq: 7, seen: [{ subscriptionId: s.id, seen: { 'CMP-A': { status: 'in_progress' } } }], messages: [message('m-2', s, 10)] };
        expect(await store.recordCheck(replay)).to.equal(false);
        expect(await store.recordCheck({ ...replay, seq: 5 })).to.equal(false);
        expect(await store.checkedSeq()).to.equal(7);
        expect((await store.subscriptionsOf('ana'))[0]!.seen).to.deep.equal({ 'CMP-A': { status: 'paused' } });
        expect(ids(await store.claimDue(100, 10, 1000))).to.deep.equal(['m-1']);
      });

      it('lets exactly one of two processes record the same batch', async () => {
        const s = subscription('ana', 'CMP-A');
        await store.addSubscription(s);
        const other = await another();
        const check = (id: string): AlertCheck => ({ seq: 3, seen: [], messages: [message(id, s, 10)] });
        const results = await Promise.all([store.recordCheck(check('from-one')), other.recordCheck(check('from-two'))]);
        expect(results.filter(Boolean)).to.have.length(1);
        expect(await other.checkedSeq()).to.equal(3);
        expect(await store.claimDue(100, 10, 1000)).to.have.length(1);
      });
    });

    describe('the outbox', () => {
      let s: AlertSubscription;
      beforeEach(async () => {
        s = subscription('ana', 'CMP-A');
        await store.addSubscription(s);
      });

      it("hands out one message per conversation at a time, oldest first, and only those due", async () => {
        await store.recordCheck({ seq: 1, seen: [], messages: [message('x-1', s, 10, 'conv-x'), message('x-2', s, 10, 'conv-x'), message('y-1', s, 20, 'conv-y'), message('later', s, 5000, 'conv-z')] });
        const claimed = await store.claimDue(100, 10, 1000);
        expect(ids(claimed)).to.deep.equal(['x-1', 'y-1']);
        expect(claimed[0]).to.deep.include({ subscriptionId: s.id, dueAt: 10, attempts: 0, lastError: null, activity: { type: 'message', text: 'x-1' } });
        expect((claimed[0] as OutboxMessage).reference.conversation.id).to.equal('conv-x');
        await store.delivered('x-1');
        expect(ids(await store.claimDue(200, 10, 1000))).to.deep.equal(['x-2']);
        expect(ids(await store.claimDue(100, 1, 1000))).to.deep.equal([]);
      });

      it('skips a claimed message until its lease ends, in this process and in another', async () => {
        await store.recordCheck({ seq: 1, seen: [], messages: [message('m', s, 10)] });
        expect(ids(await store.claimDue(100, 10, 1000))).to.deep.equal(['m']);
        const other = await another();
        expect(await other.claimDue(500, 10, 1000)).to.deep.equal([]);
        expect(await store.claimDue(1099, 10, 1000)).to.deep.equal([]);
        expect(ids(await other.claimDue(1100, 10, 1000))).to.deep.equal(['m']);
      });

      it('tries a message again at the time given, counting the attempts and keeping the last error', async () => {
        await store.recordCheck({ seq: 1, seen: [], messages: [message('m', s, 10)] });
        await store.claimDue(100, 10, 60_000);
        await store.retryLater('m', 3000, 'HTTP 429: Retry-After 3');
        expect(await store.claimDue(2999, 10, 1000)).to.deep.equal([]);
        const [again] = await store.claimDue(3000, 10, 1000);
        expect(again).to.deep.include({ id: 'm', dueAt: 3000, attempts: 1, lastError: 'HTTP 429: Retry-After 3' });
        await store.delivered('m');
        expect(await store.claimDue(10_000, 10, 1000)).to.deep.equal([]);
      });

      it('never hands one message to two processes claiming at once, and keeps each conversation in order', async () => {
        const other = await another();
        const messages = Array.from({ length: 40 }, (_, i) => message(`m-${i}`, s, 10 + i, `conv-${i % 8}`));
        await store.recordCheck({ seq: 1, seen: [], messages });
        const claimedBy: string[] = [];
        const sent: string[] = [];
        // each round, both processes claim at the same moment, then deliver what they got
        for (let round = 0; round < 12 && sent.length < messages.length; round++) {
          const batches = await Promise.all([store.claimDue(1000 + round, 5, 1_000_000), other.claimDue(1000 + round, 5, 1_000_000)]);
          claimedBy.push(...batches.flat().map((m) => m.id));
          for (const [i, batch] of batches.entries()) for (const m of batch) await [store, other][i]!.delivered(m.id), sent.push(m.id);
        }
        expect([...claimedBy].sort()).to.deep.equal(ids(messages).sort());
        for (let conv = 0; conv < 8; conv++) {
          const mine = sent.filter((id) => Number(id.slice(2)) % 8 === conv);
          expect(mine, `conv-${conv}`).to.deep.equal(ids(messages).filter((id) => Number(id.slice(2)) % 8 === conv));
        }
      });

      it('drops a subscription whose conversation is gone, with its waiting messages', async () => {
        const kept = subscription('ana', 'CMP-B');
        await store.addSubscription(kept);
        await store.recordCheck({ seq: 1, seen: [], messages: [message('gone-1', s, 10), message('gone-2', s, 10), message('kept', kept, 10, 'conv-k')] });
        await store.dropSubscription(s.id);
        expect(ids(await store.subscriptionsOf('ana'))).to.deep.equal([kept.id]);
        expect(ids(await store.claimDue(100, 10, 1000))).to.deep.equal(['kept']);
      });
    });
  });
}
