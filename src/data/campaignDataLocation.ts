/**
 * Where the campaign data lives, by the settings: the one place that chooses the engine. With DATABASE_URL,
 * PostgreSQL (pg/pgStore.ts); without it, the SQLite file at CAMPAIGN_DB (sqliteStore.ts). Everything past this point
 * sees a CampaignStoreWithLists, whatever the engine.
 */
import type { CampaignStoreWithLists } from './campaignStore';
import { ensureCampaignDatabase, fillWhenEmpty, type EnsureOptions } from './demo';
import { databaseFileProblem, describeDatabaseError } from './fileProblems';
import { importCsvFolder, importFolder, type ImportOptions, type ImportSummary } from './importer';
import type { PgDatabase } from './pg/pgDatabase';
import { describeDatabaseUrl, type PgSettings } from './pg/pgSettings';
import type { PgCampaignStore } from './pg/pgStore';
import { SqliteCampaignStore } from './sqliteStore';

export interface CampaignDataSettings {
  /** CAMPAIGN_DB: the SQLite file, when there is no DATABASE_URL. */
  campaignDb: string;
  /** DATABASE_URL: PostgreSQL. */
  databaseUrl?: string;
  /** The process's pool on DATABASE_URL, shared with its other stores (the bot's); without it, the store opens its own. */
  database?: PgDatabase;
  pg: PgSettings;
}

export interface CampaignDataLocation {
  /** The setting that names it: `DATABASE_URL` or `CAMPAIGN_DB`. */
  readonly setting: 'DATABASE_URL' | 'CAMPAIGN_DB';
  /** It, for messages: the file's path, or the database without its password. */
  readonly where: string;
  /** Why it cannot be used, found before opening it (a SQLite path that is a folder...), if anything. */
  problem(): string | undefined;
  /** Opens the store, creating or migrating its schema; with `demo`, an empty store is first filled from its folder. */
  open(demo?: { folder: string } & EnsureOptions): Promise<CampaignStoreWithLists>;
  /** `npm run import`: the folder's files in one batch (a SQLite file is created when missing, removed if that fails). */
  importFolder(folder: string, options?: ImportOptions): Promise<ImportSummary>;
  /** An error of `open` in words for whoever set the setting. */
  describeError(error: unknown): string;
}

export function campaignDataLocation(settings: CampaignDataSettings): CampaignDataLocation {
  const url = settings.databaseUrl;
  if (url) {
    // loaded only here: a process on SQLite never loads the PostgreSQL client
    const open = (): Promise<PgCampaignStore> => {
      const { PgCampaignStore: Store } = require('./pg/pgStore') as typeof import('./pg/pgStore');
      return Store.open(settings.database ?? url, settings.pg);
    };
    const where = describeDatabaseUrl(url);
    return {
      setting: 'DATABASE_URL',
      where,
      problem: () => undefined,
      async open(demo) {
        const store = await open();
        try {
          if (demo) await fillWhenEmpty(store, where, demo.folder, demo);
          return store;
        } catch (error) {
          await store.close().catch(() => undefined);
          throw error;
        }
      },
      async importFolder(folder, options) {
        const store = await open();
        try {
          return await importCsvFolder(store, folder, options);
        } finally {
          await store.close();
        }
      },
      describeError: (error) => {
        const { message, code } = error as { message?: string; code?: string };
        return `${message ?? String(error)}${code ? ` (${code})` : ''}`;
      },
    };
  }
  const path = settings.campaignDb;
  return {
    setting: 'CAMPAIGN_DB',
    where: path,
    problem: () => databaseFileProblem(path),
    open: (demo) => (demo ? ensureCampaignDatabase(path, demo.folder, demo) : SqliteCampaignStore.open(path)),
    importFolder: (folder, options) => importFolder(path, folder, options),
    describeError: describeDatabaseError,
  };
}
