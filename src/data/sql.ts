/**
 * What the SQL written once for both engines stands on: a reader (SQLite's Db, PostgreSQL's pool) taking `?`
 * placeholders, and the few places where the two dialects differ. The queries (sqlQueries.ts, sqlLists.ts) and the
 * derived facts (derivedFactsSql.ts) are the same text for SQLite and PostgreSQL otherwise: the schemas have the same
 * tables and columns, ids compare by code point on both (SQLite's BINARY, PostgreSQL's "C" collation).
 */

export type SqlValue = string | number | bigint | Buffer | null;
export type SqlParams = readonly SqlValue[];

/** Runs one statement with `?` placeholders; integers come back as numbers on every engine. */
export interface SqlReader {
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
}

/** Reads a long result a chunk at a time, in the query's order, holding only a chunk in memory. */
export interface SqlStreamer {
  stream<T>(sql: string, params: SqlParams, chunkRows: number): AsyncIterable<T>;
}

export interface SqlDialect {
  /** The greater of two values: SQLite's two-argument max(), PostgreSQL's greatest(). */
  greatest(a: string, b: string): string;
  /**
   * A join whose tables the planner must take in the written order, the first (a handful of touched ids) driving:
   * SQLite's CROSS JOIN (it has no statistics on temporary tables); PostgreSQL's planner has them, a plain JOIN.
   */
  readonly orderedJoin: string;
  /** Reads a table through the named index (SQLite's INDEXED BY); nothing where the planner picks well by itself. */
  indexedBy(index: string): string;
  /**
   * How the contact facts find each contact's latest attempt (derivedFactsSql.ts): `per_contact`, a lookup in the
   * attempts index per contact; `one_pass`, one backward pass over that index for all of them.
   */
  readonly latestAttempts: 'per_contact' | 'one_pass';
  /**
   * Put after UPDATE or INSERT where a failed statement fails the whole batch anyway: SQLite's ` OR FAIL` (no
   * statement journal, the copy of every page the statement changes kept to undo it alone); nothing on PostgreSQL.
   */
  readonly failFast: string;
  /**
   * The LIMIT clause of a subquery whose ORDER BY must be kept though it takes every row: SQLite drops the ORDER BY of
   * a subquery in FROM without a LIMIT (`LIMIT -1`); PostgreSQL keeps it (nothing).
   */
  readonly keepOrder: string;
}

export const SQLITE_DIALECT: SqlDialect = {
  greatest: (a, b) => `max(${a}, ${b})`,
  orderedJoin: 'CROSS JOIN',
  indexedBy: (index) => `INDEXED BY ${index}`,
  latestAttempts: 'per_contact',
  failFast: ' OR FAIL',
  keepOrder: 'LIMIT -1',
};

/** `?, ?, ?` for `count` values. */
export const marks = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
