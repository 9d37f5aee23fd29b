/**
 * CampaignStore on PostgreSQL (DATABASE_URL): the shared queries (sqlQueries.ts) and lists (sqlLists.ts) on a pool
 * of connections (pgPool.ts), batch writes on a connection of their own (pgBatchWrite.ts), the schema migrated at
 * open (pgMigrations.ts). Several processes and machines can share one database: batches run one after another
 * under an advisory lock, and every process reads what any of them committed.
 */
import type { Pool } from 'pg';
import type { BatchOptions, BatchWrite, CampaignStoreWithLists } from '../campaignStore';
import type { ListQueries } from '../lists';
import { SqlListQueries } from '../sqlLists';
import { SqlCampaignQueries } from '../sqlQueries';
import { PgBatchWrite } from './pgBatchWrite';
import { migratePg } from './pgMigrations';
import { connectClient, createPool, DEFAULT_PG_SETTINGS, describeDatabaseUrl, PG_DIALECT, pgReader, pgStreamer, type PgSettings } from './pgPool';

export class PgCampaignStore extends SqlCampaignQueries implements CampaignStoreWithLists {
  private closed = false;

  private constructor(
    private readonly url: string,
    private readonly settings: PgSettings,
    private readonly pool: Pool,
  ) {
    super(pgReader(pool));
  }

  /** Connects, creates or migrates the schema (one instance at a time), and opens the pool. */
  static async open(url: string, settings: Partial<PgSettings> = {}): Promise<PgCampaignStore> {
    const all = { ...DEFAULT_PG_SETTINGS, ...settings };
    const client = await connectClient(url, all);
    try {
      await migratePg(client, describeDatabaseUrl(url));
    } finally {
      await client.end().catch(() => undefined);
    }
    return new PgCampaignStore(url, all, createPool(url, all));
  }

  /** The database, for messages (without its password). */
  get label(): string {
    return describeDatabaseUrl(this.url);
  }

  /** A batch on a connection of its own, waiting for any other batch of any process to end first. */
  beginBatch(options: BatchOptions): Promise<BatchWrite> {
    return PgBatchWrite.begin(this.url, this.settings, options);
  }

  listQueries(): ListQueries {
    return new SqlListQueries(pgReader(this.pool), PG_DIALECT, pgStreamer(this.pool), () => this.listCampaigns());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
