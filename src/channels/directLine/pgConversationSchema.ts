/**
 * The Direct Line conversations' schema on PostgreSQL (PgConversationLog), migrated by the shared runner under the
 * database's migration lock, in a version table of its own (`directline_schema_version`). Never edit an applied
 * migration: add one.
 *
 * A conversation's row holds the next sequence number, so an append takes its number by updating that row: two
 * instances appending at once wait for each other on it, and numbers are never given twice. Activities go with their
 * conversation (ON DELETE CASCADE). Times are ms since the epoch, by the log's clock; ids compare by code point.
 */
import type { PgSchema } from '../../data/pg/pgDatabase';

export const PG_CONVERSATION_SCHEMA: PgSchema = {
  versionTable: 'directline_schema_version',
  names: { database: 'a Direct Line conversation log', version: 'Direct Line schema version' },
  migrations: [
    {
      version: 1,
      name: 'Direct Line conversations and their activities',
      sql: `
        -- orders conversations active in the same millisecond: the one touched last is the most recently active
        CREATE SEQUENCE dl_touches;
        CREATE TABLE dl_conversations (
          id           text COLLATE "C" NOT NULL PRIMARY KEY,
          user_id      text NOT NULL,
          locale       text NOT NULL,
          service_url  text NOT NULL,
          started      boolean NOT NULL DEFAULT false,
          last_active  bigint NOT NULL,          -- ms since the epoch
          touched      bigint NOT NULL DEFAULT nextval('dl_touches'),
          next_seq     bigint NOT NULL DEFAULT 0
        );
        CREATE INDEX dl_conversations_by_activity ON dl_conversations (last_active, touched);

        CREATE TABLE dl_activities (
          conversation_id  text COLLATE "C" NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
          seq              bigint NOT NULL,
          json             text NOT NULL,      -- the activity without its id (<conversation id>|<seq>)
          PRIMARY KEY (conversation_id, seq)
        );
      `,
    },
  ],
};
