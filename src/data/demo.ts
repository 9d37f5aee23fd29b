/**
 * The demo data set: `ensureCampaignDatabase` gives the bot a ready SQLite file on first start, `fillWhenEmpty` a ready
 * store of another engine (PostgreSQL) whose database is empty.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CampaignStore } from './campaignStore';
import { importCsvFolder, importFolder } from './importer';
import { SqliteCampaignStore } from './sqliteStore';

export interface EnsureOptions {
  /** Called once when the data had to be created (e.g. to log it), with where it lives. */
  onCreate?: (where: string, summary: { contacts: number; attempts: number; seconds: number }) => void;
}

/**
 * Imports `demoFolder` into `store` when it holds nothing yet (no campaign, no committed batch). Two processes
 * starting together on an empty database may both import it: the second import finds the same rows and changes
 * nothing.
 */
export async function fillWhenEmpty(store: CampaignStore, where: string, demoFolder: string, options: EnsureOptions = {}): Promise<void> {
  if ((await store.latestChangeSeq()) > 0 || (await store.listCampaigns()).length > 0) return;
  const summary = await importCsvFolder(store, demoFolder);
  options.onCreate?.(where, summary);
}

/**
 * Opens the campaign database at `dbPath` (migrating it). When the file does not exist, it is first created
 * and filled from `demoFolder` (campaigns.csv, contacts.csv, attempts.csv). The import goes to a temporary
 * file renamed into place at the end, so a failed or interrupted first start never leaves a half-filled database.
 */
export async function ensureCampaignDatabase(dbPath: string, demoFolder: string, options: EnsureOptions = {}): Promise<SqliteCampaignStore> {
  if (!fs.existsSync(dbPath)) {
    fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    const tmp = `${dbPath}.creating-${process.pid}-${Date.now()}`;
    try {
      const summary = await importFolder(tmp, demoFolder);
      if (!fs.existsSync(dbPath)) {
        fs.renameSync(tmp, dbPath);
        options.onCreate?.(dbPath, summary);
      }
    } finally {
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true });
    }
  }
  return SqliteCampaignStore.open(dbPath);
}
