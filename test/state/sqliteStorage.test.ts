import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { Db } from '../../src/data/db';
import { openCampaignDb } from '../../src/data/sqliteStore';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { ETagConflictError } from '../../src/state/stateStore';
import { storedRow, tempFolder } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** The items without their eTags, for comparing values. */
function values(items: StoreItems): Record<string, unknown> {
  return Object.fromEntries(Object.entries(items as Record<string, Record<string, unknown>>).map(([key, { eTag: _eTag, ...rest }]) => [key, rest]));
}

describe('SqliteStorage (botbuilder Storage on SQLite)', () => {
  let temp: ReturnType<typeof tempFolder>;
  let storage: SqliteStorage;
  const others: SqliteStorage[] = [];

  beforeEach(async () => {
    temp = tempFolder('state-storage-');
    storage = await SqliteStorage.open(temp.file('state.sqlite'));
  });

  afterEach(async () => {
    await storage.close();
    for (const other of others.splice(0)) await other.close();
    temp.remove();
  });

  async function second(): Promise<SqliteStorage> {
    const other = await SqliteStorage.open(storage.path);
    others.push(other);
    return other;
  }

  it('creates its file in WAL mode with a schema version and the state table', async () => {
    const db = await Db.open(storage.path, { readonly: true });
    try {
      expect(await db.get('PRAGMA journal_mode')).to.deep.equal({ journal_mode: 'wal' });
      expect(await db.all('SELECT version, name FROM schema_version')).to.deep.equal([{ version: 1, name: 'bot state items with eTags' }]);
      const columns = await db.all<{ name: string; type: string; notnull: number; pk: number }>('PRAGMA table_info(state)');
      expect(columns.map(({ name, type, notnull, pk }) => [name, type, notnull, pk])).to.deep.equal([
        ['key', 'TEXT', 1, 1],
        ['etag', 'TEXT', 1, 0],
        ['json', 'TEXT', 1, 0],
        ['updated_at', 'INTEGER', 1, 0],
      ]);
    } finally {
      await db.close();
    }
  });

  it('reads nothing for missing keys and for no keys', async () => {
    expect(await storage.read([])).to.deep.equal({});
    expect(await storage.read(['nope', 'neither'])).to.deep.equal({});
    await storage.write({ here: { n: 1 } });
    expect(Object.keys(await storage.read(['nope', 'here', 'here']))).to.deep.equal(['here']);
  });

  it('writes, reads back with an eTag, and gives every write a new eTag', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    const first = await storage.read(['a', 'b']);
    expect(values(first)).to.deep.equal({ a: { n: 1 }, b: { n: 2 } });
    expect(first.a.eTag).to.be.a('string').and.not.equal('*');
    expect(first.a.eTag).to.not.equal(first.b.eTag);

    await storage.write({ a: { ...first.a, n: 3 } });
    const next = await storage.read(['a']);
    expect(next.a).to.include({ n: 3 });
    expect(next.a.eTag).to.not.equal(first.a.eTag);
    // the row holds the item with its eTag, and the eTag column agrees
    const row = await storedRow(storage.path, 'a');
    expect(row?.etag).to.equal(next.a.eTag);
    expect(JSON.parse(row?.json ?? '')).to.deep.equal(next.a);
  });

  it('does not change the objects it is given', async () => {
    const item = { n: 1, eTag: '*' };
    await storage.write({ a: item });
    expect(item).to.deep.equal({ n: 1, eTag: '*' });
  });

  it('overwrites with eTag "*" or none, whatever is stored', async () => {
    await storage.write({ a: { n: 1 } });
    await storage.write({ a: { n: 2, eTag: '*' } });
    expect((await storage.read(['a'])).a).to.include({ n: 2 });
    await storage.write({ a: { n: 3 } });
    expect((await storage.read(['a'])).a).to.include({ n: 3 });
  });

  it('writes with the current eTag and rejects a stale one with an ETagConflictError', async () => {
    await storage.write({ a: { n: 1 } });
    const read = await storage.read(['a']);
    await storage.write({ a: { ...read.a, n: 2 } });
    const error = await rejection(storage.write({ a: { ...read.a, n: 3 } }));
    expect(error).to.be.instanceOf(ETagConflictError);
    expect(error.message).to.contain('eTag conflict').and.to.contain('"a"');
    expect((error as ETagConflictError).key).to.equal('a');
    expect((await storage.read(['a'])).a).to.include({ n: 2 });
  });

  it('writes an item whose eTag names nothing stored, as MemoryStorage does', async () => {
    await storage.write({ fresh: { n: 1, eTag: 'from-somewhere-else' } });
    expect((await storage.read(['fresh'])).fresh).to.include({ n: 1 });
  });

  it('writes several changes all or nothing', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 1 } });
    const read = await storage.read(['a', 'b']);
    await storage.write({ b: { ...read.b, n: 2 } });
    // a is current and c is new, but b is stale: nothing is written
    const error = await rejection(storage.write({ a: { ...read.a, n: 9 }, c: { n: 9 }, b: { ...read.b, n: 9 } }));
    expect(error).to.be.instanceOf(ETagConflictError);
    const after = await storage.read(['a', 'b', 'c']);
    expect(values(after)).to.deep.equal({ a: { n: 1 }, b: { n: 2 } });
    expect(after.a.eTag).to.equal(read.a.eTag);
    // and a value JSON cannot hold rolls the whole write back too
    await rejection(storage.write({ a: { n: 5 }, d: { n: BigInt(1) } }));
    expect(values(await storage.read(['a', 'd']))).to.deep.equal({ a: { n: 1 } });
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
    await storage.write({ [key]: item });
    const { eTag, ...back } = (await storage.read([key]))[key] as Record<string, unknown>;
    expect(eTag).to.be.a('string');
    expect(back).to.deep.equal({ ...item, when: when.toISOString() });
  });

  it('deletes the keys it is given and ignores missing ones', async () => {
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    const read = await storage.read(['a']);
    await storage.delete(['a', 'missing']);
    expect(values(await storage.read(['a', 'b']))).to.deep.equal({ b: { n: 2 } });
    // a deleted item can be written again, even with its old eTag
    await storage.write({ a: { ...read.a, n: 3 } });
    expect((await storage.read(['a'])).a).to.include({ n: 3 });
    await storage.delete([]);
  });

  it('rejects missing arguments and items that are no objects, as MemoryStorage throws', async () => {
    expect(await rejection(storage.read(undefined as unknown as string[]))).to.be.instanceOf(ReferenceError);
    expect(await rejection(storage.write(undefined as unknown as StoreItems))).to.be.instanceOf(ReferenceError);
    expect(await rejection(storage.write({ a: 'text' }))).to.be.instanceOf(TypeError);
  });

  it('behaves as MemoryStorage on the same sequence of operations', async () => {
    const memory = new MemoryStorage();
    type Step = (s: Storage, read: (s: Storage, key: string) => Promise<Record<string, unknown>>) => Promise<unknown>;
    const reads = new Map<Storage, Map<string, Record<string, unknown>>>();
    const remember = async (s: Storage, key: string): Promise<Record<string, unknown>> => {
      const item = ((await s.read([key]))[key] as Record<string, unknown> | undefined) ?? {};
      if (!reads.has(s)) reads.set(s, new Map());
      reads.get(s)?.set(key, item);
      return item;
    };
    const last = (s: Storage, key: string): Record<string, unknown> => reads.get(s)?.get(key) ?? {};
    const steps: Step[] = [
      (s) => s.write({ a: { v: 1 } }),
      (s, read) => read(s, 'a'),
      (s) => s.write({ a: { ...last(s, 'a'), v: 2 } }),
      (s) => s.write({ a: { ...last(s, 'a'), v: 3 } }),
      (s) => s.write({ a: { v: 4, eTag: '*' } }),
      (s, read) => read(s, 'a'),
      (s) => s.write({ a: { ...last(s, 'a'), v: 5 }, b: { v: 1 } }),
      (s) => s.write({ a: { ...last(s, 'a'), v: 55 } }),
      (s) => s.delete(['a']),
      (s) => s.write({ a: { ...last(s, 'a'), v: 6 } }),
      (s) => s.write({ c: { v: 1, eTag: 'unknown' } }),
    ];
    const outcomes = async (s: Storage): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const step of steps) out.push(await step(s, remember).then(() => 'ok', (e: Error) => (/eTag conflict/.test(e.message) ? 'conflict' : e.message)));
      out.push(values(await s.read(['a', 'b', 'c'])));
      return out;
    };
    const sqliteOutcomes = await outcomes(storage);
    expect(sqliteOutcomes).to.deep.equal(await outcomes(memory));
    expect(sqliteOutcomes.filter((o) => o === 'conflict')).to.have.length(2);
  });

  it('shares one file between instances: each sees the other\'s writes, and of two writes with the same eTag one wins', async () => {
    const other = await second();
    await storage.write({ k: { n: 0 } });
    const mine = (await storage.read(['k'])).k;
    const theirs = (await other.read(['k'])).k;
    expect(theirs).to.deep.equal(mine);

    const results = await Promise.allSettled([storage.write({ k: { ...mine, n: 1 } }), other.write({ k: { ...theirs, n: 2 } })]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).to.have.length(1);
    expect(lost).to.have.length(1);
    expect(lost[0]?.reason).to.be.instanceOf(ETagConflictError);
    const winner = results[0]?.status === 'fulfilled' ? 1 : 2;
    expect((await other.read(['k'])).k).to.include({ n: winner });
    expect((await storage.read(['k'])).k).to.include({ n: winner });
  });

  it('lets exactly one of many racing compare-and-set writes win, across instances', async () => {
    const instances = [storage, await second(), await second()];
    await storage.write({ counter: { n: 0 } });
    const read = (await storage.read(['counter'])).counter;
    const attempts = Array.from({ length: 30 }, (_, i) => instances[i % instances.length]!.write({ counter: { ...read, n: i + 1 } }));
    const results = await Promise.allSettled(attempts);
    const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
    expect(winners).to.have.length(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ETagConflictError);
    expect((await instances[2]!.read(['counter'])).counter).to.include({ n: winners[0] });
  });

  it('purges conversations not written for the given time, and users only on their own (longer) schedule', async () => {
    await storage.write({
      'webchat/conversations/old/': { n: 1 },
      'msteams/conversations/a:1/users/x/': { n: 2 },
      'webchat/users/u1/': { n: 3 },
      'other-key': { n: 4 },
    });
    const now = Date.now();
    expect(await storage.purgeOlderThan(30 * DAY, 'conversations', now)).to.equal(0);
    await storage.write({ 'webchat/conversations/recent/': { n: 5 } });
    // 31 days on, every conversation is older than 30 days; the user (and a key of neither kind) stays
    expect(await storage.purgeOlderThan(30 * DAY, 'conversations', now + 31 * DAY)).to.equal(3);
    expect(Object.keys(await storage.read(['webchat/conversations/old/', 'msteams/conversations/a:1/users/x/', 'webchat/conversations/recent/', 'webchat/users/u1/', 'other-key'])).sort()).to.deep.equal([
      'other-key',
      'webchat/users/u1/',
    ]);
    expect(await storage.purgeOlderThan(365 * DAY, 'users', now + 31 * DAY)).to.equal(0);
    expect(await storage.purgeOlderThan(365 * DAY, 'users', now + 366 * DAY)).to.equal(1);
    expect(Object.keys(await storage.read(['webchat/users/u1/', 'other-key']))).to.deep.equal(['other-key']);
  });

  it('keeps a conversation that is written again', async () => {
    const key = 'webchat/conversations/busy/';
    await storage.write({ [key]: { n: 1 } });
    const before = (await storedRow(storage.path, key))?.updated_at ?? 0;
    // a second later, by the storage's clock (Date.now), without waiting for it
    const realNow = Date.now;
    Date.now = () => realNow() + 1000;
    try {
      await storage.write({ [key]: { n: 2 } });
    } finally {
      Date.now = realNow;
    }
    const after = (await storedRow(storage.path, key))?.updated_at ?? 0;
    expect(after).to.be.greaterThan(before);
    expect(await storage.purgeOlderThan(10, 'conversations', after + 5)).to.equal(0);
    expect(await storage.purgeOlderThan(10, 'conversations', after + 11)).to.equal(1);
  });

  it('opens a new file from several instances at once (two processes starting together)', async () => {
    for (let round = 0; round < 20; round++) {
      const path = temp.file(`together-${round}.sqlite`);
      const instances = Array.from({ length: 4 }, () => new SqliteStorage(path));
      await Promise.all(instances.map((instance) => instance.ready()));
      await Promise.all(instances.map((instance, i) => instance.write({ [`k${i}`]: { i } })));
      expect(Object.keys(await instances[0]!.read(['k0', 'k1', 'k2', 'k3']))).to.have.length(4);
      for (const instance of instances) await instance.close();
    }
  });

  it('survives being reopened, and refuses to work once closed', async () => {
    await storage.write({ a: { n: 1 } });
    await storage.close();
    await storage.close();
    expect((await rejection(storage.read(['a']))).message).to.contain('closed');
    storage = await SqliteStorage.open(storage.path);
    expect((await storage.read(['a'])).a).to.include({ n: 1 });
  });

  it('will not take over another program\'s database, nor open a file in a missing folder', async () => {
    const campaigns = await openCampaignDb(temp.file('campaigns.sqlite'));
    await campaigns.close();
    expect((await rejection(SqliteStorage.open(temp.file('campaigns.sqlite')))).message).to.contain('is not a bot state database');
    expect(await rejection(SqliteStorage.open(temp.file('no/such/folder/state.sqlite')))).to.be.instanceOf(Error);
    expect(existsSync(temp.file('no'))).to.equal(false);
  });
});
