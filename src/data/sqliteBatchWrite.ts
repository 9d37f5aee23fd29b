/**
 * A batch write into a SQLite campaign database: one transaction (BEGIN IMMEDIATE) on a connection of its own, so
 * readers keep answering from the last committed data until the commit (WAL); a rollback leaves the file as it was.
 *
 * At commit the derived facts (derivedFactsSql.ts) and the per-campaign aggregates are brought up to date in the
 * same transaction, by strategy: `incremental` (temp triggers record which contacts and campaigns the upserts changed;
 * only those are recomputed) or `bulk` (secondary indexes dropped during the load and rebuilt at the end, everything
 * recomputed), chosen by the size of the batch compared with what is stored.
 */
import type { AttemptRecord, BatchOptions, BatchWrite, CampaignRecord, CommitResult, ContactRecord, Recompute, RowCounts, WriteStrategy } from './campaignStore';
import { openCampaignDb } from './campaignDb';
import type { Db } from './db';
import { allFactsSql, touchedFactsSql } from './derivedFactsSql';
import { SQLITE_DIALECT } from './sql';
import { DUPLICATE_MARK, SqliteRowSink } from './sqliteRowSink';
import { ATTEMPT_ROWS, CAMPAIGN_ROWS, CONTACT_ROWS } from './tableRows';

/** `(OLD.a, OLD.b) IS NOT (NEW.a, NEW.b)`: did an update change any of these columns? */
const changed = (columns: readonly string[]): string =>
  `(${columns.map((c) => `OLD.${c}`).join(', ')}) IS NOT (${columns.map((c) => `NEW.${c}`).join(', ')})`;

const SETUP_SQL = `
  PRAGMA temp_store = MEMORY;
  PRAGMA cache_size = -262144;
  CREATE TEMP TABLE IF NOT EXISTS import_touched (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_affected (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_campaigns BEFORE UPDATE ON campaigns WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_contacts BEFORE UPDATE ON contacts WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_attempts BEFORE UPDATE ON attempts WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
`;

/**
 * Incremental strategy: temp triggers record which contacts (facts) and campaigns (aggregates) the upserts
 * change, looking only at the columns the derived facts depend on. (NOT EXISTS rather than INSERT OR IGNORE:
 * inside a trigger fired by an upsert, the outer statement's conflict handling replaces the trigger's own.)
 */
const TRACKING_SQL = `
  CREATE TEMP TRIGGER import_campaign_ins AFTER INSERT ON campaigns BEGIN
    INSERT INTO import_affected SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM import_affected WHERE id = NEW.id);
  END;
  CREATE TEMP TRIGGER import_campaign_upd AFTER UPDATE ON campaigns WHEN ${changed(CAMPAIGN_ROWS.factColumns)} BEGIN
    INSERT INTO import_affected SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM import_affected WHERE id = NEW.id);
    INSERT INTO import_touched SELECT f.contact_id FROM contact_facts f
      WHERE f.campaign_id = NEW.id AND OLD.bad_after <> NEW.bad_after AND f.contact_id NOT IN (SELECT id FROM import_touched);
  END;
  CREATE TEMP TRIGGER import_contact_ins AFTER INSERT ON contacts BEGIN
    INSERT INTO import_touched SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM import_touched WHERE id = NEW.id);
  END;
  CREATE TEMP TRIGGER import_contact_upd AFTER UPDATE ON contacts WHEN OLD.campaign_id <> NEW.campaign_id BEGIN
    INSERT INTO import_touched SELECT NEW.id WHERE NOT EXISTS (SELECT 1 FROM import_touched WHERE id = NEW.id);
    INSERT INTO import_affected SELECT OLD.campaign_id WHERE NOT EXISTS (SELECT 1 FROM import_affected WHERE id = OLD.campaign_id);
  END;
  CREATE TEMP TRIGGER import_attempt_ins AFTER INSERT ON attempts BEGIN
    INSERT INTO import_touched SELECT NEW.contact_id WHERE NOT EXISTS (SELECT 1 FROM import_touched WHERE id = NEW.contact_id);
  END;
  CREATE TEMP TRIGGER import_attempt_upd AFTER UPDATE ON attempts WHEN ${changed(ATTEMPT_ROWS.factColumns)} BEGIN
    INSERT INTO import_touched SELECT NEW.contact_id WHERE NOT EXISTS (SELECT 1 FROM import_touched WHERE id = NEW.contact_id);
    INSERT INTO import_touched SELECT OLD.contact_id WHERE NOT EXISTS (SELECT 1 FROM import_touched WHERE id = OLD.contact_id);
  END;
`;

