/**
 * One kind of row of a SQLite batch write, streamed to SQLite. Each batch of rows is one INSERT ... SELECT FROM
 * json_each(?1): the whole batch is one bound JSON text (binding thousands of separate values costs the main thread
 * far more than the JSON costs SQLite's worker). Batches are pipelined with the caller's parsing: SQLite works on the
 * libuv pool while the next batch is made.
 *
 * Every row is stamped with the batch's id, which is how a duplicate id within the batch is caught: a temp trigger
 * (sqliteBatchWrite.ts) aborts the statement that would update a row this same batch already wrote. References are
 * checked by SQLite's foreign keys. A failing batch is sorted out row by row, its good rows written again; so the fast
 * path does no per-row bookkeeping in JavaScript.
 */
import type { RowRejection, RowSink } from './campaignStore';
import type { Db, Statement } from './db';
import type { SqlRow, TableRows } from './tableRows';

/** Batches handed to SQLite at a time (each on a statement of its own). */
const IN_FLIGHT = 3;

/** Message of the temp trigger that stops a second write of one id within one batch. */
export const DUPLICATE_MARK = 'import_duplicate_id';

/**
 * INSERT of a JSON batch (`[[v0, v1, ...], ...]`, ?1) stamped with the batch's id (?2), upserting on `id`.
 * A conflicting row is always updated (at least its import_id): when this same batch wrote it already, the
 * duplicate trigger aborts the statement. The tracking triggers look at the data columns only.
 */
function jsonUpsert(table: string, columns: readonly string[]): string {
  const picks = columns.map((_, i) => `value->>${i}`).join(', ');
  const sets = [...columns.filter((c) => c !== 'id'), 'import_id'].map((c) => `${c} = excluded.${c}`).join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}, import_id) SELECT ${picks}, ?2 FROM json_each(?1) WHERE true
    ON CONFLICT(id) DO UPDATE SET ${sets}`;
}

export class SqliteRowSink<R> implements RowSink<R> {
  private rows: SqlRow[] = [];
  private tags: number[] = [];
  private stmts: Statement[] = [];
  private batches = 0;
  private readonly inflight: Promise<void>[] = [];
  private readonly sql: string;
  /** Rows written (those rejected not counted). */
  written = 0;

  constructor(
    private readonly db: Db,
    private readonly batchId: number,
    private readonly size: number,
    private readonly spec: TableRows<R>,
    private readonly onRejected: (rejection: RowRejection) => void,
  ) {
    this.sql = jsonUpsert(spec.kind, spec.columns);
  }

  add(record: R, tag: number): Promise<void> | void {
    this.rows.push(this.spec.toRow(record));
    this.tags.push(tag);
    if (this.rows.length >= this.size) return this.flush();
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    const tags = this.tags;
    this.rows = [];
    this.tags = [];
    // One prepared statement per batch in flight: node-sqlite3 starts a statement's queued run only from the
    // main thread's completion callback, so a single statement would leave SQLite idle while JavaScript parses.
    if (!this.stmts.length) {
      for (let i = 0; i < IN_FLIGHT; i++) this.stmts.push(await this.db.prepare(this.sql));
    }
    const stmt = this.stmts[this.batches++ % IN_FLIGHT]!;
    const p = stmt.run([JSON.stringify(rows), this.batchId]).then(
      () => void (this.written += rows.length),
      (err: unknown) => this.recover(rows, tags, err),
    );
    p.catch(() => undefined); // awaited below or in finish()
    this.inflight.push(p);
    if (this.inflight.length >= IN_FLIGHT) await this.inflight.shift();
  }

  /**
   * A batch failed: if on duplicate ids or missing references, report those rows and write the others (again
   * sorting out a failure, since a batch running meanwhile may have written one of their ids).
   */
  private async recover(rows: SqlRow[], tags: number[], err: unknown, depth = 0): Promise<void> {
    const message = String((err as Error | undefined)?.message);
    if (depth > 3 || (!message.includes(DUPLICATE_MARK) && !message.includes('FOREIGN KEY'))) throw err;
    const { kind, reference } = this.spec;
    const bad = new Map<number, RowRejection['reason']>();
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const id = row[0] as string;
      if (seen.has(id)) bad.set(i, 'duplicate');
      seen.add(id);
    });
    const keys = JSON.stringify(rows.map((row) => [row[0], reference ? row[reference.column] : null]));
    const written = await this.db.all<{ key: number }>(
      `SELECT j.key AS key FROM json_each(?) j JOIN ${kind} t ON t.id = j.value->>0 WHERE t.import_id = ?`,
      [keys, this.batchId],
    );
    for (const w of written) bad.set(w.key, 'duplicate');
    if (reference) {
      const missing = await this.db.all<{ key: number }>(
        `SELECT key FROM json_each(?) WHERE NOT EXISTS (SELECT 1 FROM ${reference.parent} p WHERE p.id = value->>1)`,
        [keys],
      );
      for (const m of missing) if (!bad.has(m.key)) bad.set(m.key, 'unknown_reference');
    }
    if (bad.size === 0) throw err;
    for (const [i, reason] of [...bad].sort((a, b) => a[0] - b[0])) {
      const row = rows[i]!;
      const rejection: RowRejection = { kind, tag: tags[i]!, id: row[0] as string, reason };
      if (reason === 'unknown_reference') rejection.reference = row[reference!.column] as string;
      this.onRejected(rejection);
    }
    const goodRows = rows.filter((_, i) => !bad.has(i));
    const goodTags = tags.filter((_, i) => !bad.has(i));
    if (!goodRows.length) return;
    try {
      await this.db.run(this.sql, [JSON.stringify(goodRows), this.batchId]);
      this.written += goodRows.length;
    } catch (again) {
      await this.recover(goodRows, goodTags, again, depth + 1);
    }
  }

  async finish(): Promise<void> {
    if (this.rows.length > 0) await this.flush();
    while (this.inflight.length) await this.inflight.shift();
    await this.close();
  }

  /** After a failure elsewhere: lets the batches in flight end (whatever their outcome) and frees the statements. */
  async close(): Promise<void> {
    await Promise.allSettled(this.inflight.splice(0));
    for (const stmt of this.stmts.splice(0)) await stmt.finalize();
  }
}
