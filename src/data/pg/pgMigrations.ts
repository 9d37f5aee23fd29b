/**
 * The campaign schema on PostgreSQL: the tables of the SQLite file (migrations.ts), so the shared queries and derived
 * facts run unchanged, applied by the same runner (migrationRunner.ts) on a connection of its own, under an advisory
 * lock so that instances started together migrate one after another.
 *
 * Every text column compares by code point (COLLATE "C", SQLite's BINARY): ids and names sort the same on both engines
 * whatever the database's default collation, the phone-suffix search is a range of phone_rev, and the list indexes
 * give one campaign's list in its order (their expressions are the list queries' sort keys, verbatim).
 *
 * A contact's campaign and an attempt's contact are checked by the batch write, set-based (pgBatchWrite.ts), not by
 * foreign keys: their per-row checks would lock the referenced row once per imported row, millions of times.
 */
import type { Client } from 'pg';
import { DEFAULT_VERSION_TABLE, type Migration, type MigrationSession } from '../migrationRunner';

/** pg_advisory_lock's first key for the campaign store ('camp'); the second says what is locked. */
export const CAMPAIGN_LOCK_CLASS = 0x63616d70;
export const MIGRATION_LOCK = 1;
export const BATCH_LOCK = 2;

const RESULTS = `'completed','failed','busy','no_response','ivr','incorrect_number','canceled'`;
const UNREACHABLE = '(-(failed_count + busy_count + no_response_count))';
const LAST_MS = '(coalesce(last_attempt_ms, -1))';

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'campaigns, contacts, attempts, derived facts and aggregates, list indexes, committed batches',
    sql: `
      CREATE TABLE imports (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        folder       text NOT NULL,
        strategy     text NOT NULL,
        started_at   text NOT NULL,
        finished_at  text,
        campaigns    integer,
        contacts     integer,
        attempts     integer
      );

      CREATE TABLE campaigns (
        id            text COLLATE "C" NOT NULL PRIMARY KEY,
        name          text COLLATE "C" NOT NULL,
        status        text COLLATE "C" NOT NULL CHECK (status IN ('draft','planned','in_progress','paused','finished')),
        max_attempts  integer NOT NULL CHECK (max_attempts >= 1),
        bad_after     integer NOT NULL DEFAULT 2 CHECK (bad_after >= 1),
        pause_reason  text COLLATE "C" CHECK (pause_reason IS NULL OR pause_reason IN ('manual','out_of_minutes','system_failure')),
        starts_at     text,
        ends_at       text,
        timezone      text COLLATE "C" NOT NULL DEFAULT 'UTC',
        import_id     bigint NOT NULL
      );

      CREATE TABLE contacts (
        id            text COLLATE "C" NOT NULL PRIMARY KEY,
        campaign_id   text COLLATE "C" NOT NULL,     -- a campaigns.id (checked by the batch write)
        name          text NOT NULL,
        phone         text NOT NULL,
        id_key        text COLLATE "C" NOT NULL,     -- uppercase letters and digits of id (lookup key)
        phone_digits  text COLLATE "C" NOT NULL,     -- all digits of phone
        phone_rev     text COLLATE "C" NOT NULL,     -- digits without leading zeros, reversed (suffix search)
        import_id     bigint NOT NULL
      );
      CREATE INDEX contacts_by_key ON contacts (id_key);
      CREATE INDEX contacts_by_phone_rev ON contacts (phone_rev);

      CREATE TABLE attempts (
        id          text COLLATE "C" NOT NULL PRIMARY KEY,
        contact_id  text COLLATE "C" NOT NULL,       -- a contacts.id (checked by the batch write)
        started_at  text NOT NULL,                   -- as imported (ISO 8601 with offset)
        started_ms  bigint NOT NULL,                 -- the same instant, ms since the epoch (ordering)
        result      text COLLATE "C" NOT NULL CHECK (result IN (${RESULTS})),
        duration_s  double precision CHECK (duration_s IS NULL OR duration_s >= 0),
        error       text,
        import_id   bigint NOT NULL
      );
      -- chronological per contact (ties by id), covering the derived-facts recomputation
      CREATE INDEX attempts_by_contact ON attempts (contact_id, started_ms, id) INCLUDE (result);

      -- Per-contact derived facts (rules.ts), materialized at each batch's commit (derivedFactsSql.ts)
      CREATE TABLE contact_facts (
        contact_id         text COLLATE "C" NOT NULL PRIMARY KEY,
        campaign_id        text COLLATE "C" NOT NULL,
        calls_made         integer NOT NULL,
        closed             integer NOT NULL,
        flagged_bad        integer NOT NULL,
        current_status     text COLLATE "C" NOT NULL,
        failed_count       integer NOT NULL,
        busy_count         integer NOT NULL,
        no_response_count  integer NOT NULL,
        last_attempt_id    text COLLATE "C",
        last_attempt_at    text,
        last_attempt_ms    bigint
      );
      -- one campaign's contact list in its order (sqlLists.ts's sort keys), the id last; the flagged and the never
      -- called are a small part of a campaign, so their indexes hold only them; a campaign's facts are found by any of
      -- them (campaign_id first)
      CREATE INDEX contact_facts_list_flagged ON contact_facts (campaign_id, ${UNREACHABLE}, ${LAST_MS}, contact_id) WHERE flagged_bad = 1;
      CREATE INDEX contact_facts_list_status ON contact_facts (campaign_id, current_status, ${LAST_MS}, contact_id);
      CREATE INDEX contact_facts_list_calls ON contact_facts (campaign_id, contact_id) WHERE calls_made = 0 AND closed = 0;
      CREATE INDEX contact_facts_list_most_calls ON contact_facts (campaign_id, (-calls_made), ${LAST_MS}, contact_id);
      CREATE INDEX contact_facts_list_last ON contact_facts (campaign_id, ${LAST_MS}, contact_id);

      CREATE TABLE campaign_stats (
        campaign_id      text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES campaigns(id),
        total_contacts   integer NOT NULL,
        flagged_bad      integer NOT NULL,
        calls_made       integer NOT NULL,
        closed_contacts  integer NOT NULL,
        open_below_max   integer NOT NULL,           -- not closed and calls_made < max_attempts
        updated_at       text NOT NULL
      );

      CREATE TABLE campaign_status_counts (
        campaign_id  text COLLATE "C" NOT NULL REFERENCES campaigns(id),
        status       text COLLATE "C" NOT NULL,
        contacts     integer NOT NULL,
        PRIMARY KEY (campaign_id, status)
      );

      -- calls made per campaign, UTC quarter hour (slot = floor(started_ms / 900000)) and result
      CREATE TABLE campaign_call_slots (
        campaign_id  text COLLATE "C" NOT NULL REFERENCES campaigns(id),
        slot         bigint NOT NULL,
        result       text COLLATE "C" NOT NULL,
        calls        integer NOT NULL,
        PRIMARY KEY (campaign_id, slot, result)
      );

      -- the campaigns each committed batch changed (imports.id orders the batches: they commit one after another)
      CREATE TABLE import_campaigns (
        import_id    bigint NOT NULL REFERENCES imports(id),
        campaign_id  text COLLATE "C" NOT NULL,
        PRIMARY KEY (import_id, campaign_id)
      );
    `,
  },
  {
    version: 2,
    name: 'fewer contact_facts entries to move when a contact is called',
    sql: `
      -- As the SQLite file's migration 5: a contact's new attempt moves its entry in every index of contact_facts, so
      -- the status, most-calls and no-attempts-left lists share one index (sqlLists.ts' pageRanges): by campaign, most
      -- calls first, then the oldest last attempt, which is the most-calls list's order and, one number of calls at a
      -- time, the other two's (merged when read), ties by id; its included columns let the lists read it alone. The
      -- flagged and never-called lists keep their partial indexes, named as SQLite's.
      DROP INDEX contact_facts_list_status;
      DROP INDEX contact_facts_list_most_calls;
      DROP INDEX contact_facts_list_last;
      CREATE INDEX contact_facts_list_calls_made ON contact_facts (campaign_id, (-calls_made), ${LAST_MS}, contact_id)
        INCLUDE (last_attempt_ms, calls_made, closed, current_status, flagged_bad);
      ALTER INDEX contact_facts_list_flagged RENAME TO contact_facts_list_flagged_bad;
      ALTER INDEX contact_facts_list_calls RENAME TO contact_facts_list_never_called;
    `,
  },
];