const TEARDOWN_SQL = `
  DROP TRIGGER IF EXISTS import_dup_campaigns; DROP TRIGGER IF EXISTS import_dup_contacts; DROP TRIGGER IF EXISTS import_dup_attempts;
  DROP TRIGGER IF EXISTS import_campaign_ins; DROP TRIGGER IF EXISTS import_campaign_upd;
  DROP TRIGGER IF EXISTS import_contact_ins; DROP TRIGGER IF EXISTS import_contact_upd;
  DROP TRIGGER IF EXISTS import_attempt_ins; DROP TRIGGER IF EXISTS import_attempt_upd;
  DROP TABLE IF EXISTS import_touched; DROP TABLE IF EXISTS import_affected;
`;

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

export class SqliteBatchWrite implements BatchWrite {
  readonly campaigns: SqliteRowSink<CampaignRecord>;
  readonly contacts: SqliteRowSink<ContactRecord>;
  readonly attempts: SqliteRowSink<AttemptRecord>;
  private ended = false;

  private constructor(
    private readonly db: Db,
    private readonly batchId: number,
    readonly strategy: WriteStrategy,
    private readonly droppedIndexes: readonly { table: string; sql: string }[],
    private readonly source: string,
    options: BatchOptions,
  ) {
    const size = Math.max(1, Math.min(options.rowsPerWrite ?? 1000, 10_000));
    const onRejected = options.onRejected.bind(options);
    this.campaigns = new SqliteRowSink(db, batchId, size, CAMPAIGN_ROWS, onRejected);
    this.contacts = new SqliteRowSink(db, batchId, size, CONTACT_ROWS, onRejected);
    this.attempts = new SqliteRowSink(db, batchId, size, ATTEMPT_ROWS, onRejected);
  }

  /** Opens a connection of its own to the database at `dbPath` (created and migrated when missing) and begins. */
  static async begin(dbPath: string, options: BatchOptions): Promise<SqliteBatchWrite> {
    // a batch job: its statements take as long as the data needs
    const db = await openCampaignDb(dbPath, { queryTimeoutMs: 0 });
    let began = false;
    try {
      await db.exec(SETUP_SQL);
      await db.run('BEGIN IMMEDIATE');
      began = true;
      const strategy = options.strategy && options.strategy !== 'auto' ? options.strategy : await chooseStrategy(db, options.incomingRows ?? 0);
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
      } else {
        await db.exec(TRACKING_SQL);
      }
      return new SqliteBatchWrite(db, batchId, strategy, droppedIndexes, options.source, options);
    } catch (err) {
      if (began) await db.run('ROLLBACK').catch(() => undefined);
      await db.close().catch(() => undefined);
      throw err;
    }
  }

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
    this.ended = true;
    try {
      await this.db.exec(TEARDOWN_SQL);
    } finally {
      await this.db.close().catch(() => undefined);
    }
    return { rows: counts, change: { seq: this.batchId, source: this.source, committedAt, campaignIds } };
  }

  async rollback(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const sink of [this.campaigns, this.contacts, this.attempts]) await sink.close();
    await this.db.run('ROLLBACK').catch(() => undefined);
    await this.db.close().catch(() => undefined);
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
      await db.run('INSERT OR IGNORE INTO import_touched SELECT value FROM json_each(?)', [JSON.stringify(recompute.contactIds)]);
      await db.run('INSERT OR IGNORE INTO import_affected SELECT value FROM json_each(?)', [JSON.stringify(recompute.campaignIds)]);
    }
    // the touched few drive the joins (the planner has no statistics on the temp table)
    await runAll(touchedFactsSql(SQLITE_DIALECT, 'import_touched', 'import_affected'));
  }
}
