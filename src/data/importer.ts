/**
 * Imports campaigns.csv, contacts.csv and attempts.csv (contract: "Campaign data import") into a campaign
 * database, all or nothing.
 *
 * - Streaming csv-parse; columns in any order (header names are case-insensitive), extra columns ignored,
 *   RFC 4180 quoting, UTF-8 with or without BOM, CRLF or LF line ends.
 * - Every row is validated; a problem names file, physical line (header = 1) and problem. Up to MAX_PROBLEMS are
 *   collected, then reading stops. A file whose header or CSV syntax is broken ends the import there.
 * - One transaction (BEGIN IMMEDIATE) on a connection of its own; any problem rolls everything back, so the
 *   database is exactly as before (and readers keep seeing the old data until the commit: WAL).
 * - Upserts keyed by ids. Every row read is stamped with the import's id, which is how a duplicate id within a
 *   file is caught: a temp trigger aborts the batch that would update a row this same import already wrote, and
 *   the batch is then sorted out row by row.
 * - References (attempt -> contact) are checked by SQLite's foreign keys; a failing batch is sorted out the same
 *   way. So the fast path does no per-row bookkeeping in JavaScript.
 * - Batches of rows go to SQLite as one JSON text each (INSERT ... SELECT FROM json_each), pipelined with the
 *   parsing: SQLite works on the libuv pool while the next batch is parsed.
 * - Then the per-contact facts (rules.ts) and the per-campaign aggregates (the status counts, and the calls made by
 *   quarter hour and result) are recomputed, in the same transaction:
 *   `incremental` (temp triggers record which contacts and campaigns changed; only those are recomputed) or
 *   `bulk` (secondary indexes dropped during the load and rebuilt at the end, everything recomputed), chosen by
 *   the size of the files compared with what is stored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser } from 'csv-parse';
import { ATTEMPT_RESULTS, CAMPAIGN_STATUSES, PAUSE_REASONS, type AttemptResult, type CampaignStatus, type PauseReason } from '../domain/statusKeys';
import type { Db, SqlValue, Statement } from './db';
import { contactIdKey, parseIsoDateTime, phoneDigits, reverseString } from './rules';
import { openCampaignDb } from './sqliteStore';
import { CALL_SLOT_MS } from './types';

export const IMPORT_FILES = ['campaigns.csv', 'contacts.csv', 'attempts.csv'] as const;
export type ImportFile = (typeof IMPORT_FILES)[number];

export const MAX_PROBLEMS = 20;
export const MAX_ID_LENGTH = 64;
const MAX_TEXT_LENGTH = 500;
const MAX_ERROR_LENGTH = 2000;
const MAX_PHONE_DIGITS = 32;
const MAX_ATTEMPTS_LIMIT = 1000;

export interface ImportProblem {
  /** File name (e.g. `contacts.csv`), or the folder for folder-level problems. */
  file: string;
  /** Physical line in the file (header = 1); 0 when the problem is about the whole file. */
  line: number;
  message: string;
}

export function formatProblem(p: ImportProblem): string {
  return p.line > 0 ? `${p.file} line ${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}

export class ImportError extends Error {
  constructor(
    readonly problems: ImportProblem[],
    /** True when reading stopped at the problem limit (there may be more). */
    readonly truncated = false,
  ) {
    super(
      `import rejected, nothing was imported:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n') +
        (truncated ? `\n  (stopped after ${problems.length} problems)` : ''),
    );
    this.name = 'ImportError';
  }
}

export type ImportStrategy = 'bulk' | 'incremental';

export interface ImportSummary {
  /** Data rows read per file. */
  campaigns: number;
  contacts: number;
  attempts: number;
  seconds: number;
  rowsPerSecond: number;
  strategy: ImportStrategy;
}

export interface ImportProgress {
  phase: 'reading' | 'finalizing' | 'done';
  /** File being read (phase `reading`). */
  file: ImportFile | null;
  /** Data rows read so far, all files. */
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportOptions {
  /** Called at most every 100 ms while reading, and at each phase change. */
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per INSERT (default 1000). */
  batchSize?: number;
  /**
   * `incremental`: keep the indexes, recompute only what changed. `bulk`: drop the secondary indexes during the
   * load, rebuild them and recompute everything at the end. `auto` (default): bulk when the files are large
   * compared with the data already stored.
   */
  strategy?: 'auto' | ImportStrategy;
}

// ---------------------------------------------------------------------------------------------------------
// Problems

class Problems {
  readonly list: ImportProblem[] = [];
  constructor(readonly max: number) {}
  get full(): boolean {
    return this.list.length >= this.max;
  }
  add(file: string, line: number, message: string): ImportProblem | null {
    if (this.full) return null;
    const problem = { file, line, message };
    this.list.push(problem);
    return problem;
  }
}

/** Thrown inside a file's reader to stop reading (problem limit reached). */
class StopReading extends Error {}

// ---------------------------------------------------------------------------------------------------------
// CSV reading with physical line numbers

interface CsvItem {
  fields: string[];
  /** csv-parse's line count when the record was emitted = the record's last line (see the CRLF fix-up). */
  lines: number;
}

/** csv-parse's stream, emitting each record with the parser's line count at the moment it was parsed. */
class LineParser extends Parser {
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    const item: CsvItem = { fields: chunk as string[], lines: this.info.lines };
    return super.push(item, encoding);
  }
}

