/**
 * The state database's schema, migrated as src/data/migrations.ts migrates the campaign database: `schema_version`
 * holds one row per applied migration, each applied in its own transaction. Never edit an applied migration: add one.
 */
import type { Db } from '../data/db';
import { applyMigrations, type Migration } from '../data/migrations';

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

/** Applies the missing migrations; refuses a file that is some other program's database (the campaign data, say). */
export function migrateStateDb(db: Db): Promise<number> {
  return applyMigrations(db, STATE_MIGRATIONS, { database: 'a bot state database', version: 'state schema version' });
}
