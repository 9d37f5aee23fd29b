/**
 * CampaignStore on SQLite (node-sqlite3): the shared queries (sqlQueries.ts) on this connection; a batch write (an
 * import, an ingest) runs on a connection of its own (sqliteBatchWrite.ts), so this one keeps answering from the last
 * committed data meanwhile (WAL).
 */
import type { BatchOptions, BatchWrite, CampaignStoreWithLists } from './campaignStore';
import { openCampaignDb } from './campaignDb';
import type { Db, OpenOptions } from './db';
import type { ListQueries } from './lists';
import { SQLITE_DIALECT, type SqlParams, type SqlStreamer } from './sql';
import { SqlListQueries } from './sqlLists';
import { SqlCampaignQueries } from './sqlQueries';
import { SqliteBatchWrite } from './sqliteBatchWrite';

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

export class SqliteCampaignStore extends SqlCampaignQueries implements CampaignStoreWithLists {
  private constructor(private readonly file: Db) {
    super(file);
  }

  /** Opens the database at `path` (created empty and migrated when missing); each query is stopped after `queryTimeoutMs` (default 5 s). */
  static async open(path: string, options: Pick<OpenOptions, 'queryTimeoutMs'> = {}): Promise<SqliteCampaignStore> {
    return new SqliteCampaignStore(await openCampaignDb(path, { ...options, verify: true }));
  }

  get path(): string {
    return this.file.path;
  }

  /** A batch on a connection of its own: this one goes on answering from the last committed data meanwhile. */
  beginBatch(options: BatchOptions): Promise<BatchWrite> {
    return SqliteBatchWrite.begin(this.path, options);
  }

  /** The list queries (sqlLists.ts) on this store's connection. */
  listQueries(): ListQueries {
    return new SqlListQueries(this.file, SQLITE_DIALECT, sqliteStreamer(this.file), () => this.listCampaigns());
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