function countCrlf(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    let i = f.indexOf('\r\n');
    while (i !== -1) {
      n++;
      i = f.indexOf('\r\n', i + 2);
    }
  }
  return n;
}

interface FileSpec {
  required: readonly string[];
  optional: readonly string[];
}

const SPECS: Record<ImportFile, FileSpec> = {
  'campaigns.csv': {
    required: ['campaign_id', 'name', 'status', 'max_attempts'],
    optional: ['bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'],
  },
  'contacts.csv': { required: ['contact_id', 'campaign_id', 'name', 'phone'], optional: [] },
  'attempts.csv': { required: ['attempt_id', 'contact_id', 'started_at', 'result'], optional: ['duration_s', 'error'] },
};

/** Column name -> index in the record (-1 for an absent optional column). */
type Columns = Record<string, number>;

type RowHandler = (fields: string[], line: number) => void | Promise<void>;

interface ReadContext {
  /** Null: a quiet re-read (no problems recorded). */
  problems: Problems | null;
  onBytes?: (n: number) => void;
  onRow?: () => void;
}

/**
 * Streams one CSV file: checks the header, then hands each non-blank data row to the handler made by `handleRow`
 * (awaiting it when it returns a promise). Returns false when the file could not be read to its end (header or
 * CSV syntax problem, or the problem limit).
 */
