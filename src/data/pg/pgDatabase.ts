/**
 * One PostgreSQL database (DATABASE_URL) as a process uses it: the pool every store of the process shares, the
 * settings it was opened with, schemas migrated by the shared runner on a connection of their own, and dedicated
 * connections for what holds one for long (a LISTEN).
 *
 * A store takes a PgDatabase (the process's, which whoever opened it closes after the stores) or a URL (a database of
 * its own, closed with the store: the tests' separate instances, as separate processes would be).
 */
import type { Client, Pool, PoolClient } from 'pg';
import { runMigrations, type Migration, type SchemaNames } from '../migrationRunner';
import { pgMigrationSession } from './pgMigrations';
import { connectClient, createPool, DEFAULT_PG_SETTINGS, describeDatabaseUrl, type PgSettings } from './pgPool';

/** A schema migrated on its own: its migrations, its names in errors, and its table of applied versions. */
export interface PgSchema {
  migrations: readonly Migration[];
  names: SchemaNames;
  versionTable: string;
}

export class PgDatabase {
  private ending: Promise<void> | undefined;

  private constructor(
    readonly url: string,
    readonly settings: PgSettings,
    readonly pool: Pool,
  ) {}

  /** The pool, not connected yet: its first query connects. */
  static open(url: string, settings: Partial<PgSettings> = {}): PgDatabase {
    const all = { ...DEFAULT_PG_SETTINGS, ...settings };
    return new PgDatabase(url, all, createPool(url, all));
  }

  /** The database, for messages (without its password). */
  get label(): string {
    return describeDatabaseUrl(this.url);
  }

  /** Applies the schema's missing migrations, one instance at a time; returns the resulting version. */
  async migrate(schema: PgSchema): Promise<number> {
    const client = await this.connect();
    try {
      return await runMigrations(pgMigrationSession(client, this.label, schema.versionTable), schema.migrations, schema.names);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Runs `fn` in one transaction on a connection of the pool: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // a connection that cannot even roll back is not given back to the pool
        broken = await client.query('ROLLBACK').then(() => false, () => true);
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  /** A connection of its own (no statement time limit), which the caller ends. */
  connect(): Promise<Client> {
    return connectClient(this.url, this.settings);
  }

  /** Ends the pool's connections; harmless twice. */
  close(): Promise<void> {
    this.ending ??= this.pool.end();
    return this.ending;
  }
}

/**
 * The database a store runs on, with the store's schema migrated, and whether the store closes it: a URL opens one of
 * its own (closed again when the migration fails), a PgDatabase is the process's.
 */
export async function storeDatabase(target: PgDatabase | string, schema: PgSchema, settings: Partial<PgSettings> = {}): Promise<{ database: PgDatabase; owned: boolean }> {
  const owned = typeof target === 'string';
  const database = typeof target === 'string' ? PgDatabase.open(target, settings) : target;
  try {
    await database.migrate(schema);
  } catch (error) {
    if (owned) await database.close();
    throw error;
  }
  return { database, owned };
}
