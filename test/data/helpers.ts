/** Shared helpers of the campaign-data tests: temp folders, CSV files, database snapshots. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Db } from '../../src/data/db';
import { ImportError, importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { dataRowsOf } from '../conformance/storeRows';

/** The ImportError a rejected import ends with (fails when it was not rejected, or failed otherwise). */
export async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the import to be rejected');
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'campaign-data-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export type Cell = string | number | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header: readonly string[], rows: readonly (readonly Cell[])[], eol = '\n'): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join(eol) + eol;
}

export interface DataSet {
  campaigns: Cell[][];
  contacts: Cell[][];
  attempts: Cell[][];
}

export const CAMPAIGN_HEADER = ['campaign_id', 'name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'];
export const CONTACT_HEADER = ['contact_id', 'campaign_id', 'name', 'phone'];
export const ATTEMPT_HEADER = ['attempt_id', 'contact_id', 'started_at', 'result', 'duration_s', 'error'];

/** Writes the three files of a data set into `dir` (created); returns `dir`. */
export function writeDataSet(dir: string, data: DataSet): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'campaigns.csv'), csv(CAMPAIGN_HEADER, data.campaigns));
  fs.writeFileSync(path.join(dir, 'contacts.csv'), csv(CONTACT_HEADER, data.contacts));
  fs.writeFileSync(path.join(dir, 'attempts.csv'), csv(ATTEMPT_HEADER, data.attempts));
  return dir;
}

/** A small, hand-checked data set covering every rule of the contract. */
export function smallDataSet(): DataSet {
  return {
    campaigns: [
      ['CMP-A', 'Alpha Renewals', 'paused', 3, 2, 'out_of_minutes', '2025-03-01', '2025-04-30', 'America/New_York'],
      ['CMP-B', 'Cobranza Beta', 'in_progress', 4, 3, '', '2025-03-01T08:00:00-06:00', '', 'America/Mexico_City'],
      ['CMP-F', 'Finished Gamma', 'finished', 2, '', '', '', '', ''],
    ],
    contacts: [
      ['C-1', 'CMP-A', 'Ann Able', '+1 (555) 010-0001'],
      ['C-2', 'CMP-A', 'Bob Baker', '+1-555-010-0002'],
      ['C-3', 'CMP-A', 'Cy Cole', '555 010 0003'],
      ['C-4', 'CMP-B', 'Dolores Díaz', '+52 55 1234 0004'],
      ['C-5', 'CMP-B', 'Eva Ruiz', '+52 55 1234 0005'],
      ['C-6', 'CMP-F', 'Finn Ford', '+44 20 7946 0006'],
      ['C-7', 'CMP-A', 'Gus New', '+1 555 010 0007'],
      ['C-8', 'CMP-F', 'Hal Shared', '+1 (555) 010-0001'],
    ],
    attempts: [
      // C-1: busy, no_response -> flagged bad, 1 remaining, current no_response
      ['A-1', 'C-1', '2025-03-03T10:00:00-05:00', 'busy', '', ''],
      ['A-2', 'C-1', '2025-03-04T15:00:00-05:00', 'no_response', 30, ''],
      // C-2: failed, busy, then completed -> closed, not flagged
      ['A-3', 'C-2', '2025-03-03T10:00:00-05:00', 'failed', '', 'SIP 503'],
      ['A-4', 'C-2', '2025-03-04T10:00:00-05:00', 'busy', '', ''],
      ['A-5', 'C-2', '2025-03-05T16:00:00-05:00', 'completed', 245.5, ''],
      // C-3: canceled only -> new, 0 calls; then another canceled
      ['A-6', 'C-3', '2025-03-03T11:00:00-05:00', 'canceled', '', ''],
      // C-4 (bad_after 3): no_response x2 -> not flagged; ivr last; 1 remaining of 4
      ['A-7', 'C-4', '2025-03-03T09:00:00-06:00', 'no_response', '', ''],
      ['A-8', 'C-4', '2025-03-04T09:00:00-06:00', 'no_response', '', ''],
      ['A-9', 'C-4', '2025-03-05T09:00:00-06:00', 'ivr', 12, ''],
      // C-5: incorrect_number -> closed
      ['A-10', 'C-5', '2025-03-03T09:00:00-06:00', 'incorrect_number', 5, ''],
      // C-6 (finished campaign): one busy -> 0 remaining, campaign_finished
      ['A-11', 'C-6', '2025-01-10T12:00:00Z', 'busy', '', ''],
      // C-8 (finished): failed, failed -> flagged bad, campaign finished
      ['A-12', 'C-8', '2025-01-10T12:00:00Z', 'failed', '', 'timeout'],
      ['A-13', 'C-8', '2025-01-11T12:00:00+00:00', 'failed', '', 'timeout'],
    ],
  };
}

/** A campaign database in a temp folder (`campaigns.sqlite`), imported from `data` by the real importer, and opened. */
export async function importedStore(prefix: string, data: DataSet = smallDataSet()): Promise<{ store: SqliteCampaignStore; dir: string; dbPath: string; cleanup: () => void }> {
  const { dir, cleanup } = tempDir(prefix);
  const dbPath = path.join(dir, 'campaigns.sqlite');
  await importFolder(dbPath, writeDataSet(path.join(dir, 'csv'), data));
  return { store: await SqliteCampaignStore.open(dbPath), dir, dbPath, cleanup };
}

/** Every row of every table (schema included), ordered: equal snapshots mean equal databases. */
export async function snapshot(dbPath: string): Promise<Record<string, unknown[]>> {
  if (!fs.existsSync(dbPath)) return { missing: [] };
  const db = await Db.open(dbPath, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    const schema = await db.all<{ type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    );
    out['schema'] = schema;
    for (const t of schema.filter((s) => s.type === 'table')) {
      const rows = await db.all<Record<string, unknown>>(`SELECT * FROM "${t.name}"`);
      out[t.name] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await db.close();
  }
}

/** The SQLite file's indexes, as the snapshots list them. */
export const SQLITE_INDEXES = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL";

/** The rows of the data tables only (no import bookkeeping, no timestamps): compares two import paths. */
export async function dataRows(dbPath: string): Promise<Record<string, string[]>> {
  const db = await Db.open(dbPath, { readonly: true });
  try {
    return await dataRowsOf((sql) => db.all<Record<string, unknown>>(sql), SQLITE_INDEXES);
  } finally {
    await db.close();
  }
}
