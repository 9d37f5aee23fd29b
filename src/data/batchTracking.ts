/**
 * The temp tables and triggers of a SQLite batch write (sqliteBatchWrite.ts), on the batch's connection only.
 *
 * Always: triggers that stop a second write of one id within one batch (every row is stamped with the batch's id).
 * Incremental strategy: triggers that record what the upserts change, looking only at the columns the derived facts
 * depend on: the contacts whose facts must be recomputed (import_touched), the campaigns whose data changed
 * (import_affected), the campaigns to recount whole (import_recount: new ones, and those whose max_attempts or
 * bad_after changed) and the calls added to or taken from each campaign's quarter hours (import_slot_changes). At
 * commit the aggregates of the other campaigns are moved by the difference (derivedFactsSql.ts), so a commit costs
 * what the batch touched, not the size of its campaigns.
 *
 * (NOT EXISTS rather than INSERT OR IGNORE: inside a trigger fired by an upsert, the outer statement's conflict
 * handling replaces the trigger's own.)
 */
import { callSlotSql, dialledSql } from './derivedFactsSql';
import { DUPLICATE_MARK } from './sqliteRowSink';

/** `(OLD.a, OLD.b) IS NOT (NEW.a, NEW.b)`: did an update change any of these columns? */
const changed = (columns: readonly string[]): string =>
  `(${columns.map((c) => `OLD.${c}`).join(', ')}) IS NOT (${columns.map((c) => `NEW.${c}`).join(', ')})`;

const addId = (table: string, id: string): string => `INSERT INTO ${table} SELECT ${id} WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE id = ${id});`;

/** One call (`sign` 1) or one call taken away (-1) in the current campaign of `contact`'s quarter hour. */
const slotChange = (row: 'OLD' | 'NEW', sign: 1 | -1): string =>
  `INSERT INTO import_slot_changes SELECT k.campaign_id, ${callSlotSql(`${row}.started_ms`)}, ${row}.result, ${sign}
     FROM contacts k WHERE k.id = ${row}.contact_id AND ${dialledSql(`${row}.result`)};`;

/** The calls of a contact's attempts, added to (1) or taken from (-1) `campaign`. */
const movedCalls = (campaign: string, sign: 1 | -1): string =>
  `INSERT INTO import_slot_changes SELECT ${campaign}, ${callSlotSql('a.started_ms')}, a.result, ${sign}
     FROM attempts a WHERE a.contact_id = NEW.id AND ${dialledSql('a.result')};`;

export const TEMP_TABLES = ['import_touched', 'import_affected', 'import_recount', 'import_old_facts', 'import_new_facts', 'import_status_shift', 'import_slot_changes'] as const;

export const SETUP_SQL = `
  PRAGMA temp_store = MEMORY;
  CREATE TEMP TABLE IF NOT EXISTS import_touched (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_affected (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_recount (id TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_old_facts (contact_id TEXT NOT NULL PRIMARY KEY, campaign_id TEXT NOT NULL,
    current_status TEXT NOT NULL, calls_made INTEGER NOT NULL, closed INTEGER NOT NULL, flagged_bad INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_new_facts (contact_id TEXT NOT NULL PRIMARY KEY, campaign_id TEXT NOT NULL,
    calls_made INTEGER NOT NULL, closed INTEGER NOT NULL, flagged_bad INTEGER NOT NULL, current_status TEXT NOT NULL,
    failed_count INTEGER NOT NULL, busy_count INTEGER NOT NULL, no_response_count INTEGER NOT NULL,
    last_attempt_id TEXT, last_attempt_at TEXT, last_attempt_ms INTEGER) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_status_shift (campaign_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
    flagged INTEGER NOT NULL, calls INTEGER NOT NULL, closed INTEGER NOT NULL, open_below INTEGER NOT NULL, PRIMARY KEY (campaign_id, status)) WITHOUT ROWID;
  CREATE TEMP TABLE IF NOT EXISTS import_slot_changes (campaign_id TEXT NOT NULL, slot INTEGER NOT NULL, result TEXT NOT NULL, calls INTEGER NOT NULL);
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_campaigns BEFORE UPDATE ON campaigns WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_contacts BEFORE UPDATE ON contacts WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
  CREATE TEMP TRIGGER IF NOT EXISTS import_dup_attempts BEFORE UPDATE ON attempts WHEN OLD.import_id = NEW.import_id
    BEGIN SELECT RAISE(ABORT, '${DUPLICATE_MARK}'); END;
`;

/** Empties the temp tables: a connection that runs several batches starts each one clean. */
export const CLEAR_SQL = TEMP_TABLES.map((t) => `DELETE FROM ${t};`).join('\n');

const TRACKING_TRIGGERS = ['import_campaign_ins', 'import_campaign_upd', 'import_contact_ins', 'import_contact_upd', 'import_attempt_ins', 'import_attempt_upd'];

/**
 * The incremental strategy's triggers; `campaignColumns` and `attemptColumns` are the columns whose change changes
 * derived facts (tableRows.ts' factColumns).
 */
export function trackingSql(campaignColumns: readonly string[], attemptColumns: readonly string[]): string {
  return `
  CREATE TEMP TRIGGER import_campaign_ins AFTER INSERT ON campaigns BEGIN
    ${addId('import_affected', 'NEW.id')}
    ${addId('import_recount', 'NEW.id')}
  END;
  CREATE TEMP TRIGGER import_campaign_upd AFTER UPDATE ON campaigns WHEN ${changed(campaignColumns)} BEGIN
    ${addId('import_affected', 'NEW.id')}
    INSERT INTO import_recount SELECT NEW.id
      WHERE ${changed(['max_attempts', 'bad_after'])} AND NOT EXISTS (SELECT 1 FROM import_recount WHERE id = NEW.id);
    INSERT INTO import_touched SELECT f.contact_id FROM contact_facts f
      WHERE f.campaign_id = NEW.id AND OLD.bad_after <> NEW.bad_after AND f.contact_id NOT IN (SELECT id FROM import_touched);
  END;
  CREATE TEMP TRIGGER import_contact_ins AFTER INSERT ON contacts BEGIN
    ${addId('import_touched', 'NEW.id')}
  END;
  CREATE TEMP TRIGGER import_contact_upd AFTER UPDATE ON contacts WHEN OLD.campaign_id <> NEW.campaign_id BEGIN
    ${addId('import_touched', 'NEW.id')}
    ${addId('import_affected', 'OLD.campaign_id')}
    ${movedCalls('OLD.campaign_id', -1)}
    ${movedCalls('NEW.campaign_id', 1)}
  END;
  CREATE TEMP TRIGGER import_attempt_ins AFTER INSERT ON attempts BEGIN
    ${addId('import_touched', 'NEW.contact_id')}
    ${slotChange('NEW', 1)}
  END;
  CREATE TEMP TRIGGER import_attempt_upd AFTER UPDATE ON attempts WHEN ${changed(attemptColumns)} BEGIN
    ${addId('import_touched', 'NEW.contact_id')}
    ${addId('import_touched', 'OLD.contact_id')}
    ${slotChange('OLD', -1)}
    ${slotChange('NEW', 1)}
  END;
`;
}

export const UNTRACK_SQL = TRACKING_TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t};`).join('\n');
