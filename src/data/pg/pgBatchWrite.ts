/**
 * A batch write into PostgreSQL: one transaction on a connection of its own, holding the batch advisory lock from
 * its start to its end, so batches (of this process or another) run one after another and their sequence numbers
 * (imports.id, taken under the lock) are in commit order, as changesSince needs. Readers see the last committed data
 * until the commit (MVCC).
 *
 * Each kind of row is streamed by COPY into a temporary staging table (pgRowSink.ts); when the sink finishes, its
 * rows are sorted out and written set-based: an id's later occurrences (one aggregate) and rows referring to a missing
 * campaign or contact (one anti-join: the schema has no per-row foreign keys on these) are reported and dropped; then
 * one upsert writes the rest, leaving unchanged rows as they were (ON CONFLICT ... WHERE ... IS DISTINCT FROM).
 * Duplicates are looked for within what one `finish` settles.
 *
 * Into empty tables (the first load), a bulk batch takes the large tables apart and builds them at the end, its
 * contacts and attempts copied straight into their tables (pgEmptyLoad.ts).
 *
 * The derived facts are brought up to date at commit with the shared SQL (derivedFactsSql.ts): `bulk` recomputes
 * everything, while `incremental` recomputes the contacts and campaigns the staged rows change, found by comparing
 * them with what is stored before they are written.
 */
import type { Client } from 'pg';
import type { BatchOptions, BatchWrite, CommitResult, Recompute, RecordKind, RowCounts, RowRejection, WriteStrategy } from '../campaignStore';
import type { AttemptRecord, CampaignRecord, ContactRecord } from '../campaignStore';
import { callSlotsSql, campaignStatsSql, contactFactsSql, touchedFactsSql } from '../derivedFactsSql';
import { ATTEMPT_ROWS, CAMPAIGN_ROWS, CONTACT_ROWS, type AnyTableRows } from '../tableRows';
import { BATCH_LOCK, CAMPAIGN_LOCK_CLASS } from './pgMigrations';
import { connectClient, PG_DIALECT, positional, type PgSettings } from './pgPool';
import { EmptyLoad, type IndexDef } from './pgEmptyLoad';
import { PgRowSink, stagingTable, type CopyTarget } from './pgRowSink';

const TOUCHED = 'import_touched';
const AFFECTED = 'import_affected';

/** `(a.x, a.y) IS DISTINCT FROM (b.x, b.y)`. */
const differs = (a: string, b: string, columns: readonly string[]): string =>
  `(${columns.map((c) => `${a}.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `${b}.${c}`).join(', ')})`;

/**
 * Incremental strategy: what the staged rows of a kind change, recorded before they are written (as SQLite's temp
 * triggers do): new rows and rows whose fact columns change touch their contact (or affect their campaign), and the
 * old side of a change too (a contact's old campaign, an attempt's old contact, a campaign's contacts when bad_after
 * changes).
 */
function trackingSql(rows: AnyTableRows): string[] {
  const stage = stagingTable(rows);
  const changedOrNew = `LEFT JOIN ${rows.kind} t ON t.id = s.id WHERE t.id IS NULL OR ${differs('t', 's', rows.factColumns)}`;
  const changed = `JOIN ${rows.kind} t ON t.id = s.id WHERE ${differs('t', 's', rows.factColumns)}`;
  const into = (table: string, select: string): string => `INSERT INTO ${table} (id) ${select} ON CONFLICT (id) DO NOTHING`;
  switch (rows.kind) {
    case 'campaigns':
      return [
        into(AFFECTED, `SELECT s.id FROM ${stage} s ${changedOrNew}`),
        into(TOUCHED, `SELECT f.contact_id FROM ${stage} s JOIN campaigns t ON t.id = s.id JOIN contact_facts f ON f.campaign_id = s.id WHERE t.bad_after <> s.bad_after`),
      ];
    case 'contacts':
      return [into(TOUCHED, `SELECT s.id FROM ${stage} s ${changedOrNew}`), into(AFFECTED, `SELECT t.campaign_id FROM ${stage} s ${changed}`)];
    case 'attempts':
      return [into(TOUCHED, `SELECT s.contact_id FROM ${stage} s ${changedOrNew}`), into(TOUCHED, `SELECT t.contact_id FROM ${stage} s ${changed}`)];
  }
}

/** The upsert of a kind's staged rows, stamped with the batch (the first parameter); unchanged rows are not rewritten. */
function upsertSql(rows: AnyTableRows): string {
  const data = rows.columns.slice(1);
  const columns = rows.columns.join(', ');
  return `INSERT INTO ${rows.kind} (${columns}, import_id) SELECT ${rows.columns.map((c) => `s.${c}`).join(', ')}, $1 FROM ${stagingTable(rows)} s
    ON CONFLICT (id) DO UPDATE SET ${[...data, 'import_id'].map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE ${differs(rows.kind, 'excluded', data)}`;
}

/** Bulk when the batch would add at least a quarter of what is stored (the planner's row estimates suffice). */
async function chooseStrategy(client: Client, incomingRows: number): Promise<WriteStrategy> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT coalesce(sum(greatest(reltuples, 0)), 0)::float8 AS n FROM pg_class WHERE oid IN ('contacts'::regclass, 'attempts'::regclass)`,
  );
  return incomingRows * 4 >= Number(rows[0]?.n ?? 0) ? 'bulk' : 'incremental';
}

