/**
 * CampaignStore on SQLite (node-sqlite3): the shared queries (sqlQueries.ts) on this connection; a batch write (an
 * import, an ingest) runs on a write connection the store keeps (sqliteBatchWrite.ts' SqliteWriter), so this one
 * keeps answering from the last committed data meanwhile (WAL).
 */
import type { BatchOptions, BatchWrite, CampaignStoreWithLists } from './campaignStore';
import { openCampaignDb } from './campaignDb';
import type { Db, OpenOptions } from './db';
import type { ListQueries } from './lists';
import { SQLITE_DIALECT, type SqlParams, type SqlStreamer } from './sql';
import { SqlListQueries } from './sqlLists';
import { SqlCampaignQueries } from './sqlQueries';
import { SqliteWriter, type WriterOptions } from './sqliteBatchWrite';

export { openCampaignDb } from './campaignDb';

/** Streams started on this process: each gets its own temporary table. */
let streamCount = 0;

/**
 * A long result sorted once into a temporary table (rowids in the query's order), then read back in chunks by rowid:
 * one sort whatever the result's size, and only a chunk in memory at a time.
 */
export function sqliteStreamer(db: Db): SqlStreamer {
  return {
    async *stream<T>(sql: string, params: SqlParams, chunkRows: number): AsyncIterable<T> {
      const table = `temp.stream_${++streamCount}`;
      await db.run(`CREATE TABLE ${table} AS ${sql}`, params);
      try {
        let after = 0;
        for (;;) {
          const rows = await db.all<T & { rid: number }>(`SELECT rowid AS rid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${chunkRows}`, [after]);
          for (const row of rows) yield row as T;
          if (rows.length < chunkRows) return;
          after = rows[rows.length - 1]!.rid;
        }
      } finally {
        await db.run(`DROP TABLE IF EXISTS ${table}`);
      }
    },
  };
}

/** How long a batch of the store waits for another process's write (an import) to finish before giving up. */
const WRITE_BUSY_TIMEOUT_MS = 10_000;
/** The store's write connection's page cache: the ingest's small batches touch pages all over a big file. */
const WRITE_CACHE_KIB = 64 * 1024;
/** The store's write connection reads the first GiB of the file through a memory map (the ingest's pages all over it). */
const WRITE_MMAP_BYTES = 1024 * 1024 * 1024;
/**
 * The WAL is checkpointed at most every 250 ms: the ingest's batches back to back (about 50 ms each at a million
 * contacts) rewrite many of the same pages, copied into the file once for several batches.
 */
const CHECKPOINT_EVERY_MS = 250;

export interface StoreOptions extends Pick<OpenOptions, 'queryTimeoutMs'> {
  /**
   * The write connection's settings (default: waits 10 s for another process's write, a 64 MiB page cache, the first
   * GiB mapped, the WAL checkpointed apart from the batches rather than in their commits, at most every 250 ms).
   */
  writer?: WriterOptions;
}

export class SqliteCampaignStore extends SqlCampaignQueries implements CampaignStoreWithLists {
  private writer: Promise<SqliteWriter> | undefined;

  private constructor(
    private readonly file: Db,
    private readonly writerOptions: WriterOptions,
  ) {
    super(file);
  }

  /** Opens the database at `path` (created empty and migrated when missing); each query is stopped after `queryTimeoutMs` (default 5 s). */
  static async open(path: string, options: StoreOptions = {}): Promise<SqliteCampaignStore> {
    const { writer, ...dbOptions } = options;
    const db = await openCampaignDb(path, { ...dbOptions, verify: true });
    return new SqliteCampaignStore(db, { busyTimeoutMs: WRITE_BUSY_TIMEOUT_MS, cacheKib: WRITE_CACHE_KIB, mmapBytes: WRITE_MMAP_BYTES, checkpointApart: true, checkpointEveryMs: CHECKPOINT_EVERY_MS, ...writer });
  }

  get path(): string {
    return this.file.path;
  }

  /**
   * A batch on the store's write connection, opened at the first batch and kept (its page cache stays warm from one
   * small batch to the next); batches run on it one after another. This connection goes on answering from the last
   * committed data meanwhile.
   */
  async beginBatch(options: BatchOptions): Promise<BatchWrite> {
    const opening = (this.writer ??= SqliteWriter.open(this.path, this.writerOptions));
    let writer: SqliteWriter;
    try {
      writer = await opening;
    } catch (err) {
      if (this.writer === opening) this.writer = undefined;
      throw err;
    }
    return writer.begin(options);
  }

  /** The list queries (sqlLists.ts) on this store's connection. */
  listQueries(): ListQueries {
    return new SqlListQueries(this.file, SQLITE_DIALECT, sqliteStreamer(this.file), () => this.listCampaigns());
  }

  /** Closes the write connection once its batch has ended, then this one. */
  async close(): Promise<void> {
    const writer = await this.writer?.catch(() => undefined);
    this.writer = undefined;
    await writer?.close();
    await this.file.close();
  }
}
