/**
 * What every StateStore (src/state/stateStore.ts) must do, whatever database holds it: the eTag semantics the bot's
 * compare-and-set view relies on, purging, the learner directory, many keys, odd values, several instances on one
 * database, and closing. Run on each engine of engines.ts by stateStore.test.ts.
 */
import { ConversationState, MemoryStorage, TestAdapter, TurnContext, type Activity, type Storage } from 'botbuilder';
import { expect } from 'chai';
import { CompareAndSetStorage } from '../../src/state/compareAndSetStorage';
import { StateLearnerDirectory } from '../../src/state/learnerDirectory';
import { ETagConflictError, type StateItem, type StateStore } from '../../src/state/stateStore';
import type { StateStoreEngine } from './engines';
import { rejection } from '../helpers/rejection';

const DAY = 24 * 60 * 60 * 1000;

/** The items without their eTags, for comparing values. */
function values(items: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(items as Record<string, Record<string, unknown>>).map(([key, { eTag: _eTag, ...rest }]) => [key, rest]));
}

/** botbuilder's Storage straight over a store, without the compare-and-set view: `'*'` overwrites. */
function plainStorage(store: StateStore): Storage {
  return {
    read: (keys) => store.read(keys),
    write: async (changes) => void (await store.writeTagged(changes)),
    delete: (keys) => store.delete(keys),
  };
}

function turn(adapter: TestAdapter, text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'cas-conversation', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'cas-user', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
  };
  return new TurnContext(adapter, activity);
}

/**
 * Two turns of one conversation on two storages over the same store: a seed is saved, both turns read it, each adds
 * what it said, the first saves, then the second. Returns the second save's error (undefined when it succeeded) and a
 * reader of what is saved in the end.
 */
async function racingTurns(storageA: Storage, storageB: Storage): Promise<{ secondSave: unknown; saved: () => Promise<{ said: string[] } | undefined> }> {
  const first = new ConversationState(storageA);
  const second = new ConversationState(storageB);
  const memoryA = first.createProperty<{ said: string[] }>('memory');
  const memoryB = second.createProperty<{ said: string[] }>('memory');
  const adapter = new TestAdapter(async () => undefined);

  const seed = turn(adapter, 'seed');
  await memoryA.set(seed, { said: ['seed'] });
  await first.saveChanges(seed);

  // both turns read the same state, then each saves its change
  const a = turn(adapter, 'a');
  const b = turn(adapter, 'b');
  const readA = await memoryA.get(a, { said: [] });
  const readB = await memoryB.get(b, { said: [] });
  await memoryA.set(a, { said: [...readA.said, 'a'] });
  await memoryB.set(b, { said: [...readB.said, 'b'] });
  await first.saveChanges(a);
  const secondSave = await second.saveChanges(b).then(() => undefined, (e: unknown) => e);
  return { secondSave, saved: () => memoryA.get(turn(adapter, 'check')) };
}

