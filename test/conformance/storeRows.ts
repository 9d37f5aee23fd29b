/**
 * The rows of a campaign store's tables, read with plain SQL that both engines take, for comparisons within one engine:
 * a rejected batch must leave the snapshot as it was, two import paths must leave the same data rows.
 */

/** Runs one statement without parameters. */
export type RunQuery = (sql: string) => Promise<Record<string, unknown>[]>;

/** Every table of the campaign store, and the migrations' version table. */
export const STORE_TABLES = [
  'schema_version',
  'imports',
  'import_campaigns',
  'campaigns',
  'contacts',
  'attempts',
  'contact_facts',
  'campaign_stats',
  'campaign_status_counts',
  'campaign_call_slots',
];

const sortedRows = async (query: RunQuery, sql: string): Promise<string[]> => (await query(sql)).map((row) => JSON.stringify(row)).sort();

/** Every row of every table and the engine's index definitions (`indexSql`): equal snapshots mean equal databases. */
export async function snapshotRows(query: RunQuery, indexSql: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = { indexes: await sortedRows(query, indexSql) };
  for (const table of STORE_TABLES) out[table] = await sortedRows(query, `SELECT * FROM ${table}`);
  return out;
}

/** The rows of the data tables only (no batch bookkeeping, no timestamps), and the indexes: compares two import paths. */
export async function dataRowsOf(query: RunQuery, indexSql: string): Promise<Record<string, string[]>> {
  const q = (sql: string): Promise<string[]> => sortedRows(query, sql);
  return {
    campaigns: await q('SELECT id, name, status, max_attempts, bad_after, pause_reason, starts_at, ends_at, timezone FROM campaigns'),
    contacts: await q('SELECT id, campaign_id, name, phone, id_key, phone_digits, phone_rev FROM contacts'),
    attempts: await q('SELECT id, contact_id, started_at, started_ms, result, duration_s, error FROM attempts'),
    contact_facts: await q('SELECT * FROM contact_facts'),
    campaign_stats: await q('SELECT campaign_id, total_contacts, flagged_bad, calls_made, closed_contacts, open_below_max FROM campaign_stats'),
    campaign_status_counts: await q('SELECT * FROM campaign_status_counts'),
    campaign_call_slots: await q('SELECT * FROM campaign_call_slots'),
    indexes: await q(indexSql),
  };
}