/** The plain insert of a kind's staged rows into its table loaded without a primary key. */
const insertSql = (rows: AnyTableRows, where = ''): string =>
  `INSERT INTO ${rows.kind} (${rows.columns.join(', ')}, import_id) SELECT ${rows.columns.map((c) => `s.${c}`).join(', ')}, $1 FROM ${stagingTable(rows)} s ${where}`;

/** An id's later occurrences among the staged rows, deleted and returned. */
const laterOccurrencesSql = (stage: string): string =>
  `DELETE FROM ${stage} s USING (SELECT id, min(tag) AS first FROM ${stage} GROUP BY id HAVING count(*) > 1) d
   WHERE s.id = d.id AND s.tag <> d.first RETURNING s.tag, s.id`;

export class PgBatchWrite implements BatchWrite {
  readonly campaigns: PgRowSink<CampaignRecord>;
  readonly contacts: PgRowSink<ContactRecord>;
  readonly attempts: PgRowSink<AttemptRecord>;
  private readonly rejected: RowCounts = { campaigns: 0, contacts: 0, attempts: 0 };
  private readonly onRejected: (rejection: RowRejection) => void;
  private ended = false;

  private constructor(
    private readonly client: Client,
    private readonly batchId: number,
    readonly strategy: WriteStrategy,
    /** A bulk batch into an empty store: its tables taken apart until the end. */
    private readonly empty: EmptyLoad | null,
    private readonly source: string,
    options: BatchOptions,
  ) {
    const size = Math.max(1, Math.min(options.rowsPerWrite ?? 1000, 10_000));
    this.onRejected = options.onRejected.bind(options);
    const target = empty ? ({ into: 'table', batchId, before: () => empty.takePending() } as const) : undefined;
    this.campaigns = new PgRowSink(client, CAMPAIGN_ROWS, size, () => this.settle(CAMPAIGN_ROWS));
    this.contacts = new PgRowSink(client, CONTACT_ROWS, size, () => this.settleLoaded(CONTACT_ROWS, this.contacts.target), target);
    this.attempts = new PgRowSink(client, ATTEMPT_ROWS, size, () => this.settleLoaded(ATTEMPT_ROWS, this.attempts.target), target);
  }

