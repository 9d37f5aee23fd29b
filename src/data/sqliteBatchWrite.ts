/**
 * A batch write into a SQLite campaign database: one transaction (BEGIN IMMEDIATE) on a write connection, not the
 * readers' one, so readers keep answering from the last committed data until the commit (WAL); a rollback leaves the
 * file as it was. An import opens a connection for its one batch; a store keeps one (SqliteWriter) for the ingest's
 * many small batches, which run on it one after another.
 *
 * At commit the derived facts (derivedFactsSql.ts) and the per-campaign aggregates are brought up to date in the
 * same transaction, by strategy: `incremental` (temp triggers record what the upserts changed, batchTracking.ts: the
 * touched contacts' facts are recomputed and their campaigns' aggregates moved by the difference) or `bulk` (secondary
 * indexes dropped during the load and rebuilt at the end, everything recomputed), chosen by the size of the batch
 * compared with what is stored.
 */
import type { AttemptRecord, BatchOptions, BatchWrite, CampaignRecord, CommitResult, ContactRecord, Recompute, RowCounts, WriteStrategy } from './campaignStore';
import { openCampaignDb } from './campaignDb';
import { isBusyError, type Db } from './db';
import { CLEAR_SQL, SETUP_SQL, trackingSql, UNTRACK_SQL } from './batchTracking';
import { allFactsSql, shiftedFactsSql } from './derivedFactsSql';
import { SQLITE_DIALECT } from './sql';
import { SqliteRowSink } from './sqliteRowSink';
import { ATTEMPT_ROWS, CAMPAIGN_ROWS, CONTACT_ROWS } from './tableRows';
import { WalCheckpointer } from './walCheckpointer';

/** Tables whose secondary indexes the bulk strategy drops during the load and rebuilds at the end. */
const BULK_TABLES = ['contacts', 'attempts', 'contact_facts'];

/**
 * Bulk when the batch would add at least a quarter of what is stored: rebuilding the indexes and all the facts then
 * costs less than maintaining them row by row.
 */
async function chooseStrategy(db: Db, incomingRows: number): Promise<WriteStrategy> {
  const row = await db.get<{ contacts: number; attempts: number }>(
    'SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM attempts) AS attempts',
  );
  const stored = (row?.contacts ?? 0) + (row?.attempts ?? 0);
  return incomingRows * 4 >= stored ? 'bulk' : 'incremental';
}

export interface WriterOptions {
  /** ms a batch waits for another connection's write lock (another process's import) before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** The connection's page cache in KiB (default 256 MiB: a big import's working set). */
  cacheKib?: number;
  /**
   * Bytes of the file the connection reads through a memory map (default 0: none). Small batches of contacts all over
   * a big file read a page here and a page there: mapped, a page read is no system call and no copy into the cache.
   */
  mmapBytes?: number;
  /**
   * Checkpoint the WAL after each batch on a connection of its own (walCheckpointer.ts) instead of inside the COMMIT
   * that takes it past 1,000 pages (default false: an import's one batch checkpoints as SQLite does).
   */
  checkpointApart?: boolean;
  /** With checkpointApart: ms at least between the beginnings of two checkpoints (default 0: after every batch). */
  checkpointEveryMs?: number;
}

/**
 * A write connection to a campaign database, on which batches run one after another. Kept open, it keeps its page
 * cache and its temp triggers from one batch to the next (the ingest's many small batches); an import opens one for
 * its single batch.
 */
export class SqliteWriter {
  private tail: Promise<void> = Promise.resolve();
  private tracking = false;
  private closed = false;

  private constructor(
    private readonly db: Db,
    private readonly checkpointer: WalCheckpointer | undefined,
  ) {}

  static async open(dbPath: string, options: WriterOptions = {}): Promise<SqliteWriter> {
    // a batch job: its statements take as long as the data needs
    const db = await openCampaignDb(dbPath, { queryTimeoutMs: 0, busyTimeoutMs: options.busyTimeoutMs });
    let checkpointer: WalCheckpointer | undefined;
    try {
      await db.exec(`${SETUP_SQL} PRAGMA cache_size = -${Math.round(options.cacheKib ?? 262_144)}; PRAGMA mmap_size = ${Math.round(options.mmapBytes ?? 0)};`);
      if (options.checkpointApart) {
        checkpointer = await WalCheckpointer.open(dbPath, undefined, options.checkpointEveryMs ?? 0);
        await db.exec('PRAGMA wal_autocheckpoint = 0');
      }
    } catch (err) {
      await checkpointer?.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      throw err;
    }
    return new SqliteWriter(db, checkpointer);
  }

