/**
 * What is SQLite's own in SqliteStorage: the file, its schema and its rows. What every state store does (eTags,
 * purging, several instances, closing) is in the conformance suite, test/conformance/stateStore.suite.ts.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { STATE_MIGRATIONS } from '../../src/state/stateSchema';
import { Db } from '../../src/data/db';
import { openCampaignDb } from '../../src/data/sqliteStore';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import { storedRow, tempFolder } from './helpers';
import { rejection } from '../helpers/rejection';

describe('SqliteStorage (the state store on SQLite)', () => {
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

  it('creates its file in WAL mode with a schema version and the state table', async () => {
    const db = await Db.open(storage.path, { readonly: true });
    try {
      expect(await db.get('PRAGMA journal_mode')).to.deep.equal({ journal_mode: 'wal' });
      expect(await db.all('SELECT version, name FROM schema_version ORDER BY version')).to.deep.equal(STATE_MIGRATIONS.map(({ version, name }) => ({ version, name })));
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

  it('keeps each item in one row: its key, its eTag, its JSON with that eTag, and when it was written', async () => {
    const when = Date.UTC(2026, 0, 1);
    const clocked = await SqliteStorage.open(storage.path, { now: () => when });
    others.push(clocked);
    const tags = await clocked.writeTagged({ a: { n: 1, eTag: '*' } });
    const row = await storedRow(storage.path, 'a');
    expect(row?.etag).to.equal(tags.a);
    expect(JSON.parse(row?.json ?? '')).to.deep.equal({ n: 1, eTag: tags.a });
    expect(row?.updated_at).to.equal(when);
    expect((await storage.read(['a'])).a).to.deep.equal({ n: 1, eTag: tags.a });
  });

  it('is botbuilder Storage too: write() is writeTagged() without the eTags', async () => {
    await storage.write({ a: { n: 1 } });
    const read = await storage.read(['a']);
    await storage.write({ a: { ...read.a, n: 2 } });
    expect(await storage.write({ a: { ...read.a, n: 3 } }).then(() => 'ok', (e: Error) => e.name)).to.equal('ETagConflictError');
    expect((await storage.read(['a'])).a).to.include({ n: 2 });
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

  it('survives being reopened, and says it is closed once closed', async () => {
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
