/**
 * A tiny promise wrapper over node-sqlite3: run/get/all/exec/prepare/close with typed results.
 * Every value goes through bound parameters; nothing here builds SQL from data.
 */
import * as sqlite3 from 'sqlite3';
import { DEFAULT_QUERY_TIMEOUT_MS, withDeadline } from './queryTimeout';
import type { SqlParams, SqlReader } from './sql';

export type { SqlParams, SqlValue } from './sql';

export interface RunResult {
  changes: number;
  lastID: number;
}

export interface OpenOptions {
  /** ms to wait on a locked database before SQLITE_BUSY (default: 1 s less than the query timeout, or 5000 without one). */
  busyTimeoutMs?: number;
  /** ms a query may take before it is interrupted and fails with a QueryTimeoutError (default 5000; 0: no limit). */
  queryTimeoutMs?: number;
  readonly?: boolean;
}

/** Did SQLite give up waiting for another connection's lock (after the busy timeout)? */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Runs one node-sqlite3 call under the connection's query timeout. */
type Guard = <T>(start: (done: (error: Error | null, value?: T) => void) => void) => Promise<T>;

export class Statement {
  constructor(
    private readonly stmt: sqlite3.Statement,
    private readonly guard: Guard,
  ) {}

  run(params: SqlParams = []): Promise<RunResult> {
    return this.guard<RunResult>((done) => {
      this.stmt.run(params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        done(err, err ? undefined : { changes: this.changes, lastID: this.lastID });
      });
    });
  }

  all<T>(params: SqlParams = []): Promise<T[]> {
    return this.guard<T[]>((done) => {
      this.stmt.all<T>(params as unknown[], (err: Error | null, rows: T[]) => done(err, rows));
    });
  }

  finalize(): Promise<void> {
    return new Promise((resolve) => {
      this.stmt.finalize(() => resolve());
    });
  }
}

/** Prepared statements kept per connection: the hot queries run thousands of times, and node-sqlite3 would re-prepare each. */
const CACHED_STATEMENTS = 128;

export class Db implements SqlReader {
  private closed = false;
  private timeoutMs: number;
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();
  private readonly guard: Guard = (start) => withDeadline(this.path, this.timeoutMs, () => this.db.interrupt(), start);

  private constructor(
    private readonly db: sqlite3.Database,
    readonly path: string,
    queryTimeoutMs: number,
  ) {
    this.timeoutMs = queryTimeoutMs;
  }

  static open(path: string, options: OpenOptions = {}): Promise<Db> {
    const mode = options.readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    // Waiting on a lock is no running statement, so an interrupt cannot end it: it must give up before the query timeout.
    const busyTimeoutMs = options.busyTimeoutMs ?? (queryTimeoutMs > 0 ? Math.max(queryTimeoutMs - 1000, queryTimeoutMs / 2) : 5000);
    return new Promise((resolve, reject) => {
      const raw: sqlite3.Database = new sqlite3.Database(path, mode, (err: Error | null) => {
        if (err) {
          reject(err);
          return;
        }
        raw.configure('busyTimeout', busyTimeoutMs);
        resolve(new Db(raw, path, queryTimeoutMs));
      });
    });
  }

  /** The time limit of each later query (0: none), e.g. none while migrating, a limit once serving. */
  setQueryTimeout(ms: number): void {
    this.timeoutMs = ms;
  }

  get queryTimeoutMs(): number {
    return this.timeoutMs;
  }

  /**
   * The connection's prepared statement for `sql`, prepared once (the oldest is finalized when too many are kept).
   * A statement that fails to prepare is not kept: node-sqlite3 tells that only to the prepare callback.
   */
  private statement(sql: string): Promise<sqlite3.Statement> {
    const kept = this.statements.get(sql);
    if (kept) return kept;
    if (this.statements.size >= CACHED_STATEMENTS) {
      const [oldest, old] = this.statements.entries().next().value as [string, Promise<sqlite3.Statement>];
      this.statements.delete(oldest);
      void old.then((stmt) => stmt.finalize(), () => undefined);
    }
    const prepared = new Promise<sqlite3.Statement>((resolve, reject) => {
      const stmt: sqlite3.Statement = this.db.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(stmt)));
    });
    this.statements.set(sql, prepared);
    prepared.catch(() => this.statements.delete(sql));
    return prepared;
  }

  /** Runs `use` on the statement for `sql` under the query timeout; a prepare error is the call's error. */
  private withStatement<T>(sql: string, use: (stmt: sqlite3.Statement, done: (error: Error | null, value?: T) => void) => void): Promise<T> {
    return this.guard<T>((done) => {
      this.statement(sql).then(
        (stmt) => use(stmt, done),
        (error: Error) => done(error),
      );
    });
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.withStatement<RunResult>(sql, (stmt, done) => {
      stmt.run(params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        done(err, err ? undefined : { changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.withStatement<T | undefined>(sql, (stmt, done) => {
      // get leaves the statement open on its row (and a read transaction with it) until a reset; answering only
      // once it is reset keeps the next statement (a DROP INDEX, say) from finding the table still in use
      stmt.get<T>(params as unknown[], (err: Error | null, row?: T) => {
        stmt.reset(() => done(err, row));
      });
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.withStatement<T[]>(sql, (stmt, done) => {
      stmt.all<T>(params as unknown[], (err: Error | null, rows: T[]) => done(err, rows));
    });
  }

  /** Runs several statements (no parameters): schema and pragmas only. */
  exec(sql: string): Promise<void> {
    return this.guard<void>((done) => {
      this.db.exec(sql, (err: Error | null) => done(err));
    });
  }

  prepare(sql: string): Promise<Statement> {
    return this.guard<Statement>((done) => {
      const stmt: sqlite3.Statement = this.db.prepare(sql, (err: Error | null) => done(err, err ? undefined : new Statement(stmt, this.guard)));
    });
  }

  /** Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    try {
      await this.run('BEGIN IMMEDIATE');
    } catch (err) {
      // a BEGIN given up on may still have gone through
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
    try {
      const result = await fn();
      await this.run('COMMIT');
      return result;
    } catch (err) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const statements = [...this.statements.values()];
    this.statements.clear();
    await Promise.all(statements.map((prepared) => prepared.then((stmt) => new Promise<void>((resolve) => stmt.finalize(() => resolve())), () => undefined)));
    return new Promise((resolve, reject) => {
      this.db.close((err: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}
