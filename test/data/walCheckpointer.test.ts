import { expect } from 'chai';
import * as path from 'node:path';
import { Db } from '../../src/data/db';
import { ingestRows } from '../../src/data/ingest';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { WalCheckpointer } from '../../src/data/walCheckpointer';
import { smallDataSet, tempDir, writeDataSet } from './helpers';

/** Runs `use` with a new file's write connection as the store's writer has it (WAL, no automatic checkpoints) and a checkpointer. */
async function withWriter(
  dbPath: string,
  maxFrames: number | undefined,
  use: (db: Db, checkpointer: WalCheckpointer) => Promise<void>,
  minIntervalMs?: number,
): Promise<void> {
  const db = await Db.open(dbPath);
  await db.get('PRAGMA journal_mode = WAL');
  await db.exec('PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x TEXT);');
  const checkpointer = await WalCheckpointer.open(dbPath, maxFrames, minIntervalMs);
  try {
    await use(db, checkpointer);
  } finally {
    await checkpointer.close();
    await db.close();
  }
}

/** How many frames the WAL holds (asked by checkpointing them on the writer's connection): few when the last write started it over. */
const walFrames = async (db: Db): Promise<number> => (await db.get<{ log: number }>('PRAGMA wal_checkpoint(PASSIVE)'))!.log;

/**
 * Counts the checkpoints `checkpointer` runs from now on; with `held`, each waits for it before it runs (so a test
 * can ask again while one is surely running).
 */
function countCheckpoints(checkpointer: WalCheckpointer, held: Promise<void> = Promise.resolve()): { n: number } {
  const count = { n: 0 };
  const inner = (checkpointer as unknown as { db: Db }).db;
  const get = inner.get.bind(inner);
  inner.get = (async (sql: string, params?: []) => {
    if (sql.startsWith('PRAGMA wal_checkpoint')) {
      await held;
      count.n++;
    }
    return get(sql, params);
  }) as Db['get'];
  return count;
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

  it('checkpoints what was committed, on its own connection: the writer finds nothing left to copy', () =>
    withWriter(newFile(), undefined, async (db, checkpointer) => {
      await write(db);
      await checkpointer.request();
      // a reader's snapshot from now on sees the file alone: the next write starts the WAL over
      await write(db);
      expect(await walFrames(db)).to.be.greaterThan(0).and.lessThan(40);
    }));

  it('asked again while running, runs once more after the running one, never two at once', () =>
    withWriter(newFile(), undefined, async (db, checkpointer) => {
      let release!: () => void;
      const checkpoints = countCheckpoints(checkpointer, new Promise<void>((resolve) => (release = resolve)));
      await write(db);
      const first = checkpointer.request();
      await write(db);
      const second = checkpointer.request();
      expect(second).to.equal(first);
      expect(checkpoints.n, 'held').to.equal(0);
      release();
      await second;
      expect(checkpoints.n, 'the running one, then one more').to.equal(2);
      // both writes before were checkpointed: the third starts the WAL over
      await write(db);
      expect(await walFrames(db)).to.be.lessThan(40);
    }));

  it('holds the next batch until the checkpoints catch up once one found the WAL past its limit, and not before', async () => {
    for (const [limit, expected] of [
      [20, ['checkpoint', 'batch']],
      [1_000_000, ['batch', 'checkpoint']],
    ] as const) {
      await withWriter(newFile(), limit, async (db, checkpointer) => {
        await write(db);
        await checkpointer.request(); // found about 27 frames
        await write(db);
        const order: string[] = [];
        const running = checkpointer.request().then(() => order.push('checkpoint'));
        await checkpointer.bound().then(() => order.push('batch'));
        await running;
        expect(order, `limit ${limit}`).to.deep.equal(expected);
      });
    }
  });

  it('begins a checkpoint at most every minIntervalMs: one asked for sooner waits for it, or for the batch that needs it', async () => {
    await withWriter(
      newFile(),
      20,
      async (db, checkpointer) => {
        const checkpoints = countCheckpoints(checkpointer);
        await write(db);
        await checkpointer.request(); // the first at once (about 27 frames: past the limit of 20)
        expect(checkpoints.n).to.equal(1);
        await write(db);
        let done = false;
        const waiting = checkpointer.request().then(() => (done = true));
        expect(checkpointer.request(), 'asked again while it waits: the same one').to.equal(checkpointer.request());
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect([checkpoints.n, done]).to.deep.equal([1, false]);
        // the WAL was found past its limit: the next batch has the waiting checkpoint run now, not an hour later
        const started = Date.now();
        await checkpointer.bound();
        await waiting;
        expect(Date.now() - started).to.be.lessThan(5000);
        expect(checkpoints.n).to.equal(2);
        await write(db);
        expect(await walFrames(db), 'the WAL started over').to.be.lessThan(40);
      },
      3_600_000,
    );
  });

  it('closing runs a checkpoint waiting for its time, at once', async () => {
    const started = Date.now();
    let checkpoints = { n: 0 };
    await withWriter(
      newFile(),
      undefined,
      async (db, checkpointer) => {
        checkpoints = countCheckpoints(checkpointer);
        await write(db);
        await checkpointer.request();
        await write(db);
        void checkpointer.request();
        expect(checkpoints.n).to.equal(1);
      },
      3_600_000,
    );
    expect(checkpoints.n).to.equal(2);
    expect(Date.now() - started).to.be.lessThan(5000);
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
