/**
 * The state database's schema, migrated as src/data/migrations.ts migrates the campaign database: `schema_version`
 * holds one row per applied migration, each applied in its own transaction. Never edit an applied migration: add one.
 */
import type { Db } from '../data/db';
import type { Migration } from '../data/migrations';

export const STATE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'bot state items with eTags',
    sql: `
      CREATE TABLE state (
        key         TEXT NOT NULL PRIMARY KEY,
        etag        TEXT NOT NULL,
        json        TEXT NOT NULL,
        updated_at  INTEGER NOT NULL            -- ms since the epoch
      ) WITHOUT ROWID;
      CREATE INDEX state_by_updated_at ON state(updated_at);
    `,
  },
];

const LATEST = STATE_MIGRATIONS[STATE_MIGRATIONS.length - 1]!.version;

async function currentVersion(db: Db): Promise<number> {
  const row = await db.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return row?.v ?? 0;
}

/** Applies the missing migrations; refuses a file that is some other program's database (the campaign data, say). */
export async function migrateStateDb(db: Db): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const first = await db.get<{ name: string }>('SELECT name FROM schema_version WHERE version = 1');
  if (first && first.name !== STATE_MIGRATIONS[0]!.name) throw new Error(`${db.path} is not a bot state database (its schema is "${first.name}")`);
  let version = await currentVersion(db);
  if (version > LATEST) throw new Error(`${db.path}: state schema version ${version} is newer than this program knows (${LATEST})`);
  for (const m of STATE_MIGRATIONS) {
    if (m.version <= version) continue;
    await db.transaction(async () => {
      // another process may have migrated meanwhile: re-check under the write lock
      if ((await currentVersion(db)) >= m.version) return;
      await db.exec(m.sql);
      await db.run('INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
    });
    version = m.version;
  }
  return version;
}