/**
 * A PostgreSQL connection as the migration runner sees it: the whole run under the migration advisory lock (one lock
 * for every schema of the database), the applied versions in `versionTable`.
 */
export function pgMigrationSession(client: Client, label: string, versionTable = DEFAULT_VERSION_TABLE): MigrationSession {
  const transaction = async <T>(fn: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN');
    try {
      const result = await fn();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };
  return {
    label,
    versionTable,
    async exclusive(fn) {
      await client.query('SELECT pg_advisory_lock($1, $2)', [CAMPAIGN_LOCK_CLASS, MIGRATION_LOCK]);
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [CAMPAIGN_LOCK_CLASS, MIGRATION_LOCK]).catch(() => undefined);
      }
    },
    transaction,
    exec: async (sql) => void (await client.query(sql)),
    migrationName: async (version) => (await client.query<{ name: string }>(`SELECT name FROM ${versionTable} WHERE version = $1`, [version])).rows[0]?.name,
    currentVersion: async () => Number((await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${versionTable}`)).rows[0]?.v ?? 0),
    recordVersion: async (version, name, appliedAt) => {
      await client.query(`INSERT INTO ${versionTable} (version, name, applied_at) VALUES ($1, $2, $3)`, [version, name, appliedAt]);
    },
  };
}
