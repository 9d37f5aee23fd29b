/**
 * A tiny promise wrapper over node-sqlite3: run/get/all/exec/prepare/close with typed results.
 * Every value goes through bound parameters; nothing here builds SQL from data.
 */
import * as sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[];

export interface RunResult {
  changes: number;
  lastID: number;
}

export interface OpenOptions {
  /** ms to wait on a locked database before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

export class Statement {
  constructor(private readonly stmt: sqlite3.Statement) {}

  run(params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.stmt.run(params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  all<T>(params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.stmt.all<T>(params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
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

  private constructor(
    private readonly db: sqlite3.Database,
    readonly path: string,
  ) {}

  static open(path: string, options: OpenOptions = {}): Promise<Db> {
    const mode = options.readonly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    return new Promise((resolve, reject) => {
      const raw: sqlite3.Database = new sqlite3.Database(path, mode, (err: Error | null) => {
        if (err) {
          reject(err);
          return;
        }
        raw.configure('busyTimeout', options.busyTimeoutMs ?? 5000);
        resolve(new Db(raw, path));
      });
    });
  }

  run(sql: string, params: SqlParams = []): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      this.db.run(sql, params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  }

  get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.db.get<T>(sql, params as unknown[], (err: Error | null, row: T) => (err ? reject(err) : resolve(row)));
    });
  }

  all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    return new Promise((resolve, reject) => {
      this.db.all<T>(sql, params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
    });
  }

  /** Runs several statements (no parameters): schema and pragmas only. */
  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.db.exec(sql, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  }

  prepare(sql: string): Promise<Statement> {
    return new Promise((resolve, reject) => {
      const stmt: sqlite3.Statement = this.db.prepare(sql, (err: Error | null) => (err ? reject(err) : resolve(new Statement(stmt))));
    });
  }

  /** Runs `fn` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it throws. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.run('BEGIN IMMEDIATE');
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
