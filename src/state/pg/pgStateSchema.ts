/**
 * The bot state's schema on PostgreSQL: the tables of the SQLite state file (stateSchema.ts), with the same versions
 * and names, applied by the shared runner under the database's migration lock, recorded in a version table of their
 * own (`state_schema_version`: the campaign data in the same database keeps `schema_version`).
 *
 * Items are kept as `json`, not `jsonb`: jsonb cannot hold the character U+0000, which a user may well type, and the
 * learner directory's paths read json as well. Times are ms since the epoch, by the store's clock. Keys and ids compare
 * by code point (COLLATE "C"), as SQLite's do.
 */
import type { PgSchema } from '../../data/pg/pgDatabase';
import { STATE_MIGRATIONS, STATE_SCHEMA } from '../stateSchema';

const names = STATE_MIGRATIONS.map((migration) => migration.name);

export const PG_STATE_SCHEMA: PgSchema = {
  versionTable: 'state_schema_version',
  names: STATE_SCHEMA,
  migrations: [
    {
      version: 1,
      name: names[0]!,
      sql: `
        CREATE TABLE state (
          key         text COLLATE "C" NOT NULL PRIMARY KEY,
          etag        text NOT NULL,
          json        json NOT NULL,
          updated_at  bigint NOT NULL            -- ms since the epoch
        );
        CREATE INDEX state_by_updated_at ON state (updated_at);
      `,
    },
    {
      version: 2,
      name: names[1]!,
      sql: `
        CREATE TABLE alert_subscriptions (
          id           text COLLATE "C" NOT NULL PRIMARY KEY,
          user_key     text COLLATE "C" NOT NULL,
          campaign_id  text COLLATE "C",         -- NULL: every campaign the user may see
          json         text NOT NULL,            -- the AlertSubscription without seen
          seen         text NOT NULL             -- its seen, written by each check
        );
        CREATE INDEX alert_subscriptions_by_user ON alert_subscriptions (user_key);
        CREATE INDEX alert_subscriptions_by_campaign ON alert_subscriptions (campaign_id);

        -- the last committed data batch (campaign store's DataChange.seq) whose alerts were checked
        CREATE TABLE alert_cursor (
          id   integer NOT NULL PRIMARY KEY CHECK (id = 1),
          seq  bigint NOT NULL
        );
        INSERT INTO alert_cursor (id, seq) VALUES (1, 0);

        CREATE TABLE alert_outbox (
          id               text COLLATE "C" NOT NULL PRIMARY KEY,
          subscription_id  text COLLATE "C" NOT NULL,
          conversation_id  text COLLATE "C" NOT NULL,  -- one conversation's messages go out in order, one at a time
          json             text NOT NULL,              -- the OutboxMessage without attempts, last_error and due_at
          due_at           bigint NOT NULL,            -- ms since the epoch
          claimed_until    bigint NOT NULL DEFAULT 0,
          attempts         integer NOT NULL DEFAULT 0,
          last_error       text,
          seq              bigint GENERATED ALWAYS AS IDENTITY  -- creation order
        );
        CREATE INDEX alert_outbox_by_due ON alert_outbox (due_at, seq);
        CREATE INDEX alert_outbox_by_conversation ON alert_outbox (conversation_id, seq);
        CREATE INDEX alert_outbox_by_subscription ON alert_outbox (subscription_id);
      `,
    },
  ],
};
