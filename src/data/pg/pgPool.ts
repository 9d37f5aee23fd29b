/**
 * Connections to PostgreSQL through node-postgres: the store's pool (its size and time limits are settings), single
 * connections for the jobs that hold one for long (a batch write, the migrations), and the SqlReader and SqlStreamer
 * the shared queries run on (`?` placeholders become `$1, $2...`; 64-bit integers and numerics come back as numbers,
 * as SQLite gives them: counts, sums and ms timestamps all fit).
 *
 * A server that restarts or goes away ends the pool's connections: the pool's `error` handler logs it (without one,
 * the process would crash on the idle connections' errors), queries meanwhile fail (the turn apologises), and the pool
 * opens new connections on the next queries once the server is back.
 */
import { Client, Pool, types, type ClientConfig, type CustomTypesConfig, type PoolClient } from 'pg';
import { logger } from '../../logging/logger';
import type { SqlDialect, SqlParams, SqlReader, SqlStreamer } from '../sql';
import type { PgSettings } from './pgSettings';

export { DEFAULT_PG_SETTINGS, describeDatabaseUrl, type PgSettings } from './pgSettings';

export const PG_DIALECT: SqlDialect = {
  greatest: (a, b) => `greatest(${a}, ${b})`,
  orderedJoin: 'JOIN',
  indexedBy: () => '',
  latestAttempts: 'one_pass',
  failFast: '',
  keepOrder: '',
};

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID ? Number : types.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/**
 * Session settings sent with each connection's start-up (no round trip of their own). JIT compilation off: the bot's
 * statements are small and indexed, planned once per connection, and a query whose estimated cost passes
 * jit_above_cost (a list or an export over a large campaign) would spend milliseconds compiling before it runs, CPU
 * taken from the other turns on a small server, for a gain that only long analytic queries see.
 */
export const SESSION_OPTIONS = '-c jit=off';

function clientConfig(url: string, settings: PgSettings, statementTimeoutMs: number): ClientConfig {
  return {
    connectionString: url,
    options: SESSION_OPTIONS,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    application_name: 'campaign-status-bot',
    keepAlive: true,
    types: TYPES,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 2000 } : {}),
  };
}

/** The store's pool; its errors (a connection the server ended) are logged, never thrown at the process. */
export function createPool(url: string, settings: PgSettings): Pool {
  const pool = new Pool({ ...clientConfig(url, settings, settings.statementTimeoutMs), max: settings.poolMax, idleTimeoutMillis: 30_000 });
  pool.on('error', (err: Error & { code?: string }) => {
    logger.warn({ event: 'db.connectionLost', code: err.code, reason: err.message }, 'A PostgreSQL connection was lost; the pool opens new ones as needed.');
  });
  return pool;
}

/** A connection of its own, without a statement time limit: a batch write or the migrations take what the data needs. */
export async function connectClient(url: string, settings: PgSettings): Promise<Client> {
  const client = new Client(clientConfig(url, settings, 0));
  // an error while idle between two statements (the server went away) fails the next statement instead
  client.on('error', (err: Error & { code?: string }) => {
    logger.warn({ event: 'db.connectionLost', code: err.code, reason: err.message }, 'A PostgreSQL connection of a batch or migration was lost.');
  });
  await client.connect();
  return client;
}

const converted = new Map<string, string>();
const CONVERTED_KEPT = 1000;

/** `?` placeholders as PostgreSQL's `$1, $2...`, outside string literals, quoted names and comments. */
export function positional(sql: string): string {
  const known = converted.get(sql);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else {
      out += c === '?' ? `$${++n}` : c;
    }
  }
  if (converted.size >= CONVERTED_KEPT) converted.clear();
  converted.set(sql, out);
  return out;
}

const statementNames = new Map<string, string>();
/** Statements prepared by name on each connection: the queries' shapes are few (an IN list's length varies a little). */
const NAMED_STATEMENTS = 500;

/** A name for `sql`, under which each connection prepares it once (parsed and planned once, not at every call). */
function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < NAMED_STATEMENTS) statementNames.set(sql, (name = `q${statementNames.size + 1}`));
  return name;
}

/** The shared queries' reader over the pool. */
export function pgReader(pool: Pool): SqlReader {
  const all = async <T>(sql: string, params: SqlParams = []): Promise<T[]> => {
    const text = positional(sql);
    return (await pool.query({ name: statementName(text), text, values: params as unknown[] })).rows as T[];
  };
  return { all, get: async <T>(sql: string, params: SqlParams = []) => (await all<T>(sql, params))[0] };
}

/** A long result read through a cursor, a chunk per FETCH, on a connection of the pool held meanwhile. */
export function pgStreamer(pool: Pool): SqlStreamer {
  return {
    async *stream<T>(sql: string, params: SqlParams, chunkRows: number): AsyncIterable<T> {
      const client: PoolClient = await pool.connect();
      let clean = false;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(`DECLARE stream NO SCROLL CURSOR FOR ${positional(sql)}`, params as unknown[]);
        for (;;) {
          const { rows } = await client.query(`FETCH ${chunkRows} FROM stream`);
          for (const row of rows) yield row as T;
          if (rows.length < chunkRows) break;
        }
        await client.query('COMMIT');
        clean = true;
      } finally {
        // stopped early (the reader went away) or failed: the transaction ends with the connection's return
        if (!clean) clean = await client.query('ROLLBACK').then(() => true, () => false);
        client.release(!clean);
      }
    },
  };
}