  /** Connects, begins, waits for the batch lock, then records the batch and prepares its staging tables. */
  static async begin(url: string, settings: PgSettings, options: BatchOptions): Promise<PgBatchWrite> {
    const client = await connectClient(url, settings);
    let began = false;
    try {
      // session settings before the first temporary table: the staging tables of a large import stay in memory; the
      // batch's few large statements gain nothing from JIT compilation, and their sorts and hashes want memory
      await client.query("SET temp_buffers = '256MB'; SET jit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '256MB'; SET max_parallel_workers_per_gather = 0; SET max_parallel_maintenance_workers = 0");
      await client.query('BEGIN');
      began = true;
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [CAMPAIGN_LOCK_CLASS, BATCH_LOCK]);
      const strategy = options.strategy && options.strategy !== 'auto' ? options.strategy : await chooseStrategy(client, options.incomingRows ?? 0);
      const { rows } = await client.query<{ id: number }>('INSERT INTO imports (folder, strategy, started_at) VALUES ($1, $2, $3) RETURNING id', [
        options.source,
        strategy,
        new Date().toISOString(),
      ]);
      for (const rows of [CAMPAIGN_ROWS, CONTACT_ROWS, ATTEMPT_ROWS] as AnyTableRows[]) {
        await client.query(`CREATE TEMP TABLE ${stagingTable(rows)} ON COMMIT DROP AS SELECT 0::bigint AS tag, ${rows.columns.join(', ')} FROM ${rows.kind} WITH NO DATA`);
      }
      for (const table of [TOUCHED, AFFECTED]) await client.query(`CREATE TEMP TABLE ${table} (id text COLLATE "C" PRIMARY KEY) ON COMMIT DROP`);
      const empty = strategy === 'bulk' ? await EmptyLoad.prepare(client) : null;
      return new PgBatchWrite(client, Number(rows[0]!.id), strategy, empty, options.source, options);
    } catch (error) {
      if (began) await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  async campaignIds(): Promise<string[]> {
    return (await this.client.query<{ id: string }>('SELECT id FROM campaigns')).rows.map((r) => r.id);
  }

  private report(kind: RecordKind, rejections: { tag: number; id: string; ref?: string }[], reason: RowRejection['reason']): void {
    // rows moved from their table into staging are tagged with their ordinal there: the sink has their tags
    const tags = this[kind].tags;
    for (const r of rejections.sort((a, b) => a.tag - b.tag)) {
      const tag = tags.length ? tags[Number(r.tag) - 1]! : Number(r.tag);
      const rejection: RowRejection = { kind, tag, id: r.id, reason };
      if (r.ref !== undefined) rejection.reference = r.ref;
      this.onRejected(rejection);
    }
    this.rejected[kind] += rejections.length;
  }

  /** The rows of a sink that copies straight into its table (a bulk load into an empty store): staged only if they need sorting out. */
  private async settleLoaded(rows: AnyTableRows, target: CopyTarget): Promise<void> {
    if (target.into === 'staging') return this.settle(rows);
    if (!(await this.empty!.keyLoaded(rows))) await this.settle(rows);
  }

  /** Sorts out and writes one kind's staged rows, then empties the staging table for more. */
  private async settle(rows: AnyTableRows): Promise<void> {
    const stage = stagingTable(rows);
    const q = (sql: string, params: unknown[] = []) => this.client.query(sql, params);
    const key = this.empty?.droppedKey(rows.kind);
    await q(`ANALYZE ${stage}`);
    // an id's later occurrences (the upsert cannot be left to find them: an unchanged first occurrence is not written)
    if (!key) this.report(rows.kind, (await q(laterOccurrencesSql(stage))).rows, 'duplicate');
    if (rows.reference) {
      const column = rows.columns[rows.reference.column]!;
      const unknown = await q(
        `DELETE FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${rows.reference.parent} p WHERE p.id = s.${column}) RETURNING s.tag, s.id, s.${column} AS ref`,
      );
      this.report(rows.kind, unknown.rows, 'unknown_reference');
    }
    if (this.strategy === 'incremental') for (const sql of trackingSql(rows)) await q(sql);
    if (key) await this.insertThenKey(rows, key);
    else await q(upsertSql(rows), [this.batchId]);
    await q(`TRUNCATE ${stage}`);
  }

  /** Into a table loaded without its primary key: a plain insert, then the key, which fails only on an id met twice. */
  private async insertThenKey(rows: AnyTableRows, key: IndexDef): Promise<void> {
    const q = (sql: string, params: unknown[] = []) => this.client.query(sql, params);
    await q(insertSql(rows), [this.batchId]);
    if (await this.empty!.tryRestoreKey(key)) return;
    const later = (await q(laterOccurrencesSql(stagingTable(rows)))).rows as { tag: number; id: string }[];
    this.report(rows.kind, later, 'duplicate');
    const ids = [...new Set(later.map((r) => r.id))];
    await q(`DELETE FROM ${rows.kind} WHERE id = ANY($1)`, [ids]);
    await q(insertSql(rows, 'WHERE s.id = ANY($2)'), [this.batchId, ids]);
    await this.empty!.restoreKey(key);
  }

  async commit(recompute: Recompute = 'tracked'): Promise<CommitResult> {
    if (this.ended) throw new Error('the batch has ended');
    const counts: RowCounts = {
      campaigns: this.campaigns.added - this.rejected.campaigns,
      contacts: this.contacts.added - this.rejected.contacts,
      attempts: this.attempts.added - this.rejected.attempts,
    };
    const committedAt = new Date().toISOString();
    let campaignIds: string[];
    try {
      const everything = this.strategy === 'bulk' || recompute === 'all';
      await this.updateFacts(recompute);
      await this.client.query(`INSERT INTO import_campaigns (import_id, campaign_id) SELECT $1, id FROM ${everything ? 'campaigns' : AFFECTED}`, [this.batchId]);
      campaignIds = (await this.client.query<{ campaign_id: string }>('SELECT campaign_id FROM import_campaigns WHERE import_id = $1 ORDER BY campaign_id', [this.batchId])).rows.map(
        (r) => r.campaign_id,
      );
      await this.client.query('UPDATE imports SET finished_at = $1, campaigns = $2, contacts = $3, attempts = $4 WHERE id = $5', [
        committedAt,
        counts.campaigns,
        counts.contacts,
        counts.attempts,
        this.batchId,
      ]);
      await this.client.query('COMMIT');
    } catch (error) {
      await this.rollback();
      throw error;
    }
    this.ended = true;
    await this.client.end().catch(() => undefined);
    return { rows: counts, change: { seq: this.batchId, source: this.source, committedAt, campaignIds } };
  }

  async rollback(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    for (const sink of [this.campaigns, this.contacts, this.attempts]) sink.close();
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  private async updateFacts(recompute: Recompute): Promise<void> {
    const now = new Date().toISOString();
    const runAll = async (statements: string[]): Promise<void> => {
      for (const sql of statements) await this.client.query(positional(sql), sql.includes('?') ? [now] : []);
    };
    if (this.strategy === 'bulk' || recompute === 'all') {
      // every contact's facts: upserted (unchanged ones left alone, so nothing is deleted first), or inserted into the
      // emptied contact_facts of a first load, whose key and indexes are built after them
      if (this.empty) await this.empty.buildTables();
      else await this.client.query('ANALYZE contacts, attempts');
      await runAll([contactFactsSql(PG_DIALECT, null, this.empty ? 'insert' : 'upsert')]);
      await this.empty?.buildFacts();
      // the planner's statistics of the new data, for the questions that follow the commit
      await this.client.query('ANALYZE contact_facts');
      await runAll(campaignStatsSql('true'));
      // every contact's calls merged in contact order from two indexes (contact_facts' key, attempts_by_contact alone):
      // about a third cheaper than the hash join the planner picks (a million contacts hashed to probe every attempt)
      await this.client.query('SET enable_hashjoin = off');
      await runAll(callSlotsSql(PG_DIALECT, null));
      await this.client.query('RESET enable_hashjoin');
      return;
    }
    if (recompute !== 'tracked') {
      await this.client.query(`INSERT INTO ${TOUCHED} (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING`, [recompute.contactIds]);
      await this.client.query(`INSERT INTO ${AFFECTED} (id) SELECT unnest($1::text[]) ON CONFLICT (id) DO NOTHING`, [recompute.campaignIds]);
    }
    await this.client.query(`ANALYZE ${TOUCHED}, ${AFFECTED}`);
    await runAll(touchedFactsSql(PG_DIALECT, TOUCHED, AFFECTED));
  }
}