async function readCsvFile(file: ImportFile, filePath: string, ctx: ReadContext, handleRow: (columns: Columns) => RowHandler): Promise<boolean> {
  const spec = SPECS[file];
  const problems = ctx.problems;
  // 64 KB chunks: csv-parse parses a whole chunk in one synchronous go, during which no batch can be handed to
  // SQLite; small chunks keep those stalls shorter than the work already queued
  const input = fs.createReadStream(filePath, { highWaterMark: 64 * 1024 });
  if (ctx.onBytes) {
    const onBytes = ctx.onBytes;
    input.on('data', (chunk) => onBytes(chunk.length));
  }
  const parser = new LineParser({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false, // blank lines are skipped below, keeping line numbers exact
    record_delimiter: ['\r\n', '\n'],
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  let handler: RowHandler | null = null;
  let width = 0;
  let prevEnd = 0; // physical last line of the previous record
  let rawPrev = 0;
  let crlfFix = 0; // csv-parse counts a CRLF inside a quoted field as two lines
  try {
    for await (const item of parser as AsyncIterable<CsvItem>) {
      const fields = item.fields;
      if (item.lines - rawPrev > 1) crlfFix += countCrlf(fields);
      rawPrev = item.lines;
      const line = prevEnd + 1;
      prevEnd = item.lines - crlfFix;
      if (handler === null) {
        const columns = checkHeader(file, fields, spec, problems);
        if (!columns) return false;
        width = fields.length;
        handler = handleRow(columns);
        continue;
      }
      let blank = true;
      for (const f of fields) {
        if (f.trim() !== '') {
          blank = false;
          break;
        }
      }
      if (blank) continue;
      ctx.onRow?.();
      if (fields.length !== width) {
        problems?.add(file, line, `expected ${width} fields as in the header, found ${fields.length}`);
      } else {
        const pending = handler(fields, line);
        if (pending) await pending;
      }
      if (problems?.full) throw new StopReading();
    }
  } catch (err) {
    if (err instanceof StopReading) return false;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) {
      const at = (err as { lines?: unknown }).lines;
      const message = (err as Error).message.replace(/ at line \d+/, '');
      problems?.add(file, typeof at === 'number' ? Math.max(1, at - crlfFix) : prevEnd + 1, `malformed CSV: ${message}`);
      return false;
    }
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (handler === null) {
    problems?.add(file, 1, `empty file: expected a header row with ${spec.required.join(', ')}`);
    return false;
  }
  return true;
}

function checkHeader(file: ImportFile, fields: string[], spec: FileSpec, problems: Problems | null): Columns | null {
  const names = fields.map((f) => f.replace(/^\uFEFF/, '').trim().toLowerCase());
  const columns: Columns = {};
  let ok = true;
  names.forEach((name, i) => {
    if (name === '') return;
    if (name in columns && (spec.required.includes(name) || spec.optional.includes(name))) {
      problems?.add(file, 1, `column "${name}" appears twice in the header`);
      ok = false;
    }
    if (!(name in columns)) columns[name] = i;
  });
  const missing = spec.required.filter((c) => !(c in columns));
  if (missing.length) {
    const found = names.filter(Boolean).slice(0, 12).map((n) => (n.length > 30 ? `${n.slice(0, 27)}...` : n));
    problems?.add(
      file,
      1,
      `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} in the header` +
        ` (found: ${found.join(', ') || 'nothing'})`,
    );
    ok = false;
  }
  for (const c of spec.optional) if (!(c in columns)) columns[c] = -1;
  return ok ? columns : null;
}

/** Lines (up to MAX_PROBLEMS + 1 per id) on which the given ids appear in `column`: the second look behind a duplicate report. */
async function findIdLines(file: ImportFile, filePath: string, column: string, ids: ReadonlySet<string>): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  await readCsvFile(file, filePath, { problems: null }, (col) => {
    const i = col[column]!;
    return (f, line) => {
      const id = f[i]!.trim();
      if (!ids.has(id)) return;
      const lines = found.get(id) ?? [];
      if (lines.length <= MAX_PROBLEMS) lines.push(line);
      found.set(id, lines);
    };
  });
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Field validation

const CAMPAIGN_STATUS_SET = new Set<string>(CAMPAIGN_STATUSES);
const RESULT_SET = new Set<string>(ATTEMPT_RESULTS);
const PAUSE_REASON_SET = new Set<string>(PAUSE_REASONS);
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** Enum token: "In Progress", "no-response" -> "in_progress", "no_response". */
function enumToken(value: string, set: Set<string>): string | null {
  if (set.has(value)) return value;
  const token = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return set.has(token) ? token : null;
}

/** Validates an id; returns a problem text or null. */
function idProblem(column: string, value: string): string | null {
  if (value === '') return `${column} is empty`;
  if (value.length > MAX_ID_LENGTH) return `${column} is longer than ${MAX_ID_LENGTH} characters`;
  if (CONTROL_CHARS.test(value)) return `${column} ${quote(value)} contains control characters`;
  return null;
}

const timeZoneCache = new Map<string, string | null>();

/** The canonical IANA name of a time zone ("utc" -> "UTC"), or null when Intl does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null; // names only, no "+01:00" offsets
  let canonical = timeZoneCache.get(name);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
    timeZoneCache.set(name, canonical);
  }
  return canonical;
}

function positiveInt(value: string): number | null {
  if (!/^\+?\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

// ---------------------------------------------------------------------------------------------------------
// Batched writes

type Row = SqlValue[];

/** Batches handed to SQLite at a time (each on a statement of its own). */
const IN_FLIGHT = 3;

/** Message of the temp trigger that stops a second write of one id within one import. */
const DUPLICATE_MARK = 'import_duplicate_id';

interface WriterSpec {
  table: 'campaigns' | 'contacts' | 'attempts';
  sql: string;
  /** A row was a second occurrence of an id in the file. */
  onDuplicate: (row: Row, line: number) => void;
  /** The row's reference (value at `column`) to `parent` has no target. */
  reference?: { column: number; parent: string; onMissing: (row: Row, line: number) => void };
}

/**
 * Accumulates rows and writes each batch with one INSERT ... SELECT FROM json_each(?1): the whole batch is one
 * bound JSON text (binding thousands of separate values costs the main thread far more than the JSON costs
 * SQLite's worker). At most two batches are in flight while the next one is parsed. A batch that fails on a
 * duplicate id or a foreign key is sorted out row by row, its good rows written again.
 */
class BatchWriter {
  private rows: Row[] = [];
  private lines: number[] = [];
  private stmts: Statement[] = [];
  private batches = 0;
  private readonly inflight: Promise<void>[] = [];

  constructor(
    private readonly db: Db,
    private readonly importId: number,
    private readonly size: number,
    private readonly spec: WriterSpec,
  ) {}

  /** Adds one row (values in the statement's column order); returns a promise only when the caller must wait. */
  add(row: Row, line: number): Promise<void> | void {
    this.rows.push(row);
    this.lines.push(line);
    if (this.rows.length >= this.size) return this.flush();
  }

  private async flush(): Promise<void> {
    const rows = this.rows;
    const lines = this.lines;
    this.rows = [];
    this.lines = [];
    // One prepared statement per batch in flight: node-sqlite3 starts a statement's queued run only from the
    // main thread's completion callback, so a single statement would leave SQLite idle while JavaScript parses.
    if (!this.stmts.length) {
      for (let i = 0; i < IN_FLIGHT; i++) this.stmts.push(await this.db.prepare(this.spec.sql));
    }
    const stmt = this.stmts[this.batches++ % IN_FLIGHT]!;
    const p = stmt.run([JSON.stringify(rows), this.importId]).then(
      () => undefined,
      (err: unknown) => this.recover(rows, lines, err),
    );
    p.catch(() => undefined); // awaited below or in finish()
    this.inflight.push(p);
    if (this.inflight.length >= IN_FLIGHT) await this.inflight.shift();
  }

  /**
   * A batch failed: if on duplicate ids or missing references, report those rows and write the others (again
   * sorting out a failure, since a batch running meanwhile may have written one of their ids).
   */
  private async recover(rows: Row[], lines: number[], err: unknown, depth = 0): Promise<void> {
    const message = String((err as Error | undefined)?.message);
    if (depth > 3 || (!message.includes(DUPLICATE_MARK) && !message.includes('FOREIGN KEY'))) throw err;
    const { table, reference } = this.spec;
    const bad = new Map<number, 'duplicate' | 'missing'>();
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const id = row[0] as string;
      if (seen.has(id)) bad.set(i, 'duplicate');
      seen.add(id);
    });
    const keys = JSON.stringify(rows.map((row) => [row[0], reference ? row[reference.column] : null]));
    const written = await this.db.all<{ key: number }>(
      `SELECT j.key AS key FROM json_each(?) j JOIN ${table} t ON t.id = j.value->>0 WHERE t.import_id = ?`,
      [keys, this.importId],
    );
    for (const w of written) bad.set(w.key, 'duplicate');
    if (reference) {
      const missing = await this.db.all<{ key: number }>(
        `SELECT key FROM json_each(?) WHERE NOT EXISTS (SELECT 1 FROM ${reference.parent} p WHERE p.id = value->>1)`,
        [keys],
      );
      for (const m of missing) if (!bad.has(m.key)) bad.set(m.key, 'missing');
    }
    if (bad.size === 0) throw err;
    for (const [i, kind] of [...bad].sort((a, b) => a[0] - b[0])) {
      if (kind === 'duplicate') this.spec.onDuplicate(rows[i]!, lines[i]!);
      else reference!.onMissing(rows[i]!, lines[i]!);
    }
    const goodRows = rows.filter((_, i) => !bad.has(i));
    const goodLines = lines.filter((_, i) => !bad.has(i));
    if (!goodRows.length) return;
    try {
      await this.db.run(this.spec.sql, [JSON.stringify(goodRows), this.importId]);
    } catch (again) {
      await this.recover(goodRows, goodLines, again, depth + 1);
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

/**
 * INSERT of a JSON batch (`[[v0, v1, ...], ...]`, ?1) stamped with the import's id (?2), upserting on `id`.
 * A conflicting row is always updated (at least its import_id): when this same import wrote it already, the
 * duplicate trigger aborts the batch. The tracking triggers look at the data columns only.
 */
function jsonUpsert(table: string, columns: readonly string[]): string {
  const picks = columns.map((_, i) => `value->>${i}`).join(', ');
  const sets = [...columns.filter((c) => c !== 'id'), 'import_id'].map((c) => `${c} = excluded.${c}`).join(', ');
  return `INSERT INTO ${table} (${columns.join(', ')}, import_id) SELECT ${picks}, ?2 FROM json_each(?1) WHERE true
    ON CONFLICT(id) DO UPDATE SET ${sets}`;
}

// ---------------------------------------------------------------------------------------------------------
// SQL

const CAMPAIGN_COLUMNS = ['id', 'name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'];
const CONTACT_COLUMNS = ['id', 'campaign_id', 'name', 'phone', 'id_key', 'phone_digits', 'phone_rev'];
const ATTEMPT_COLUMNS = ['id', 'contact_id', 'started_at', 'started_ms', 'result', 'duration_s', 'error'];
const CAMPAIGN_UPSERT = jsonUpsert('campaigns', CAMPAIGN_COLUMNS);
const CONTACT_UPSERT = jsonUpsert('contacts', CONTACT_COLUMNS);
const ATTEMPT_UPSERT = jsonUpsert('attempts', ATTEMPT_COLUMNS);

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
  CREATE TEMP TRIGGER import_campaign_upd AFTER UPDATE ON campaigns WHEN ${changed(CAMPAIGN_COLUMNS.slice(1))} BEGIN
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
  CREATE TEMP TRIGGER import_attempt_upd AFTER UPDATE ON attempts WHEN ${changed(['contact_id', 'started_at', 'started_ms', 'result'])} BEGIN
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

/**
 * The derived facts of rules.ts, in SQL, for the contacts of `source` (a FROM clause binding `k` to contacts).
 * Latest attempt: greatest started_ms, ties by id, as rules.chronological.
 */
function contactFactsSql(source: string): string {
  return `
  INSERT OR REPLACE INTO contact_facts (contact_id, campaign_id, calls_made, closed, flagged_bad, current_status,
      failed_count, busy_count, no_response_count, last_attempt_id, last_attempt_at, last_attempt_ms)
  SELECT f.contact_id, f.campaign_id, f.calls_made, f.closed,
    (f.closed = 0 AND f.failed_count + f.busy_count + f.no_response_count >=
      (SELECT c.bad_after FROM campaigns c WHERE c.id = f.campaign_id)),
    CASE WHEN f.calls_made = 0 THEN 'new' ELSE la.result END,
    f.failed_count, f.busy_count, f.no_response_count, la.id, la.started_at, la.started_ms
  FROM (
    SELECT k.id AS contact_id, k.campaign_id AS campaign_id,
      coalesce(sum(a.result <> 'canceled'), 0) AS calls_made,
      coalesce(max(a.result IN ('completed', 'incorrect_number')), 0) AS closed,
      coalesce(sum(a.result = 'failed'), 0) AS failed_count,
      coalesce(sum(a.result = 'busy'), 0) AS busy_count,
      coalesce(sum(a.result = 'no_response'), 0) AS no_response_count,
      (SELECT l.id FROM attempts l WHERE l.contact_id = k.id ORDER BY l.started_ms DESC, l.id DESC LIMIT 1) AS last_id
    FROM ${source} LEFT JOIN attempts a ON a.contact_id = k.id
    GROUP BY k.id
  ) AS f
  LEFT JOIN attempts la ON la.id = f.last_id`;
}

/** Per-campaign aggregates for the campaigns matching `filter` (a condition on `c.id`). */
function campaignStatsSql(filter: string): string[] {
  const where = filter.replace(/\bc\.id\b/g, 'campaign_id');
  return [
    `DELETE FROM campaign_status_counts WHERE ${where}`,
    `INSERT INTO campaign_status_counts (campaign_id, status, contacts)
     SELECT campaign_id, current_status, count(*) FROM contact_facts WHERE ${where} GROUP BY campaign_id, current_status`,
    `DELETE FROM campaign_stats WHERE ${where}`,
    `INSERT INTO campaign_stats (campaign_id, total_contacts, flagged_bad, calls_made, closed_contacts, open_below_max, updated_at)
     SELECT c.id, count(f.contact_id), coalesce(sum(f.flagged_bad), 0), coalesce(sum(f.calls_made), 0), coalesce(sum(f.closed), 0),
            coalesce(sum(f.closed = 0 AND f.calls_made < c.max_attempts), 0), ?
     FROM campaigns c LEFT JOIN contact_facts f ON f.campaign_id = c.id
     WHERE ${filter} GROUP BY c.id`,
  ];
}

/**
 * Calls made per campaign, UTC quarter hour and result (migration 2's campaign_call_slots), recomputed for every
 * campaign or for the import's affected ones (whole campaigns: a handful of indexed reads per contact). The contacts
 * come from contact_facts, whose campaign index covers the scan (contacts has no index on campaign_id).
 */
function callSlotsSql(scope: 'all' | 'affected'): string[] {
  const slot = `(a.started_ms - (a.started_ms % ${CALL_SLOT_MS} + ${CALL_SLOT_MS}) % ${CALL_SLOT_MS}) / ${CALL_SLOT_MS}`;
  const affected = scope === 'affected';
  return [
    `DELETE FROM campaign_call_slots${affected ? ' WHERE campaign_id IN (SELECT id FROM import_affected)' : ''}`,
    `INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
     SELECT f.campaign_id, ${slot}, a.result, count(*)
     FROM ${affected ? 'import_affected x CROSS JOIN contact_facts f ON f.campaign_id = x.id' : 'contact_facts f'}
       CROSS JOIN attempts a ON a.contact_id = f.contact_id
     WHERE a.result <> 'canceled'
     GROUP BY 1, 2, 3`,
  ];
}

/** Tables whose secondary indexes the bulk strategy drops during the load and rebuilds at the end. */
const BULK_TABLES = ['contacts', 'attempts', 'contact_facts'];

/**
 * Bulk when the files would add at least a quarter of what is stored (rows estimated generously from the file
 * sizes): rebuilding the indexes and all the facts then costs less than maintaining them row by row.
 */
async function chooseStrategy(db: Db, sizes: Record<string, number>): Promise<ImportStrategy> {
  const incoming = Math.ceil((sizes['contacts.csv']! + sizes['attempts.csv']!) / 40);
  const row = await db.get<{ contacts: number; attempts: number }>(
    'SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM attempts) AS attempts',
  );
  const stored = (row?.contacts ?? 0) + (row?.attempts ?? 0);
  return incoming * 4 >= stored ? 'bulk' : 'incremental';
}

// ---------------------------------------------------------------------------------------------------------
// Import

/** A target: a database file path, or anything with one (e.g. an open SqliteCampaignStore). */
export type ImportTarget = string | { readonly path: string };

/**
 * Imports the three files of `folder` into the database at `target` (created and migrated when missing), on a
 * connection of its own. Throws ImportError, with nothing imported, when the folder or a file is missing or
 * any row is bad.
 */
export async function importFolder(target: ImportTarget, folder: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  const dbPath = typeof target === 'string' ? target : target.path;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 10_000));

  // the files first: a missing folder or file is reported before the database is touched
  let isFolder = false;
  try {
    isFolder = fs.statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new ImportError([{ file: folder, line: 0, message: 'folder not found' }]);
  const sizes: Record<string, number> = {};
  const missing: ImportProblem[] = [];
  for (const file of IMPORT_FILES) {
    try {
      const st = fs.statSync(path.join(folder, file));
      if (!st.isFile()) throw new Error('not a file');
      sizes[file] = st.size;
    } catch {
      missing.push({ file, line: 0, message: `file not found in ${folder}` });
    }
  }
  if (missing.length) throw new ImportError(missing);
  const totalBytes = IMPORT_FILES.reduce((sum, f) => sum + sizes[f]!, 0);

  const problems = new Problems(MAX_PROBLEMS);
  const counts: Record<ImportFile, number> = { 'campaigns.csv': 0, 'contacts.csv': 0, 'attempts.csv': 0 };
  let bytesRead = 0;
  let rowsRead = 0;
  let currentFile: ImportFile = 'campaigns.csv';
  let lastReport = 0;
  const report = (phase: ImportProgress['phase'], force = false): void => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    options.onProgress({ phase, file: phase === 'reading' ? currentFile : null, rows: rowsRead, bytesRead, totalBytes });
  };
  const ctx: ReadContext = {
    problems,
    onBytes: (n) => {
      bytesRead += n;
      report('reading');
    },
    onRow: () => {
      rowsRead++;
      counts[currentFile]++;
    },
  };

  /** Duplicate-id problems of a file, completed with the other lines once the file is read. */
  const duplicates: { problem: ImportProblem; id: string }[] = [];
  const duplicateHandler =
    (file: ImportFile, label: string) =>
    (row: Row, line: number): void => {
      const id = row[0] as string;
      const problem = problems.add(file, line, `duplicate ${label} ${quote(id)}`);
      if (problem) duplicates.push({ problem, id });
    };
  const explainDuplicates = async (file: ImportFile, column: string): Promise<void> => {
    const mine = duplicates.filter((d) => d.problem.file === file);
    if (!mine.length) return;
    const found = await findIdLines(file, path.join(folder, file), column, new Set(mine.map((d) => d.id)));
    // batches may be written out of order: blame the later occurrences, in line order, pointing at the first
    const byId = new Map<string, ImportProblem[]>();
    for (const d of mine) byId.set(d.id, [...(byId.get(d.id) ?? []), d.problem]);
    for (const [id, idProblems] of byId) {
      const lines = found.get(id) ?? [];
      if (lines.length < 2) continue;
      idProblems.sort((a, b) => a.line - b.line);
      idProblems.forEach((problem, k) => {
        problem.line = lines[Math.min(k + 1, lines.length - 1)]!;
        problem.message += ` (first on line ${lines[0]})`;
      });
    }
  };

  if (typeof target === 'string') fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const created = !fs.existsSync(dbPath); // a failed import into a new file leaves no file behind
  let succeeded = false;
  // an import is a batch job: its statements take as long as the data needs
  const db = await openCampaignDb(dbPath, { queryTimeoutMs: 0 });
  let transactionOpen = false;
  let strategy: ImportStrategy = 'incremental';
  const writers: BatchWriter[] = [];
  try {
    await db.exec(SETUP_SQL);
    await db.run('BEGIN IMMEDIATE');
    transactionOpen = true;
    report('reading', true);

    strategy = options.strategy && options.strategy !== 'auto' ? options.strategy : await chooseStrategy(db, sizes);
    const importId = (
      await db.run('INSERT INTO imports (folder, strategy, started_at) VALUES (?, ?, ?)', [path.resolve(folder), strategy, new Date().toISOString()])
    ).lastID;
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

    // ---- campaigns.csv
    const knownCampaigns = new Set((await db.all<{ id: string }>('SELECT id FROM campaigns')).map((r) => r.id));
    const badCampaigns = new Set<string>(); // ids whose row was rejected: their contacts are not reported again
    const campaignWriter = new BatchWriter(db, importId, batchSize, {
      table: 'campaigns',
      sql: CAMPAIGN_UPSERT,
      onDuplicate: duplicateHandler('campaigns.csv', 'campaign_id'),
    });
    writers.push(campaignWriter);
    let readable = await readCsvFile('campaigns.csv', path.join(folder, 'campaigns.csv'), ctx, (col) => (f, line) => {
      const before = problems.list.length;
      const bad = (message: string): void => void problems.add('campaigns.csv', line, message);
      const text = (column: string): string => (col[column]! >= 0 ? f[col[column]!]!.trim() : '');
      const id = text('campaign_id');
      const idErr = idProblem('campaign_id', id);
      if (idErr) return bad(idErr);
      knownCampaigns.add(id);
      const name = text('name');
      if (name === '') bad('name is empty');
      else if (name.length > MAX_TEXT_LENGTH) bad(`name is longer than ${MAX_TEXT_LENGTH} characters`);
      const statusText = text('status');
      const status = enumToken(statusText, CAMPAIGN_STATUS_SET) as CampaignStatus | null;
      if (!status) bad(`status ${quote(statusText)} is not one of ${CAMPAIGN_STATUSES.join(', ')}`);
      const maxText = text('max_attempts');
      const maxAttempts = positiveInt(maxText);
      if (maxAttempts === null || maxAttempts > MAX_ATTEMPTS_LIMIT) {
        bad(`max_attempts must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${quote(maxText)}`);
      }
      const badAfterText = text('bad_after');
      const badAfter = badAfterText === '' ? 2 : positiveInt(badAfterText);
      if (badAfter === null || badAfter > MAX_ATTEMPTS_LIMIT) {
        bad(`bad_after must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${quote(badAfterText)}`);
      }
      const reasonText = text('pause_reason');
      const pauseReason = reasonText === '' ? null : (enumToken(reasonText, PAUSE_REASON_SET) as PauseReason | null);
      if (reasonText !== '' && !pauseReason) bad(`pause_reason ${quote(reasonText)} is not one of ${PAUSE_REASONS.join(', ')}`);
      const startsAt = text('starts_at');
      const endsAt = text('ends_at');
      const starts = startsAt === '' ? null : parseIsoDateTime(startsAt);
      const ends = endsAt === '' ? null : parseIsoDateTime(endsAt);
      const dateHint = 'is not an ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T09:00:00-06:00)';
      if (startsAt !== '' && !starts) bad(`starts_at ${quote(startsAt)} ${dateHint}`);
      if (endsAt !== '' && !ends) bad(`ends_at ${quote(endsAt)} ${dateHint}`);
      if (starts && ends && ends.ms < starts.ms) bad('ends_at is before starts_at');
      const tzText = text('timezone');
      const timezone = tzText === '' ? 'UTC' : canonicalTimeZone(tzText);
      if (!timezone) bad(`timezone ${quote(tzText)} is not an IANA time zone name (e.g. America/Mexico_City)`);
      if (problems.list.length > before) {
        badCampaigns.add(id);
        return;
      }
      return campaignWriter.add([id, name, status, maxAttempts, badAfter, pauseReason, startsAt || null, endsAt || null, timezone], line);
    });
    await campaignWriter.finish();
    await explainDuplicates('campaigns.csv', 'campaign_id');

    // ---- contacts.csv
    const badContacts = new Set<string>(); // ids whose row was rejected: their attempts are not reported again
    if (readable) {
      currentFile = 'contacts.csv';
      report('reading', true);
      const contactWriter = new BatchWriter(db, importId, batchSize, {
        table: 'contacts',
        sql: CONTACT_UPSERT,
        onDuplicate: duplicateHandler('contacts.csv', 'contact_id'),
        reference: {
          column: 1,
          parent: 'campaigns',
          onMissing: (row, line) => void problems.add('contacts.csv', line, `unknown campaign_id ${quote(row[1] as string)}`),
        },
      });
      writers.push(contactWriter);
      readable = await readCsvFile('contacts.csv', path.join(folder, 'contacts.csv'), ctx, (col) => {
        const iId = col['contact_id']!;
        const iCampaign = col['campaign_id']!;
        const iName = col['name']!;
        const iPhone = col['phone']!;
        return (f, line) => {
          const file = 'contacts.csv';
          const id = f[iId]!.trim();
          const idErr = idProblem('contact_id', id);
          if (idErr) return void problems.add(file, line, idErr);
          let ok = true;
          const campaignId = f[iCampaign]!.trim();
          if (campaignId === '') {
            problems.add(file, line, 'campaign_id is empty');
            ok = false;
          } else if (!knownCampaigns.has(campaignId)) {
            problems.add(file, line, `unknown campaign_id ${quote(campaignId)}`);
            ok = false;
          } else if (badCampaigns.size > 0 && badCampaigns.has(campaignId)) {
            ok = false; // its campaign row was rejected (reported there)
          }
          const name = f[iName]!.trim();
          if (name.length > MAX_TEXT_LENGTH) {
            problems.add(file, line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
            ok = false;
          }
          const phone = f[iPhone]!.trim();
          const digits = phoneDigits(phone);
          if (digits === '') {
            problems.add(file, line, phone === '' ? 'phone is empty' : `phone ${quote(phone)} has no digits`);
            ok = false;
          } else if (digits.length > MAX_PHONE_DIGITS || phone.length > MAX_TEXT_LENGTH) {
            problems.add(file, line, `phone ${quote(phone)} is too long`);
            ok = false;
          }
          if (!ok) {
            badContacts.add(id);
            return;
          }
          // phone_rev: the digits without leading zeros (rules.phoneMatchKey), reversed
          return contactWriter.add([id, campaignId, name, phone, contactIdKey(id), digits, reverseString(digits.replace(/^0+/, ''))], line);
        };
      });
      await contactWriter.finish();
      await explainDuplicates('contacts.csv', 'contact_id');
    }

    // ---- attempts.csv
    if (readable) {
      currentFile = 'attempts.csv';
      report('reading', true);
      const attemptWriter = new BatchWriter(db, importId, batchSize, {
        table: 'attempts',
        sql: ATTEMPT_UPSERT,
        onDuplicate: duplicateHandler('attempts.csv', 'attempt_id'),
        reference: {
          column: 1,
          parent: 'contacts',
          onMissing: (row, line) => {
            const contactId = row[1] as string;
            if (!badContacts.has(contactId)) problems.add('attempts.csv', line, `unknown contact_id ${quote(contactId)}`);
          },
        },
      });
      writers.push(attemptWriter);
      await readCsvFile('attempts.csv', path.join(folder, 'attempts.csv'), ctx, (col) => {
        const iId = col['attempt_id']!;
        const iContact = col['contact_id']!;
        const iStarted = col['started_at']!;
        const iResult = col['result']!;
        const iDuration = col['duration_s']!;
        const iError = col['error']!;
        return (f, line) => {
          const file = 'attempts.csv';
          const id = f[iId]!.trim();
          const idErr = idProblem('attempt_id', id);
          if (idErr) return void problems.add(file, line, idErr);
          let ok = true;
          const contactId = f[iContact]!.trim();
          if (contactId === '') {
            problems.add(file, line, 'contact_id is empty');
            ok = false;
          } else if (badContacts.size > 0 && badContacts.has(contactId)) {
            ok = false; // its contact row was rejected (reported there)
          }
          const startedText = f[iStarted]!.trim();
          const started = parseIsoDateTime(startedText);
          if (!started || !started.hasTime) {
            problems.add(file, line, `started_at ${quote(startedText)} is not an ISO 8601 date-time (e.g. 2024-03-01T14:05:00-06:00)`);
            ok = false;
          } else if (!started.hasOffset) {
            problems.add(file, line, `started_at ${quote(startedText)} has no UTC offset: add Z or an offset such as -06:00`);
            ok = false;
          }
          const resultText = f[iResult]!.trim();
          const result = enumToken(resultText, RESULT_SET) as AttemptResult | null;
          if (!result) {
            problems.add(file, line, `result ${quote(resultText)} is not one of ${ATTEMPT_RESULTS.join(', ')}`);
            ok = false;
          }
          let duration: number | null = null;
          if (iDuration >= 0) {
            const text = f[iDuration]!.trim();
            if (text !== '') {
              duration = /^\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) : null;
              if (duration === null) {
                problems.add(file, line, `duration_s must be a number of seconds, 0 or more, got ${quote(text)}`);
                ok = false;
              }
            }
          }
          let error: string | null = null;
          if (iError >= 0) {
            const text = f[iError]!.trim();
            if (text.length > MAX_ERROR_LENGTH) {
              problems.add(file, line, `error is longer than ${MAX_ERROR_LENGTH} characters`);
              ok = false;
            } else if (text !== '') {
              error = text;
            }
          }
          if (!ok) return;
          return attemptWriter.add([id, contactId, startedText, started!.ms, result, duration, error], line);
        };
      });
      await attemptWriter.finish();
      await explainDuplicates('attempts.csv', 'attempt_id');
    }

    if (problems.list.length) {
      const order = (p: ImportProblem): number => IMPORT_FILES.indexOf(p.file as ImportFile);
      const sorted = [...problems.list].sort((a, b) => order(a) - order(b) || a.line - b.line);
      throw new ImportError(sorted, problems.full);
    }

    // ---- derived facts and aggregates, same transaction
    report('finalizing', true);
    const now = new Date().toISOString();
    if (strategy === 'bulk') {
      // attempts and contacts indexes first (the facts query uses them), the facts index once the facts are in
      for (const ix of droppedIndexes) if (ix.table !== 'contact_facts') await db.run(ix.sql);
      await db.run('DELETE FROM contact_facts');
      await db.run(contactFactsSql('contacts k'));
      for (const ix of droppedIndexes) if (ix.table === 'contact_facts') await db.run(ix.sql);
      for (const sql of campaignStatsSql('1')) await db.run(sql, sql.includes('?') ? [now] : []);
      for (const sql of callSlotsSql('all')) await db.run(sql);
    } else {
      // CROSS JOIN: the touched few drive the join (the planner has no statistics on the temp table)
      await db.run('INSERT OR IGNORE INTO import_affected SELECT DISTINCT k.campaign_id FROM import_touched t CROSS JOIN contacts k ON k.id = t.id');
      await db.run(contactFactsSql('import_touched t CROSS JOIN contacts k ON k.id = t.id'));
      for (const sql of campaignStatsSql('c.id IN (SELECT id FROM import_affected)')) await db.run(sql, sql.includes('?') ? [now] : []);
      for (const sql of callSlotsSql('affected')) await db.run(sql);
    }
    await db.run('UPDATE imports SET finished_at = ?, campaigns = ?, contacts = ?, attempts = ? WHERE id = ?', [
      new Date().toISOString(),
      counts['campaigns.csv'],
      counts['contacts.csv'],
      counts['attempts.csv'],
      importId,
    ]);
    await db.run('COMMIT');
    transactionOpen = false;
    succeeded = true;
    await db.exec(TEARDOWN_SQL);
  } catch (err) {
    for (const w of writers) await w.close();
    if (transactionOpen) await db.run('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.close().catch(() => undefined);
    if (created && !succeeded) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report('done', true);
  return {
    campaigns: counts['campaigns.csv'],
    contacts: counts['contacts.csv'],
    attempts: counts['attempts.csv'],
    seconds,
    rowsPerSecond: seconds > 0 ? Math.round(rowsRead / seconds) : rowsRead,
    strategy,
  };
}