  /** Begins a batch once the one before it has ended (committed or rolled back). */
  async begin(options: BatchOptions): Promise<SqliteBatchWrite> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => {
      release = () => {
        resolve();
        void this.checkpointer?.request();
      };
    });
    await previous;
    if (this.closed) {
      release();
      throw new Error('the database writer is closed');
    }
    try {
      await this.checkpointer?.bound();
      return await this.start(options, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Waits for the batch running and the checkpoint after it, then closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.checkpointer?.close().catch(() => undefined);
    await this.db.close();
  }

  private async start(options: BatchOptions, release: () => void): Promise<SqliteBatchWrite> {
    const db = this.db;
    const strategy = options.strategy && options.strategy !== 'auto' ? options.strategy : await chooseStrategy(db, options.incomingRows ?? 0);
    // outside the transaction, which a rollback would take them away with
    await db.exec(CLEAR_SQL);
    await this.track(strategy === 'incremental');
    let began = false;
    try {
      await db.run('BEGIN IMMEDIATE');
      began = true;
      const batchId = (await db.run('INSERT INTO imports (folder, strategy, started_at) VALUES (?, ?, ?)', [options.source, strategy, new Date().toISOString()])).lastID;
      const droppedIndexes: { table: string; sql: string }[] = [];
      if (strategy === 'bulk') {
        const indexes = await db.all<{ name: string; tbl_name: string; sql: string }>(
          `SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name IN (${BULK_TABLES.map(() => '?').join(',')}) ORDER BY name`,
          BULK_TABLES,
        );
        for (const ix of indexes) {
          await db.run(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
          droppedIndexes.push({ table: ix.tbl_name, sql: ix.sql });
        }
      }
      return new SqliteBatchWrite(db, batchId, strategy, droppedIndexes, options, release);
    } catch (err) {
      // a BEGIN given up on may still have gone through
      if (began || isBusyError(err)) await db.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** Installs the incremental strategy's triggers, or takes them away for a bulk load (temp schema: this connection only). */
  private async track(on: boolean): Promise<void> {
    if (on === this.tracking) return;
    await this.db.exec(on ? trackingSql(CAMPAIGN_ROWS.factColumns, ATTEMPT_ROWS.factColumns) : UNTRACK_SQL);
    this.tracking = on;
  }
}

export class SqliteBatchWrite implements BatchWrite {
  readonly campaigns: SqliteRowSink<CampaignRecord>;
  readonly contacts: SqliteRowSink<ContactRecord>;
  readonly attempts: SqliteRowSink<AttemptRecord>;
  private ended = false;

  /** `release` hands the connection back once the batch has ended. */
  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    readonly strategy: WriteStrategy,
    private readonly droppedIndexes: readonly { table: string; sql: string }[],
    private readonly options: BatchOptions,
    private readonly release: () => void,
  ) {
    const size = Math.max(1, Math.min(options.rowsPerWrite ?? 1000, 10_000));
    const onRejected = options.onRejected.bind(options);
    this.campaigns = new SqliteRowSink(db, batchId, size, CAMPAIGN_ROWS, onRejected);
    this.contacts = new SqliteRowSink(db, batchId, size, CONTACT_ROWS, onRejected);
    this.attempts = new SqliteRowSink(db, batchId, size, ATTEMPT_ROWS, onRejected);
  }

  /** Opens a connection of its own to the database at `dbPath` (created and migrated when missing), closed when the batch ends. */
  static async begin(dbPath: string, options: BatchOptions): Promise<SqliteBatchWrite> {
    const writer = await SqliteWriter.open(dbPath);
    try {
      const batch = await writer.begin(options);
      batch.onEnd = () => writer.close();
      return batch;
    } catch (err) {
      await writer.close().catch(() => undefined);
      throw err;
    }
  }

  /** Run once the batch has ended and handed its connection back (closes a connection of its own). */
  private onEnd: () => Promise<void> = async () => undefined;

  async campaignIds(): Promise<string[]> {
    return (await this.db.all<{ id: string }>('SELECT id FROM campaigns')).map((r) => r.id);
  }

  async commit(recompute: Recompute = 'tracked'): Promise<CommitResult> {
    if (this.ended) throw new Error('the batch has ended');
    const counts: RowCounts = { campaigns: this.campaigns.written, contacts: this.contacts.written, attempts: this.attempts.written };
    const committedAt = new Date().toISOString();
    let campaignIds: string[];
    try {
      const everything = this.strategy === 'bulk' || recompute === 'all';
      await this.updateFacts(recompute);
      await this.db.run(
        `INSERT INTO import_campaigns (import_id, campaign_id) SELECT ?, id FROM ${everything ? 'campaigns' : 'import_affected'}`,
        [this.batchId],
      );
      campaignIds = (await this.db.all<{ campaign_id: string }>('SELECT campaign_id FROM import_campaigns WHERE import_id = ? ORDER BY campaign_id', [this.batchId])).map((r) => r.campaign_id);
      await this.db.run('UPDATE imports SET finished_at = ?, campaigns = ?, contacts = ?, attempts = ? WHERE id = ?', [
        committedAt,
        counts.campaigns,
        counts.contacts,
        counts.attempts,
        this.batchId,
      ]);
      await this.db.run('COMMIT');
    } catch (err) {
      await this.rollback();
      throw err;
    }
    await this.end();
    return { rows: counts, change: { seq: this.batchId, source: this.options.source, committedAt, campaignIds } };
  }

  async rollback(): Promise<void> {
    if (this.ended) return;
    for (const sink of [this.campaigns, this.contacts, this.attempts]) await sink.close();
    await this.db.run('ROLLBACK').catch(() => undefined);
    await this.end();
  }

  private async end(): Promise<void> {
    this.ended = true;
    this.release();
    await this.onEnd().catch(() => undefined);
  }

  private async updateFacts(recompute: Recompute): Promise<void> {
    const db = this.db;
    const now = new Date().toISOString();
    const runAll = async (statements: string[]): Promise<void> => {
      for (const sql of statements) await db.run(sql, sql.includes('?') ? [now] : []);
    };
    if (this.strategy === 'bulk') {
      // attempts and contacts indexes first (the facts query uses them), the facts index once the facts are in
      for (const ix of this.droppedIndexes) if (ix.table !== 'contact_facts') await db.run(ix.sql);
      await db.run('DELETE FROM contact_facts');
      const [facts, ...aggregates] = allFactsSql(SQLITE_DIALECT);
      await db.run(facts!);
      for (const ix of this.droppedIndexes) if (ix.table === 'contact_facts') await db.run(ix.sql);
      await runAll(aggregates);
      return;
    }
    if (recompute === 'all') {
      await db.run('DELETE FROM contact_facts');
      await runAll(allFactsSql(SQLITE_DIALECT));
      return;
    }
    if (recompute !== 'tracked') {
      for (const table of ['import_touched', 'import_affected', 'import_recount']) {
        const ids = table === 'import_touched' ? recompute.contactIds : recompute.campaignIds;
        await db.run(`INSERT OR IGNORE INTO ${table} SELECT value FROM json_each(?)`, [JSON.stringify(ids)]);
      }
      // a contact is named because its facts may be wrong: a difference from them would carry the error into its
      // campaign's figures, so that campaign is counted again whole
      await db.run('INSERT OR IGNORE INTO import_recount SELECT DISTINCT k.campaign_id FROM contacts k WHERE k.id IN (SELECT value FROM json_each(?))', [
        JSON.stringify(recompute.contactIds),
      ]);
    }
    // the touched few drive the joins (the planner has no statistics on the temp tables)
    await runAll(
      shiftedFactsSql(SQLITE_DIALECT, {
        touched: 'import_touched',
        affected: 'import_affected',
        recount: 'import_recount',
        oldFacts: 'import_old_facts',
        newFacts: 'import_new_facts',
        statusShift: 'import_status_shift',
        slotChanges: 'import_slot_changes',
      }),
    );
  }
}
