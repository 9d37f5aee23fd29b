/**
 * The SQLite campaign database's schema migrations, applied by the runner every engine shares (migrationRunner.ts;
 * PostgreSQL's own migrations are in pg/pgMigrations.ts). Never edit an applied migration: add a new one.
 */
import type { Db } from './db';
import { runMigrations, type Migration, type MigrationSession, type SchemaNames } from './migrationRunner';

export type { Migration, SchemaNames } from './migrationRunner';

/** What the campaign schema is called in errors, whatever the engine. */
export const CAMPAIGN_SCHEMA: SchemaNames = { database: 'a campaign database', version: 'schema version' };

const RESULTS = `'completed','failed','busy','no_response','ivr','incorrect_number','canceled'`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'campaigns, contacts, attempts, per-campaign aggregates',
    sql: `
      -- one row per successful import; every imported row records the import that last wrote it
      CREATE TABLE imports (
        id           INTEGER PRIMARY KEY,
        folder       TEXT NOT NULL,
        strategy     TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        campaigns    INTEGER,
        contacts     INTEGER,
        attempts     INTEGER
      );

      CREATE TABLE campaigns (
        id            TEXT NOT NULL PRIMARY KEY,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('draft','planned','in_progress','paused','finished')),
        max_attempts  INTEGER NOT NULL CHECK (max_attempts >= 1),
        bad_after     INTEGER NOT NULL DEFAULT 2 CHECK (bad_after >= 1),
        pause_reason  TEXT CHECK (pause_reason IS NULL OR pause_reason IN ('manual','out_of_minutes','system_failure')),
        starts_at     TEXT,
        ends_at       TEXT,
        timezone      TEXT NOT NULL DEFAULT 'UTC',
        import_id     INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE contacts (
        id            TEXT NOT NULL PRIMARY KEY,
        campaign_id   TEXT NOT NULL REFERENCES campaigns(id),
        name          TEXT NOT NULL,
        phone         TEXT NOT NULL,
        id_key        TEXT NOT NULL,                 -- uppercase letters and digits of id (lookup key)
        phone_digits  TEXT NOT NULL,                 -- all digits of phone
        phone_rev     TEXT NOT NULL,                 -- digits without leading zeros, reversed (suffix search)
        import_id     INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX contacts_by_key ON contacts(id_key);
      CREATE INDEX contacts_by_phone_rev ON contacts(phone_rev);

      -- Per-contact derived facts (rules.ts), materialized by the importer for every contact an import touches
      -- (one row per contact). Attempts remaining and stop reason also depend on the campaign's status and are
      -- derived at read time.
      CREATE TABLE contact_facts (
        contact_id         TEXT NOT NULL PRIMARY KEY,
        campaign_id        TEXT NOT NULL,            -- = contacts.campaign_id (denormalized for the aggregates)
        calls_made         INTEGER NOT NULL,
        closed             INTEGER NOT NULL,
        flagged_bad        INTEGER NOT NULL,
        current_status     TEXT NOT NULL,
        failed_count       INTEGER NOT NULL,
        busy_count         INTEGER NOT NULL,
        no_response_count  INTEGER NOT NULL,
        last_attempt_id    TEXT,
        last_attempt_at    TEXT,
        last_attempt_ms    INTEGER
      ) WITHOUT ROWID;
      -- covering index for the per-campaign aggregates
      CREATE INDEX contact_facts_by_campaign ON contact_facts(campaign_id, current_status, closed, flagged_bad, calls_made);

      CREATE TABLE attempts (
        id          TEXT NOT NULL PRIMARY KEY,
        contact_id  TEXT NOT NULL REFERENCES contacts(id),
        started_at  TEXT NOT NULL,                   -- as imported (ISO 8601 with offset)
        started_ms  INTEGER NOT NULL,                -- the same instant, ms since the epoch (ordering)
        result      TEXT NOT NULL CHECK (result IN (${RESULTS})),
        duration_s  REAL CHECK (duration_s IS NULL OR duration_s >= 0),
        error       TEXT,
        import_id   INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- chronological per contact (ties by id), covering the derived-facts recomputation
      CREATE INDEX attempts_by_contact ON attempts(contact_id, started_ms, id, result);

      CREATE TABLE campaign_stats (
        campaign_id      TEXT NOT NULL PRIMARY KEY REFERENCES campaigns(id),
        total_contacts   INTEGER NOT NULL,
        flagged_bad      INTEGER NOT NULL,
        calls_made       INTEGER NOT NULL,
        closed_contacts  INTEGER NOT NULL,
        open_below_max   INTEGER NOT NULL,           -- not closed and calls_made < max_attempts
        updated_at       TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE campaign_status_counts (
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
        status       TEXT NOT NULL,
        contacts     INTEGER NOT NULL,
        PRIMARY KEY (campaign_id, status)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'calls made per campaign, UTC quarter hour and result',
    sql: `
      -- Calls made (attempts not canceled) per campaign, UTC quarter hour (slot = floor(started_ms / 900000)) and
      -- result, maintained by the importer: the best time to call and the week-over-week figures are read from here,
      -- converted to the campaign's time zone at read time (quarter hours, so half-hour zones map exactly too).
      CREATE TABLE campaign_call_slots (
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id),
        slot         INTEGER NOT NULL,
        result       TEXT NOT NULL,
        calls        INTEGER NOT NULL,
        PRIMARY KEY (campaign_id, slot, result)
      ) WITHOUT ROWID;

      INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
      SELECT k.campaign_id, (a.started_ms - (a.started_ms % 900000 + 900000) % 900000) / 900000, a.result, count(*)
      FROM attempts a JOIN contacts k ON k.id = a.contact_id
      WHERE a.result <> 'canceled'
      GROUP BY 1, 2, 3;
    `,
  },
  {
    version: 3,
    name: 'contact lists in the order they are acted on',
    sql: `
      -- One campaign's contact list read in its order (sqliteLists.ts: the sort keys are these expressions, verbatim):
      -- flagged bad by most unreachable calls then oldest last attempt; by current status, oldest last attempt first;
      -- by most calls made; with no attempts left, oldest last attempt first. The counts: by calls made (never
      -- called, called at least N times, called the maximum and still open).
      CREATE INDEX contact_facts_list_flagged ON contact_facts(campaign_id, flagged_bad,
        (-(failed_count + busy_count + no_response_count)), (coalesce(last_attempt_ms, -1)));
      CREATE INDEX contact_facts_list_status ON contact_facts(campaign_id, current_status, (coalesce(last_attempt_ms, -1)));
      CREATE INDEX contact_facts_list_calls ON contact_facts(campaign_id, calls_made, closed);
      CREATE INDEX contact_facts_list_most_calls ON contact_facts(campaign_id, (-calls_made), (coalesce(last_attempt_ms, -1)));
      CREATE INDEX contact_facts_list_last ON contact_facts(campaign_id, (coalesce(last_attempt_ms, -1)));
    `,
  },
  {
    version: 4,
    name: 'the campaigns each committed batch changed',
    sql: `
      -- What each committed import or ingest changed, read by whoever reacts to new data (the alerts): a batch's
      -- imports.id orders the batches (they commit one after another), this table names its campaigns.
      CREATE TABLE import_campaigns (
        import_id    INTEGER NOT NULL REFERENCES imports(id),
        campaign_id  TEXT NOT NULL,
        PRIMARY KEY (import_id, campaign_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'fewer contact_facts entries to move when a contact is called',
    sql: `
      -- Every index of contact_facts holds an entry per contact, which a contact's new attempt moves (the old entry
      -- deleted, a new one inserted elsewhere): for contacts spread over a big file, a page written per index and
      -- contact. So the lists share one index where they can (sqlLists.ts): by campaign, most calls first, then the
      -- oldest last attempt, which is the most-calls list's order and, one number of calls at a time, the status and
      -- no-attempts-left lists' (merged when read), ties by id; its last columns let the lists and a campaign's
      -- recount read it alone (SQLite reads an expression's columns from the table unless the index has them too). The flagged-bad list keeps an index of the flagged contacts only, the never-called list (in id order)
      -- one of the never-called only. No index for the counts the campaign aggregates give (campaign_stats,
      -- campaign_status_counts), moved by difference.
      DROP INDEX contact_facts_by_campaign;
      DROP INDEX contact_facts_list_flagged;
      DROP INDEX contact_facts_list_status;
      DROP INDEX contact_facts_list_calls;
      DROP INDEX contact_facts_list_most_calls;
      DROP INDEX contact_facts_list_last;
      CREATE INDEX contact_facts_list_calls_made ON contact_facts(campaign_id, (-calls_made), (coalesce(last_attempt_ms, -1)),
        contact_id, last_attempt_ms, calls_made, closed, current_status, flagged_bad);
      CREATE INDEX contact_facts_list_flagged_bad ON contact_facts(campaign_id,
        (-(failed_count + busy_count + no_response_count)), (coalesce(last_attempt_ms, -1))) WHERE flagged_bad = 1;
      CREATE INDEX contact_facts_list_never_called ON contact_facts(campaign_id) WHERE calls_made = 0 AND closed = 0;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function currentSchemaVersion(db: Db): Promise<number> {
  const row = await db.get<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return row?.v ?? 0;
}

/** A SQLite file as the migration runner sees it: each migration in a BEGIN IMMEDIATE transaction (the write lock). */
export function sqliteMigrationSession(db: Db): MigrationSession {
  return {
    label: db.path,
    exclusive: (fn) => fn(),
    transaction: (fn) => db.transaction(fn),
    exec: (sql) => db.exec(sql),
    migrationName: async (version) => (await db.get<{ name: string }>('SELECT name FROM schema_version WHERE version = ?', [version]))?.name,
    currentVersion: () => currentSchemaVersion(db),
    recordVersion: async (version, name, appliedAt) => {
      await db.run('INSERT INTO schema_version(version, name, applied_at) VALUES (?, ?, ?)', [version, name, appliedAt]);
    },
  };
}

/** Applies a SQLite file's missing migrations (migrationRunner.ts); returns the resulting version. */
export function applyMigrations(db: Db, migrations: readonly Migration[], names: SchemaNames): Promise<number> {
  return runMigrations(sqliteMigrationSession(db), migrations, names);
}

/** Applies the campaign database's missing migrations; returns the resulting version. */
export function migrate(db: Db): Promise<number> {
  return applyMigrations(db, MIGRATIONS, CAMPAIGN_SCHEMA);
}
