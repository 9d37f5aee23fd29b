/**
 * A tiny promise wrapper over node-sqlite3: run/get/all/exec/prepare/close with typed results.
 * Every value goes through bound parameters; nothing here builds SQL from data.
 */
import * as sqlite3 from 'sqlite3';
import { DEFAULT_QUERY_TIMEOUT_MS, withDeadline } from './queryTimeout';

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[];

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

export class Db {
  private closed = false;
  private timeoutMs: number;
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

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return this.guard<RunResult>((done) => {
      this.db.run(sql, params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        done(err, err ? undefined : { changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return this.guard<T | undefined>((done) => {
      this.db.get<T>(sql, params as unknown[], (err: Error | null, row: T) => done(err, row));
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return this.guard<T[]>((done) => {
      this.db.all<T>(sql, params as unknown[], (err: Error | null, rows: T[]) => done(err, rows));
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

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.db.close((err: Error | null) => (err ? reject(err) : resolve()));
    });
  }
}
