/**
 * One migration runner for every engine: `schema_version` holds one row per applied migration, and `runMigrations`
 * applies the missing ones in order, each in its own transaction. An engine takes part through a MigrationSession:
 * statements, a transaction, the version table's rows, and `exclusive` (PostgreSQL holds an advisory lock there, so
 * instances started together migrate one after another; SQLite's write lock already does that per transaction).
 * Never edit an applied migration: add a new one.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** What a database's migrations are called in errors: "a campaign database", "schema version". */
export interface SchemaNames {
  database: string;
  version: string;
}

export interface MigrationSession {
  /** Names the database in errors (a file path, a PostgreSQL database without its password). */
  readonly label: string;
  /**
   * The table of applied versions (default `schema_version`). One PostgreSQL database holds several schemas that
   * migrate on their own (the campaign data's, the bot state's, the Direct Line log's), each with a table of its own.
   */
  readonly versionTable?: string;
  /** Runs `fn` with no other session of the same database migrating meanwhile. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction, committed when it returns and rolled back when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs statements without parameters (schema only). */
  exec(sql: string): Promise<void>;
  /** The name recorded for `version`, if it was applied. */
  migrationName(version: number): Promise<string | undefined>;
  /** The highest applied version (0 when none). */
  currentVersion(): Promise<number>;
  recordVersion(version: number, name: string, appliedAt: string): Promise<void>;
}

export const DEFAULT_VERSION_TABLE = 'schema_version';

/** Portable between SQLite and PostgreSQL. */
const versionTable = (name: string): string => `CREATE TABLE IF NOT EXISTS ${name} (
    version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`;

/**
 * Applies the missing migrations in order, each in its own transaction; returns the resulting version. Refuses a
 * database whose first migration is another program's (the campaign data opened as the state file, say) or newer
 * than this code.
 */
export function runMigrations(session: MigrationSession, migrations: readonly Migration[], names: SchemaNames): Promise<number> {
  return session.exclusive(async () => {
    await session.exec(versionTable(session.versionTable ?? DEFAULT_VERSION_TABLE));
    const first = await session.migrationName(1);
    if (first !== undefined && first !== migrations[0]!.name) throw new Error(`${session.label} is not ${names.database} (its schema is "${first}")`);
    const latest = migrations[migrations.length - 1]!.version;
    let version = await session.currentVersion();
    if (version > latest) throw new Error(`${session.label}: ${names.version} ${version} is newer than this program knows (${latest})`);
    for (const m of migrations) {
      if (m.version <= version) continue;
      await session.transaction(async () => {
        // another process may have migrated meanwhile: re-check under the write lock
        if ((await session.currentVersion()) >= m.version) return;
        await session.exec(m.sql);
        await session.recordVersion(m.version, m.name, new Date().toISOString());
      });
      version = m.version;
    }
    return version;
  });
}
