/**
 * PostgreSQL's settings and how a DATABASE_URL is named in messages: no `pg` here, so the settings and the messages of a
 * process on SQLite do not load the PostgreSQL client.
 */

export interface PgSettings {
  /** PG_POOL_MAX: connections one process's pool keeps open at most. */
  poolMax: number;
  /** PG_CONNECT_TIMEOUT_MS: how long opening a connection (or waiting for a free one of the pool) may take. */
  connectTimeoutMs: number;
  /** PG_STATEMENT_TIMEOUT_MS: how long a query may run before the server cancels it (0: no limit). */
  statementTimeoutMs: number;
}

export const DEFAULT_PG_SETTINGS: PgSettings = { poolMax: 10, connectTimeoutMs: 5000, statementTimeoutMs: 5000 };

/** The database a URL names, for messages: its password left out. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.username ? `${decodeURIComponent(parsed.username)}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the DATABASE_URL database';
  }
}
