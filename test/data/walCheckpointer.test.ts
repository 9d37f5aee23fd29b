import { expect } from 'chai';
import * as path from 'node:path';
import { Db } from '../../src/data/db';
import { ingestRows } from '../../src/data/ingest';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { WalCheckpointer } from '../../src/data/walCheckpointer';
import { smallDataSet, tempDir, writeDataSet } from './helpers';

/** A write connection as the store's writer has it: WAL, no automatic checkpoints. */
async function writer(dbPath: string): Promise<Db> {
  const db = await Db.open(dbPath);
  await db.get('PRAGMA journal_mode = WAL');
  await db.exec('PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT);');
  return db;
}

/** A write of about 27 pages (two of them, about 56). */
const write = (db: Db): Promise<unknown> =>
  db.run('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO t SELECT hex(randomblob(500)) FROM n');

describe('data: WAL checkpoints apart from the batches (walCheckpointer)', function () {
  this.timeout(20000);
  let dir: string;
  let cleanup: () => void;
  let seq = 0;

  before(() => ({ dir, cleanup } = tempDir('wal-checkpoints-')));
  after(() => cleanup());

  const newFile = (): string => path.join(dir, `db-${++seq}.sqlite`);

  it('checkpoints what was committed, on its own connection: the writer finds nothing left to copy', async () => {
    const dbPath = newFile();
    const db = await writer(dbPath);
    const checkpointer = await WalCheckpointer.open(dbPath);
    try {
      await write(db);
      await checkpointer.request();
      // a reader's snapshot from now on would see the file alone: a restart of the WAL at the next write
      await write(db);
      const row = await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)');
      expect(row!.log).to.be.greaterThan(0).and.lessThan(40);
    } finally {
      await checkpointer.close();
      await db.close();
    }
  });

  it('asked again while running, runs once more after the running one, never two at once', async () => {
    const dbPath = newFile();
    const db = await writer(dbPath);
    const checkpointer = await WalCheckpointer.open(dbPath);
    try {
      await write(db);
      const first = checkpointer.request();
      await write(db);
      const second = checkpointer.request();
      expect(second).to.equal(first);
      await second;
      await write(db);
      // both writes before were checkpointed: the third started the WAL over
      const row = await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)');
      expect(row!.log).to.be.lessThan(40);
    } finally {
      await checkpointer.close();
      await db.close();
    }
  });

  it('holds the next batch until the checkpoints catch up once one found the WAL past its limit, and not before', async () => {
    for (const [limit, expected] of [
      [20, ['checkpoint', 'batch']],
      [1_000_000, ['batch', 'checkpoint']],
    ] as const) {
      const dbPath = newFile();
      const db = await writer(dbPath);
      const checkpointer = await WalCheckpointer.open(dbPath, limit);
      try {
        await write(db);
        await checkpointer.request(); // found about 30 frames
        await write(db);
        const order: string[] = [];
        const running = checkpointer.request().then(() => order.push('checkpoint'));
        await checkpointer.bound().then(() => order.push('batch'));
        await running;
        expect(order, `limit ${limit}`).to.deep.equal(expected);
      } finally {
        await checkpointer.close();
        await db.close();
      }
    }
  });

  it('a store whose batches checkpoint apart keeps every batch, and its file is whole once closed', async () => {
    const dbPath = newFile();
    await importFolder(dbPath, writeDataSet(path.join(dir, `in-${seq}`), smallDataSet()));
    const store = await SqliteCampaignStore.open(dbPath, { writer: { checkpointApart: true } });
    try {
      for (let i = 0; i < 5; i++) {
        const outcome = await ingestRows(store, 'attempts', [
          { attempt_id: `W-${i}`, contact_id: 'C-7', started_at: `2025-03-0${i + 1}T10:00:00-05:00`, result: 'busy' },
        ]);
        expect(outcome.ok).to.equal(true);
      }
      expect((await store.findContact('C-7'))?.attempts.map((a) => a.id)).to.include.members(['W-0', 'W-4']);
    } finally {
      await store.close();
    }
    const db = await Db.open(dbPath, { readonly: true });
    try {
      expect((await db.get<{ quick_check: string }>('PRAGMA quick_check'))!.quick_check).to.equal('ok');
      expect((await db.get<{ n: number }>("SELECT count(*) AS n FROM attempts WHERE id LIKE 'W-%'"))!.n).to.equal(5);
    } finally {
      await db.close();
    }
  });
});