export function describeStateStore(engine: StateStoreEngine): void {
  describe(`StateStore conformance: ${engine.name}`, () => {
    let database: Awaited<ReturnType<StateStoreEngine['database']>>;
    let opened: StateStore[];
    /** The stores' clock: every write is dated by it. */
    let now: number;
    let store: StateStore;

    /** Another instance on the same database (another process of the bot). */
    const open = async (): Promise<StateStore> => {
      const instance = await database.open({ now: () => now });
      opened.push(instance);
      return instance;
    };

    beforeEach(async () => {
      now = Date.UTC(2026, 0, 1);
      opened = [];
      database = await engine.database();
      store = await open();
    });

    afterEach(async () => {
      for (const instance of opened) await instance.close();
      await database.remove();
    });

    describe('reads and writes', () => {
      it('reads nothing for missing keys and for no keys', async () => {
        expect(await store.read([])).to.deep.equal({});
        expect(await store.read(['nope', 'neither'])).to.deep.equal({});
        await store.writeTagged({ here: { n: 1 } });
        expect(Object.keys(await store.read(['nope', 'here', 'here']))).to.deep.equal(['here']);
      });

      it('writes, reads back with an eTag, and gives every write a new eTag, which it tells', async () => {
        const tags = await store.writeTagged({ a: { n: 1 }, b: { n: 2 } });
        const first = await store.read(['a', 'b']);
        expect(values(first)).to.deep.equal({ a: { n: 1 }, b: { n: 2 } });
        expect(first.a!.eTag).to.be.a('string').and.not.equal('*');
        expect(first.a!.eTag).to.not.equal(first.b!.eTag);
        expect(tags).to.deep.equal({ a: first.a!.eTag, b: first.b!.eTag });

        const next = await store.writeTagged({ a: { ...first.a, n: 3 } });
        const read = await store.read(['a']);
        expect(read.a).to.include({ n: 3 });
        expect(read.a!.eTag).to.not.equal(first.a!.eTag);
        expect(next).to.deep.equal({ a: read.a!.eTag });
      });

      it('hands out objects of its own, and does not change the objects it is given', async () => {
        const item = { n: 1, eTag: '*' };
        await store.writeTagged({ a: item });
        expect(item).to.deep.equal({ n: 1, eTag: '*' });
        const [one, two] = await Promise.all([store.read(['a']), store.read(['a'])]);
        expect(one.a).to.deep.equal(two.a);
        expect(one.a).to.not.equal(two.a);
      });

      it('overwrites with eTag "*", "" or none, whatever is stored', async () => {
        await store.writeTagged({ a: { n: 1 } });
        await store.writeTagged({ a: { n: 2, eTag: '*' } });
        expect((await store.read(['a'])).a).to.include({ n: 2 });
        await store.writeTagged({ a: { n: 3 } });
        expect((await store.read(['a'])).a).to.include({ n: 3 });
        await store.writeTagged({ a: { n: 4, eTag: '' } });
        expect((await store.read(['a'])).a).to.include({ n: 4 });
      });

      it('writes with the current eTag and rejects a stale one with an ETagConflictError', async () => {
        await store.writeTagged({ a: { n: 1 } });
        const read = await store.read(['a']);
        await store.writeTagged({ a: { ...read.a, n: 2 } });
        const error = await rejection(store.writeTagged({ a: { ...read.a, n: 3 } }));
        expect(error).to.be.instanceOf(ETagConflictError);
        expect(error.message).to.contain('eTag conflict').and.to.contain('"a"');
        expect((error as ETagConflictError).key).to.equal('a');
        expect((await store.read(['a'])).a).to.include({ n: 2 });
      });

      it('writes an item whose eTag names nothing stored, as MemoryStorage does', async () => {
        await store.writeTagged({ fresh: { n: 1, eTag: 'from-somewhere-else' } });
        expect((await store.read(['fresh'])).fresh).to.include({ n: 1 });
      });

      it('writes several changes all or nothing', async () => {
        await store.writeTagged({ a: { n: 1 }, b: { n: 1 } });
        const read = await store.read(['a', 'b']);
        await store.writeTagged({ b: { ...read.b, n: 2 } });
        // a is current and c is new, but b is stale: nothing is written
        const error = await rejection(store.writeTagged({ a: { ...read.a, n: 9 }, c: { n: 9 }, b: { ...read.b, n: 9 } }));
        expect(error).to.be.instanceOf(ETagConflictError);
        const after = await store.read(['a', 'b', 'c']);
        expect(values(after)).to.deep.equal({ a: { n: 1 }, b: { n: 2 } });
        expect(after.a!.eTag).to.equal(read.a!.eTag);
        // and a value JSON cannot hold rolls the whole write back too
        expect(await rejection(store.writeTagged({ a: { n: 5 }, d: { n: BigInt(1) } }))).to.be.instanceOf(TypeError);
        expect(values(await store.read(['a', 'd']))).to.deep.equal({ a: { n: 1 } });
      });

      it('settles writes made at once each on its own: a stale one conflicts, the others are written', async () => {
        await store.writeTagged({ a: { n: 1 }, b: { n: 1 } });
        const read = await store.read(['a', 'b']);
        await store.writeTagged({ b: { ...read.b, n: 2 } });
        // as a turn saves its conversation and its user state: separate writes, sent together
        const [a, b, c, d] = await Promise.allSettled([
          store.writeTagged({ a: { ...read.a, n: 3 } }),
          store.writeTagged({ b: { ...read.b, n: 3 } }),
          store.writeTagged({ c: { n: 3, eTag: '*' } }),
          store.writeTagged({ d: { n: 3, eTag: 'never-stored' } }),
        ]);
        expect([a.status, b.status, c.status, d.status]).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((b as PromiseRejectedResult).reason).to.be.instanceOf(ETagConflictError).and.include({ key: 'b' });
        const after = await store.read(['a', 'b', 'c', 'd']);
        expect(values(after)).to.deep.equal({ a: { n: 3 }, b: { n: 2 }, c: { n: 3 }, d: { n: 3 } });
        expect(after.a!.eTag).to.equal((a as PromiseFulfilledResult<Record<string, string>>).value.a);
        expect(new Set(Object.values(after).map((item) => item.eTag)).size).to.equal(4);
      });

      it('rejects missing arguments and items that are no objects, as MemoryStorage throws', async () => {
        expect(await rejection(store.read(undefined as unknown as string[]))).to.be.instanceOf(ReferenceError);
        expect(await rejection(store.writeTagged(undefined as unknown as Record<string, never>))).to.be.instanceOf(ReferenceError);
        expect(await rejection(store.delete(undefined as unknown as string[]))).to.be.instanceOf(ReferenceError);
        for (const item of ['text', 42, null, [1, 2]]) {
          expect(await rejection(store.writeTagged({ a: item as unknown as StateItem })), JSON.stringify(item)).to.be.instanceOf(TypeError);
        }
        expect(await store.read(['a'])).to.deep.equal({});
        expect(await store.writeTagged({})).to.deep.equal({});
      });

      it('round-trips nested objects, unicode, dates (as ISO strings) and odd keys', async () => {
        const when = new Date('2025-03-14T09:26:53.589Z');
        const item = {
          profile: { preferredLanguage: 'es', lastLanguage: 'es', tags: ['a', 'ñ', '💬'] },
          dialogState: { dialogStack: [{ id: 'mainDialog', state: { options: { nested: { deeper: [1, 2.5, -3, null, true] } } } }] },
          text: '¿Qué significa "número incorrecto"? 你好 \u0000 \n tab\t',
          when,
          empty: {},
          zero: 0,
        };
        const key = "msteams/conversations/a:1Bc/'quoted';%_\\/";
        await store.writeTagged({ [key]: item });
        const { eTag, ...back } = (await store.read([key]))[key]!;
        expect(eTag).to.be.a('string');
        expect(back).to.deep.equal({ ...item, when: when.toISOString() });
      });

      it('round-trips a large item (a quarter of a megabyte of JSON, 200 levels deep) and keys of any script', async () => {
        let deep: Record<string, unknown> = { leaf: 'fin' };
        for (let i = 0; i < 200; i++) deep = { [`level${i}`]: deep };
        const large = { deep, rows: Array.from({ length: 1000 }, (_, i) => ({ i, text: `línea ${i} ✓ ${'x'.repeat(200)}` })) };
        const keys = ['webchat/users/José/', 'webchat/conversations/会话/', 'webchat/conversations/🙂/', `webchat/conversations/${'k'.repeat(1000)}/`];
        const items = Object.fromEntries(keys.map((key, i) => [key, i === 0 ? large : { i }]));
        await store.writeTagged(items);
        const back = await store.read(keys);
        expect(Object.keys(back).sort()).to.deep.equal([...keys].sort());
        expect(values(back)).to.deep.equal(items);
      });

      it('reads, writes and deletes many keys at once', async () => {
        const keys = Array.from({ length: 1200 }, (_, i) => `webchat/conversations/many-${i}/`);
        const tags = await store.writeTagged(Object.fromEntries(keys.map((key, i) => [key, { i }])));
        expect(Object.keys(tags)).to.have.length(keys.length);
        const read = await store.read(keys);
        expect(Object.keys(read)).to.have.length(keys.length);
        expect(keys.every((key, i) => read[key]?.i === i && read[key]?.eTag === tags[key])).to.equal(true);
        await store.delete(keys.slice(0, 1000));
        expect(Object.keys(await store.read(keys)).sort()).to.deep.equal(keys.slice(1000).sort());
      });

      it('deletes the keys it is given and ignores missing ones', async () => {
        await store.writeTagged({ a: { n: 1 }, b: { n: 2 } });
        const read = await store.read(['a']);
        await store.delete(['a', 'missing']);
        expect(values(await store.read(['a', 'b']))).to.deep.equal({ b: { n: 2 } });
        // a deleted item can be written again, even with its old eTag
        await store.writeTagged({ a: { ...read.a, n: 3 } });
        expect((await store.read(['a'])).a).to.include({ n: 3 });
        await store.delete([]);
      });

      it('behaves as MemoryStorage on the same sequence of operations', async () => {
        const memory = new MemoryStorage();
        type Writer = { read(keys: string[]): Promise<Record<string, unknown>>; write(changes: Record<string, Record<string, unknown>>): Promise<unknown>; delete(keys: string[]): Promise<void> };
        const reads = new Map<Writer, Map<string, Record<string, unknown>>>();
        const remember = async (s: Writer, key: string): Promise<void> => {
          const item = ((await s.read([key]))[key] as Record<string, unknown> | undefined) ?? {};
          if (!reads.has(s)) reads.set(s, new Map());
          reads.get(s)?.set(key, item);
        };
        const last = (s: Writer, key: string): Record<string, unknown> => reads.get(s)?.get(key) ?? {};
        const steps: ((s: Writer) => Promise<unknown>)[] = [
          (s) => s.write({ a: { v: 1 } }),
          (s) => remember(s, 'a'),
          (s) => s.write({ a: { ...last(s, 'a'), v: 2 } }),
          (s) => s.write({ a: { ...last(s, 'a'), v: 3 } }),
          (s) => s.write({ a: { v: 4, eTag: '*' } }),
          (s) => remember(s, 'a'),
          (s) => s.write({ a: { ...last(s, 'a'), v: 5 }, b: { v: 1 } }),
          (s) => s.write({ a: { ...last(s, 'a'), v: 55 } }),
          (s) => s.delete(['a']),
          (s) => s.write({ a: { ...last(s, 'a'), v: 6 } }),
          (s) => s.write({ c: { v: 1, eTag: 'unknown' } }),
        ];
        const outcomes = async (s: Writer): Promise<unknown[]> => {
          const out: unknown[] = [];
          for (const step of steps) out.push(await step(s).then(() => 'ok', (e: Error) => (/eTag conflict/.test(e.message) ? 'conflict' : e.message)));
          out.push(values(await s.read(['a', 'b', 'c'])));
          return out;
        };
        const storeOutcomes = await outcomes({ read: (keys) => store.read(keys), write: (changes) => store.writeTagged(changes), delete: (keys) => store.delete(keys) });
        expect(storeOutcomes).to.deep.equal(await outcomes(memory));
        expect(storeOutcomes.filter((o) => o === 'conflict')).to.have.length(2);
      });
    });

    describe('several instances on one database (processes of the bot)', () => {
      it("each sees the other's writes, and of two writes with the same eTag one wins", async () => {
        const other = await open();
        await store.writeTagged({ k: { n: 0 } });
        const mine = (await store.read(['k'])).k!;
        const theirs = (await other.read(['k'])).k!;
        expect(theirs).to.deep.equal(mine);

        const results = await Promise.allSettled([store.writeTagged({ k: { ...mine, n: 1 } }), other.writeTagged({ k: { ...theirs, n: 2 } })]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).to.have.length(1);
        expect(lost).to.have.length(1);
        expect(lost[0]?.reason).to.be.instanceOf(ETagConflictError);
        const winner = results[0]?.status === 'fulfilled' ? 1 : 2;
        expect((await other.read(['k'])).k).to.include({ n: winner });
        expect((await store.read(['k'])).k).to.include({ n: winner });
      });

      it('lets exactly one of many racing compare-and-set writes win', async () => {
        const instances = [store, await open(), await open()];
        await store.writeTagged({ counter: { n: 0 } });
        const read = (await store.read(['counter'])).counter!;
        const attempts = Array.from({ length: 30 }, (_, i) => instances[i % instances.length]!.writeTagged({ counter: { ...read, n: i + 1 } }));
        const results = await Promise.allSettled(attempts);
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
        expect(winners).to.have.length(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ETagConflictError);
        expect((await instances[2]!.read(['counter'])).counter).to.include({ n: winners[0] });
      });

      it('of racing all-or-nothing writes over the same keys, one wins whole', async () => {
        const other = await open();
        await store.writeTagged({ x: { n: 0 }, y: { n: 0 } });
        const read = await store.read(['x', 'y']);
        const write = (s: StateStore, n: number): Promise<unknown> => s.writeTagged({ x: { ...read.x, n }, y: { ...read.y, n } });
        const results = await Promise.allSettled([write(store, 1), write(other, 2), write(store, 3), write(other, 4)]);
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
        const after = values(await other.read(['x', 'y'])) as Record<string, { n: number }>;
        expect(after.x!.n).to.equal(after.y!.n).and.not.equal(0);
      });
    });

    describe('purging', () => {
      it('purges conversations not written for the given time, and users only on their own (longer) schedule', async () => {
        await store.writeTagged({
          'webchat/conversations/old/': { n: 1 },
          'msteams/conversations/a:1/users/x/': { n: 2 },
          'webchat/users/u1/': { n: 3 },
          'other-key': { n: 4 },
        });
        const start = now;
        expect(await store.purgeOlderThan(30 * DAY, 'conversations', start)).to.equal(0);
        await store.writeTagged({ 'webchat/conversations/recent/': { n: 5 } });
        // 31 days on, every conversation is older than 30 days; the user (and a key of neither kind) stays
        expect(await store.purgeOlderThan(30 * DAY, 'conversations', start + 31 * DAY)).to.equal(3);
        expect(Object.keys(await store.read(['webchat/conversations/old/', 'msteams/conversations/a:1/users/x/', 'webchat/conversations/recent/', 'webchat/users/u1/', 'other-key'])).sort()).to.deep.equal([
          'other-key',
          'webchat/users/u1/',
        ]);
        expect(await store.purgeOlderThan(365 * DAY, 'users', start + 31 * DAY)).to.equal(0);
        expect(await store.purgeOlderThan(365 * DAY, 'users', start + 366 * DAY)).to.equal(1);
        expect(Object.keys(await store.read(['webchat/users/u1/', 'other-key']))).to.deep.equal(['other-key']);
      });

      it('keeps a conversation that is written again, and takes its own clock without `now`', async () => {
        const key = 'webchat/conversations/busy/';
        await store.writeTagged({ [key]: { n: 1 } });
        now += 1000;
        await store.writeTagged({ [key]: { n: 2 } });
        expect(await store.purgeOlderThan(10, 'conversations', now + 5)).to.equal(0);
        expect(await store.purgeOlderThan(10, 'conversations', now + 11)).to.equal(1);
        await store.writeTagged({ [key]: { n: 3 } });
        expect(await store.purgeOlderThan(0, 'conversations')).to.equal(0);
        now += 1;
        expect(await store.purgeOlderThan(0, 'conversations')).to.equal(1);
      });

      it('refuses a negative or non-finite age', async () => {
        for (const age of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(await rejection(store.purgeOlderThan(age, 'users', now)), String(age)).to.be.instanceOf(RangeError);
      });
    });

    describe('user values (the learner directory)', () => {
      it("gives the value at a path of every user's state where it is an object, and nothing of conversations", async () => {
        await store.writeTagged({
          'webchat/users/ana/': { profile: { course: { step: 3, answers: ['a', 'ñ'] }, language: 'es' } },
          'msteams/users/bo/': { profile: { course: { step: 1 } } },
          'webchat/users/cy/': { profile: { language: 'en' } },
          'webchat/users/di/': { profile: { course: 'not an object' } },
          'webchat/users/ed/': { profile: { course: null } },
          'webchat/conversations/c1/': { profile: { course: { step: 9 } } },
          'msteams/conversations/a:1/users/fay/': { profile: { course: { step: 8 } } },
        });
        const found = (await store.userValues('$.profile.course')) as { step: number }[];
        expect(found.map((course) => course.step).sort()).to.deep.equal([1, 3]);
        expect(found.find((course) => course.step === 3)).to.deep.equal({ step: 3, answers: ['a', 'ñ'] });
        expect(await store.userValues('$.profile.nothing')).to.deep.equal([]);
        const learners = await new StateLearnerDirectory(store).learners();
        expect(learners).to.have.length(2);
      });
    });

    describe("under the bot's compare-and-set view (CompareAndSetStorage)", () => {
      it('writes an object it read back with the eTag it was read with, even when given "*"', async () => {
        const other = await open();
        const storage = new CompareAndSetStorage(store);
        await storage.write({ k: { n: 1 } });
        const item = (await storage.read(['k'])).k as Record<string, unknown>;
        await other.writeTagged({ k: { n: 2 } });
        item.n = 3;
        item.eTag = '*';
        const error = await storage.write({ k: item }).then(() => undefined, (e: unknown) => e);
        expect(error).to.be.instanceOf(ETagConflictError);
        expect((await store.read(['k'])).k).to.include({ n: 2 });
      });

      it('tracks the eTag of its own writes, so the same object can be saved twice in a row', async () => {
        const other = await open();
        const storage = new CompareAndSetStorage(store);
        const fresh: Record<string, unknown> = { n: 1 };
        await storage.write({ k: fresh });
        fresh.n = 2;
        fresh.eTag = '*';
        await storage.write({ k: fresh });
        expect((await store.read(['k'])).k).to.include({ n: 2 });
        await other.writeTagged({ k: { n: 9 } });
        fresh.n = 3;
        expect(await storage.write({ k: fresh }).then(() => 'ok', (e: unknown) => e)).to.be.instanceOf(ETagConflictError);
      });

      it('writes objects it never saw as given, and respects an explicit eTag', async () => {
        const other = await open();
        const storage = new CompareAndSetStorage(store);
        await other.writeTagged({ k: { n: 1 } });
        await storage.write({ k: { n: 2, eTag: '*' } });
        expect((await store.read(['k'])).k).to.include({ n: 2 });
        expect(await storage.write({ k: { n: 3, eTag: 'stale' } }).then(() => 'ok', (e: unknown) => e)).to.be.instanceOf(ETagConflictError);
        await storage.delete(['k']);
        expect(await store.read(['k'])).to.deep.equal({});
      });

      it('turns botbuilder ConversationState\'s "*" saves into compare-and-set: of two racing turns the later one fails', async () => {
        const race = await racingTurns(new CompareAndSetStorage(store), new CompareAndSetStorage(await open()));
        expect(race.secondSave).to.be.instanceOf(ETagConflictError);
        expect(await race.saved()).to.deep.equal({ said: ['seed', 'a'] });
      });

      it('leaves plain ConversationState last-writer-wins, which is why the bot needs it', async () => {
        const race = await racingTurns(plainStorage(store), plainStorage(await open()));
        expect(race.secondSave).to.equal(undefined);
        expect(await race.saved()).to.deep.equal({ said: ['seed', 'b'] });
      });
    });

    describe('closing', () => {
      it('finishes the operations under way, then refuses every operation; closing twice is harmless', async () => {
        const writing = store.writeTagged({ a: { n: 1 } });
        await store.close();
        expect(Object.keys(await writing)).to.deep.equal(['a']);
        await store.close();
        for (const operation of [
          () => store.read(['a']),
          () => store.writeTagged({ b: { n: 1 } }),
          () => store.delete(['a']),
          () => store.purgeOlderThan(0, 'conversations', now),
          () => store.userValues('$.profile'),
        ]) {
          expect(await rejection(operation())).to.be.instanceOf(Error);
        }
        // what was written stays for the next instance
        expect((await (await open()).read(['a'])).a).to.include({ n: 1 });
      });
    });
  });
}
