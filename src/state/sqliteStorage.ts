/**
 * The state store (stateStore.ts) on a SQLite file, with MemoryStorage's eTag semantics: writing an item with eTag
 * `'*'` or none always succeeds; writing one whose eTag is not the stored one fails with an ETagConflictError; every
 * write gives the item a new eTag. The compare-and-set is one `UPDATE ... WHERE etag = ?`, so two processes cannot
 * both win. It is a botbuilder `Storage` too (last writer wins on `'*'`: the bot writes through CompareAndSetStorage).
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { Db, type OpenOptions, type SqlValue } from '../data/db';
import { checkMaxAge, expectedETag, isItem, storedItem, TickReads, type Item } from './stateItems';
import { migrateStateDb } from './stateSchema';
import { ETagConflictError, type StateChange, type StateItem, type StateScope, type StateStore } from './stateStore';

/** SQLite's default limit on bound parameters is far above this; it keeps each statement small. */
const KEYS_PER_STATEMENT = 500;

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += KEYS_PER_STATEMENT) out.push(values.slice(i, i + KEYS_PER_STATEMENT));
  return out;
}

const UPSERT = `INSERT INTO state(key, etag, json, updated_at) VALUES (?1, ?2, ?3, ?4)
  ON CONFLICT(key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at`;
const UPSERT_IF_ETAG = `${UPSERT} WHERE state.etag = ?5`;

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/**
 * Switching a new file to WAL needs it to itself, and SQLite answers SQLITE_BUSY at once rather than waiting on the
 * busy timeout (two processes starting on a new file together), so this retries for a few seconds.
 */
async function useWal(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.get('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * attempt)));
    }
  }
}

/** Time limits of the state file's queries: each query (default 5 s) and the wait on another process's lock (default 4 s). */
export type StorageTimeouts = Pick<OpenOptions, 'queryTimeoutMs' | 'busyTimeoutMs'>;

export interface SqliteStorageOptions extends StorageTimeouts {
  /** The clock that dates each write, in ms since the epoch (default Date.now). */
  now?: () => number;
}

/** Opens the state file (WAL, migrated): the bot state's connection and the alert store's each have one. */
export async function openStateDb(path: string, timeouts: StorageTimeouts): Promise<Db> {
  const db = await Db.open(path, timeouts);
  try {
    await useWal(db);
    // NORMAL is durable across a crashed process in WAL mode; only a power cut may lose the last commit
    await db.exec('PRAGMA synchronous = NORMAL;');
    await migrateStateDb(db);
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

export class SqliteStorage implements Storage, StateStore {
  private readonly opening: Promise<Db>;
  private readonly now: () => number;
  /** Operations on the one connection run one after another, so no read lands inside another call's transaction. */
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;

  /** Opens (creating if needed) the file in the background; the first operation waits for it. The folder must exist. */
  constructor(
    readonly path: string,
    options: SqliteStorageOptions = {},
  ) {
    const { now = () => Date.now(), ...timeouts } = options;
    this.now = now;
    this.opening = openStateDb(path, timeouts);
    // a failure to open surfaces on the first operation (or `ready()`), not as an unhandled rejection
    this.opening.catch(() => undefined);
  }

  /** A storage whose file is open and migrated. */
  static async open(path: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
    const storage = new SqliteStorage(path, options);
    await storage.ready();
    return storage;
  }

  async ready(): Promise<void> {
    await this.opening;
  }

  async read(keys: readonly string[]): Promise<Record<string, StateItem>> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const unique = [...new Set(keys)];
    const rows = await this.reads.read(unique);
    // every caller gets objects of its own, as before (the compare-and-set view tells them apart)
    const items: Record<string, StateItem> = {};
    for (const key of unique) {
      const row = rows.get(key);
      if (row) items[key] = storedItem(row.json, row.etag);
    }
    return items;
  }

  private readonly reads = new TickReads((keys) => this.readRows(keys));

  private readRows(keys: string[]): Promise<Map<string, { etag: string; json: string }>> {
    return this.exclusive(async (db) => {
      const found = new Map<string, { etag: string; json: string }>();
      for (const part of chunks(keys)) {
        const rows = await db.all<{ key: string; etag: string; json: string }>(`SELECT key, etag, json FROM state WHERE key IN (${placeholders(part.length)})`, part);
        for (const row of rows) found.set(row.key, row);
      }
      return found;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeTagged(changes);
  }

  /** `write`, telling the new eTag of every item written: all of them, or none when any conflicts. */
  async writeTagged(changes: Readonly<Record<string, StateChange>>): Promise<Record<string, string>> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes as Record<string, unknown>);
    for (const [key, item] of entries) if (!isItem(item)) throw new TypeError(`Storage: the item for "${key}" must be an object.`);
    const rows = entries.map(([key, item]) => {
      const etag = randomUUID();
      return { key, etag, expected: expectedETag(item as Item), json: JSON.stringify({ ...(item as Item), eTag: etag }) };
    });
    if (rows.length === 0) return {};
    const writeRow = async (db: Db, { key, etag, expected, json }: (typeof rows)[number], now: number): Promise<void> => {
      // one statement, atomic on its own: insert, or update when the stored eTag is the expected one (or none is
      // expected). As MemoryStorage, an eTag on an item that is not stored (any more) is no conflict.
      const written = await db.run(expected === undefined ? UPSERT : UPSERT_IF_ETAG, expected === undefined ? [key, etag, json, now] : [key, etag, json, now, expected]);
      if (written.changes === 0) throw new ETagConflictError(key);
    };
    return this.exclusive(async (db) => {
      const now = this.now();
      // botbuilder saves each state (conversation, user) on its own: one row needs no transaction around it
      if (rows.length === 1) await writeRow(db, rows[0]!, now);
      else await db.transaction(async () => {
        for (const row of rows) await writeRow(db, row, now);
      });
      return Object.fromEntries(rows.map((row) => [row.key, row.etag]));
    });
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    const unique = [...new Set(keys)];
    return this.exclusive((db) =>
      db.transaction(async () => {
        for (const part of chunks(unique)) await db.run(`DELETE FROM state WHERE key IN (${placeholders(part.length)})`, part);
      }),
    );
  }

  async purgeOlderThan(maxAgeMs: number, scope: StateScope, now = this.now()): Promise<number> {
    checkMaxAge(maxAgeMs);
    const prefix = `${scope}/`;
    // the segment after the channel id says whose state a key holds; ids after it may contain anything
    const params: SqlValue[] = [now - maxAgeMs, prefix.length, prefix];
    return this.exclusive(async (db) => (await db.run("DELETE FROM state WHERE updated_at < ? AND substr(key, instr(key, '/') + 1, ?) = ?", params)).changes);
  }

  async userValues(jsonPath: string): Promise<unknown[]> {
    const prefix = 'users/';
    return this.exclusive(async (db) => {
      const rows = await db.all<{ value: string }>(
        "SELECT json_extract(json, ?1) AS value FROM state WHERE substr(key, instr(key, '/') + 1, ?2) = ?3 AND json_type(json, ?1) = 'object'",
        [jsonPath, prefix.length, prefix],
      );
      return rows.map((row) => JSON.parse(row.value) as unknown);
    });
  }

  close(): Promise<void> {
    this.closing ??= this.queue.then(async () => {
      const db = await this.opening.catch(() => undefined);
      await db?.close();
    });
    return this.closing;
  }

  private exclusive<T>(operation: (db: Db) => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error(`Storage: ${this.path} is closed.`));
    const result = this.queue.then(async () => operation(await this.opening));
    this.queue = result.catch(() => undefined);
    return result;
  }
}
