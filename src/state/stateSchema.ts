/**
 * The state database's schema, migrated as src/data/migrations.ts migrates the campaign database: `schema_version`
 * holds one row per applied migration, each applied in its own transaction. Never edit an applied migration: add one.
 */
import type { Db } from '../data/db';
import { applyMigrations, type Migration, type SchemaNames } from '../data/migrations';

/** What the state schema is called in errors, whatever the engine. */
export const STATE_SCHEMA: SchemaNames = { database: 'a bot state database', version: 'state schema version' };

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
  {
    version: 2,
    name: 'alert subscriptions, the check cursor and the outbox',
    sql: `
      CREATE TABLE alert_subscriptions (
        id           TEXT NOT NULL PRIMARY KEY,
        user_key     TEXT NOT NULL,
        campaign_id  TEXT,                      -- NULL: every campaign the user may see
        json         TEXT NOT NULL              -- the whole AlertSubscription
      ) WITHOUT ROWID;
      CREATE INDEX alert_subscriptions_by_user ON alert_subscriptions(user_key);
      CREATE INDEX alert_subscriptions_by_campaign ON alert_subscriptions(campaign_id);

      -- the last committed data batch (campaign store's DataChange.seq) whose alerts were checked
      CREATE TABLE alert_cursor (
        id   INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        seq  INTEGER NOT NULL
      );
      INSERT INTO alert_cursor (id, seq) VALUES (1, 0);

      CREATE TABLE alert_outbox (
        id               TEXT NOT NULL PRIMARY KEY,
        subscription_id  TEXT NOT NULL,
        conversation_id  TEXT NOT NULL,           -- one conversation's messages go out in order, one at a time
        json             TEXT NOT NULL,           -- the OutboxMessage without attempts and last_error
        due_at           INTEGER NOT NULL,        -- ms since the epoch
        claimed_until    INTEGER NOT NULL DEFAULT 0,
        attempts         INTEGER NOT NULL DEFAULT 0,
        last_error       TEXT,
        seq              INTEGER NOT NULL         -- creation order
      ) WITHOUT ROWID;
      CREATE INDEX alert_outbox_by_due ON alert_outbox(due_at, seq);
      CREATE INDEX alert_outbox_by_conversation ON alert_outbox(conversation_id, seq);
    `,
  },
];

/** Applies the missing migrations; refuses a file that is some other program's database (the campaign data, say). */
export function migrateStateDb(db: Db): Promise<number> {
  return applyMigrations(db, STATE_MIGRATIONS, STATE_SCHEMA);
}
