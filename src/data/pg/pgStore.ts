/**
 * CampaignStore on PostgreSQL (DATABASE_URL): the shared queries (sqlQueries.ts) and lists (sqlLists.ts) on a pool
 * of connections (pgPool.ts), batch writes on a connection of their own (pgBatchWrite.ts), the schema migrated at
 * open (pgMigrations.ts). Several processes and machines can share one database: batches run one after another
 * under an advisory lock, and every process reads what any of them committed.
 */
import type { BatchOptions, BatchWrite, CampaignStoreWithLists } from '../campaignStore';
import type { ListQueries } from '../lists';
import { SqlListQueries } from '../sqlLists';
import { SqlCampaignQueries } from '../sqlQueries';
import { CAMPAIGN_SCHEMA } from '../migrations';
import { DEFAULT_VERSION_TABLE } from '../migrationRunner';
import { PgBatchWrite } from './pgBatchWrite';
import { storeDatabase, type PgDatabase, type PgSchema } from './pgDatabase';
import { PG_MIGRATIONS } from './pgMigrations';
import { PG_DIALECT, pgReader, pgStreamer, type PgSettings } from './pgPool';

export const PG_CAMPAIGN_SCHEMA: PgSchema = { migrations: PG_MIGRATIONS, names: CAMPAIGN_SCHEMA, versionTable: DEFAULT_VERSION_TABLE };

export class PgCampaignStore extends SqlCampaignQueries implements CampaignStoreWithLists {
  private closed = false;

  private constructor(
    private readonly database: PgDatabase,
    private readonly owned: boolean,
  ) {
    super(pgReader(database.pool));
  }

  /**
   * Creates or migrates the schema (one instance at a time). A URL opens a pool of the store's own, closed with it; a
   * PgDatabase is the process's, shared with its other stores and closed by whoever opened it.
   */
  static async open(target: PgDatabase | string, settings: Partial<PgSettings> = {}): Promise<PgCampaignStore> {
    const { database, owned } = await storeDatabase(target, PG_CAMPAIGN_SCHEMA, settings);
    return new PgCampaignStore(database, owned);
  }

  /** The database, for messages (without its password). */
  get label(): string {
    return this.database.label;
  }

  /** A batch on a connection of its own, waiting for any other batch of any process to end first. */
  beginBatch(options: BatchOptions): Promise<BatchWrite> {
    return PgBatchWrite.begin(this.database.url, this.database.settings, options);
  }

  listQueries(): ListQueries {
    return new SqlListQueries(pgReader(this.database.pool), PG_DIALECT, pgStreamer(this.database.pool), () => this.listCampaigns());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) await this.database.close();
  }
}
