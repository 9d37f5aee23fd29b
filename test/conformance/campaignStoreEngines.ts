/**
 * The engines the campaign store's conformance suite runs against: each opens a new, empty store of its own (a SQLite
 * file in a temporary folder; a new database of the run's throwaway PostgreSQL cluster), with a way to read its tables
 * for the snapshots.
 */
import * as path from 'node:path';
import { Client } from 'pg';
import type { CampaignStoreWithLists } from '../../src/data/campaignStore';
import { Db } from '../../src/data/db';
import { PgCampaignStore } from '../../src/data/pg/pgStore';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { SQLITE_INDEXES, tempDir } from '../data/helpers';
import { sharedPostgres, type PgCluster } from '../helpers/postgres';
import { dataRowsOf, snapshotRows, type RunQuery } from './storeRows';

export interface StoreUnderTest {
  store: CampaignStoreWithLists;
  /** Every row of every table, and the indexes. */
  snapshot(): Promise<Record<string, string[]>>;
  /** The data rows and the indexes, without batch bookkeeping. */
  dataRows(): Promise<Record<string, string[]>>;
  /** Another store on the same database, as another process opens it (closed with this one). */
  openAnother(): Promise<CampaignStoreWithLists>;
  /** Closes the store and removes its database. */
  close(): Promise<void>;
}

export interface CampaignStoreEngine {
  name: string;
  /** For the suite's `before`: starts (or skips without) what the engine needs. */
  prepare(suite: Mocha.Context): Promise<void>;
  /** A new, empty store with a database of its own. */
  open(): Promise<StoreUnderTest>;
}

function underTest(
  store: CampaignStoreWithLists,
  reopen: () => Promise<CampaignStoreWithLists>,
  query: RunQuery,
  indexSql: string,
  dispose: () => Promise<void>,
): StoreUnderTest {
  const others: CampaignStoreWithLists[] = [];
  return {
    store,
    snapshot: () => snapshotRows(query, indexSql),
    dataRows: () => dataRowsOf(query, indexSql),
    openAnother: async () => {
      const other = await reopen();
      others.push(other);
      return other;
    },
    close: async () => {
      for (const other of others) await other.close();
      await store.close();
      await dispose();
    },
  };
}

export function sqliteEngine(): CampaignStoreEngine {
  return {
    name: 'SQLite',
    prepare: async () => undefined,
    async open() {
      const temp = tempDir('store-conformance-');
      const file = path.join(temp.dir, 'campaigns.sqlite');
      const store = await SqliteCampaignStore.open(file);
      const query: RunQuery = async (sql) => {
        const db = await Db.open(file, { readonly: true });
        try {
          return await db.all<Record<string, unknown>>(sql);
        } finally {
          await db.close();
        }
      };
      return underTest(store, () => SqliteCampaignStore.open(file), query, SQLITE_INDEXES, async () => temp.cleanup());
    },
  };
}

export const PG_INDEXES = 'SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema()';

export function postgresEngine(): CampaignStoreEngine {
  let cluster: PgCluster | undefined;
  return {
    name: 'PostgreSQL',
    async prepare(suite) {
      cluster = await sharedPostgres(suite);
    },
    async open() {
      const url = await cluster!.createDatabase();
      const store = await PgCampaignStore.open(url);
      const client = new Client({ connectionString: url });
      await client.connect();
      const query: RunQuery = async (sql) => (await client.query<Record<string, unknown>>(sql)).rows;
      return underTest(store, () => PgCampaignStore.open(url), query, PG_INDEXES, async () => {
        await client.end();
        await cluster!.dropDatabase(new URL(url).pathname.slice(1));
      });
    },
  };
}
