/**
 * The state store (stateStore.ts) on PostgreSQL (DATABASE_URL), with the SQLite store's eTag semantics: the
 * compare-and-set is one `INSERT ... ON CONFLICT DO UPDATE ... WHERE state.etag = $expected`, which PostgreSQL
 * re-checks on the latest row under its lock, so of two instances (processes, machines) writing with the same eTag
 * exactly one wins. Several items are written in one transaction, all or nothing.
 *
 * A turn saves its conversation state and its user state at once, one item each: the single-item writes of one tick
 * go out as one statement (each item still compared and written on its own, as two statements would), so a turn
 * waits for one round trip and one commit instead of two.
 */
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { OperationGate } from '../../data/pg/operationGate';
import { storeDatabase, type PgDatabase } from '../../data/pg/pgDatabase';
import type { PgSettings } from '../../data/pg/pgPool';
import { checkMaxAge, expectedETag, isItem, storedItem, TickReads, type Item } from '../stateItems';
import { ETagConflictError, type StateChange, type StateItem, type StateScope, type StateStore } from '../stateStore';
import { PG_STATE_SCHEMA } from './pgStateSchema';

export interface PgStateStoreOptions {
  /** The clock that dates each write, in ms since the epoch (default Date.now). */
  now?: () => number;
  /** The pool's settings, when the store opens a database of its own (a URL). */
  settings?: Partial<PgSettings>;
}

interface Row {
  key: string;
  etag: string;
  json: string;
}

interface Write extends Row {
  expected: string | undefined;
}

interface QueuedWrite {
  write: Write;
  now: number;
  done: (error?: unknown) => void;
}

// A turn's statements (the read, the upserts) are named: each connection of the pool prepares them once, and
// PostgreSQL parses and plans them once instead of on every turn.
const UPSERT = `INSERT INTO state AS s (key, etag, json, updated_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at`;
const UPSERT_IF_ETAG = `${UPSERT} WHERE s.etag = $5`;
const UPSERT_ALL = `INSERT INTO state AS s (key, etag, json, updated_at)
  SELECT key, etag, json, $4 FROM unnest($1::text[], $2::text[], $3::json[]) AS i(key, etag, json)
  ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at`;
/**
 * Independent single-item writes (distinct keys) in one statement: each stored row is replaced when its item expects
 * no eTag ($4 null) or the stored one, re-checked on the latest row under its lock as UPSERT_IF_ETAG is; the keys
 * written come back, and a key missing from them is that write's conflict.
 */
const UPSERT_EACH = `INSERT INTO state AS s (key, etag, json, updated_at)
  SELECT key, etag, json, at FROM unnest($1::text[], $2::text[], $3::json[], $5::bigint[]) AS i(key, etag, json, at)
  ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at
  WHERE s.etag = coalesce((SELECT e.expected FROM unnest($1::text[], $4::text[]) AS e(key, expected) WHERE e.key = excluded.key), s.etag)
  RETURNING s.key`;

/** The part of a key after its channel, from the first `/` on: whose state it holds (as SqliteStorage reads it). */
const SCOPE_OF_KEY = "substr(key, strpos(key, '/') + 1, $2) = $3";

/** `$.profile.course` (member names, plain or double-quoted) as json_extract_path's names. */
export function memberPath(jsonPath: string): string[] {
  const names: string[] = [];
  const member = /\.(?:"((?:[^"\\]|\\.)*)"|([^."[\]\s*]+))/y;
  if (!jsonPath.startsWith('$')) throw new RangeError(`Not a JSON path of member names: ${jsonPath}`);
  member.lastIndex = 1;
  while (member.lastIndex < jsonPath.length) {
    const match = member.exec(jsonPath);
    if (!match) throw new RangeError(`Not a JSON path of member names: ${jsonPath}`);
    names.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!);
  }
  return names;
}

export class PgStateStore implements StateStore {
  private readonly gate = new OperationGate('Storage: the PostgreSQL state store is closed.');
  private readonly reads = new TickReads<Row>((keys) => this.readRows(keys));
  /** The single-item writes of this tick, sent together on the next (SingleWrites). */
  private queued: QueuedWrite[] | undefined;

  private constructor(
    private readonly database: PgDatabase,
    private readonly owned: boolean,
    private readonly now: () => number,
  ) {}

  /** Migrates the state schema when needed; a URL opens a database of the store's own, closed with it. */
  static async open(target: PgDatabase | string, options: PgStateStoreOptions = {}): Promise<PgStateStore> {
    const { database, owned } = await storeDatabase(target, PG_STATE_SCHEMA, options.settings);
    return new PgStateStore(database, owned, options.now ?? Date.now);
  }

  read(keys: readonly string[]): Promise<Record<string, StateItem>> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when reading.'));
    const unique = [...new Set(keys)];
    return this.gate.run(async () => {
      const rows = unique.length === 0 ? new Map<string, Row>() : await this.reads.read(unique);
      const items: Record<string, StateItem> = {};
      for (const key of unique) {
        const row = rows.get(key);
        if (row) items[key] = storedItem(row.json, row.etag);
      }
      return items;
    });
  }

  private async readRows(keys: string[]): Promise<Map<string, Row>> {
    const { rows } = await this.database.pool.query<Row>({ name: 'state.read', text: 'SELECT key, etag, json::text AS json FROM state WHERE key = ANY($1::text[])', values: [keys] });
    return new Map(rows.map((row) => [row.key, row]));
  }

  writeTagged(changes: Readonly<Record<string, StateChange>>): Promise<Record<string, string>> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    let writes: Write[];
    try {
      writes = Object.entries(changes as Record<string, unknown>).map(([key, item]) => {
        if (!isItem(item)) throw new TypeError(`Storage: the item for "${key}" must be an object.`);
        const etag = randomUUID();
        return { key, etag, expected: expectedETag(item), json: JSON.stringify({ ...(item as Item), eTag: etag }) };
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.gate.run(async () => {
      if (writes.length > 0) await this.writeAll(writes, this.now());
      return Object.fromEntries(writes.map((write) => [write.key, write.etag]));
    });
  }

  /**
   * One statement when it can be (one item, or items without eTags to check); else a transaction that writes the
   * items in key order, so two instances writing the same keys wait for each other instead of deadlocking.
   */
  private async writeAll(writes: Write[], now: number): Promise<void> {
    const { pool } = this.database;
    if (writes.length === 1) return this.writeSingle(writes[0]!, now);
    writes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (writes.every((write) => write.expected === undefined)) {
      await pool.query(UPSERT_ALL, [writes.map((w) => w.key), writes.map((w) => w.etag), writes.map((w) => w.json), now]);
      return;
    }
    await this.database.transaction(async (client) => {
      for (const write of writes) await this.writeOne(client, write, now);
    });
  }

  /** One item, sent with the other single-item writes of this tick. */
  private writeSingle(write: Write, now: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (error?: unknown): void => (error === undefined ? resolve() : reject(error));
      if (!this.queued) {
        const queued: QueuedWrite[] = (this.queued = []);
        process.nextTick(() => {
          this.queued = undefined;
          void this.sendSingles(queued);
        });
      }
      this.queued.push({ write, now, done });
    });
  }

  /** A tick's single-item writes: one statement for distinct keys; a key written twice in the tick, after it, alone. */
  private async sendSingles(queued: QueuedWrite[]): Promise<void> {
    const first = new Map<string, QueuedWrite>();
    const again: QueuedWrite[] = [];
    for (const q of queued) {
      if (first.has(q.write.key)) again.push(q);
      else first.set(q.write.key, q);
    }
    const together = [...first.values()];
    if (together.length === 1) {
      const [{ write, now, done }] = together as [QueuedWrite];
      await this.writeOne(this.database.pool, write, now).then(() => done(), done);
    } else {
      try {
        const writes = together.map((q) => q.write);
        const { rows } = await this.database.pool.query<{ key: string }>({
          name: 'state.upsertEach',
          text: UPSERT_EACH,
          values: [writes.map((w) => w.key), writes.map((w) => w.etag), writes.map((w) => w.json), writes.map((w) => w.expected ?? null), together.map((q) => q.now)],
        });
        const written = new Set(rows.map((row) => row.key));
        for (const q of together) q.done(written.has(q.write.key) ? undefined : new ETagConflictError(q.write.key));
      } catch (error) {
        for (const q of together) q.done(error);
      }
    }
    for (const { write, now, done } of again) await this.writeOne(this.database.pool, write, now).then(() => done(), done);
  }

  private async writeOne(on: Pick<PoolClient, 'query'>, { key, etag, json, expected }: Write, now: number): Promise<void> {
    const written =
      expected === undefined
        ? await on.query({ name: 'state.upsert', text: UPSERT, values: [key, etag, json, now] })
        : await on.query({ name: 'state.upsertIfETag', text: UPSERT_IF_ETAG, values: [key, etag, json, now, expected] });
    // an eTag on an item that is not stored (any more) is no conflict, as MemoryStorage has it: the insert is made
    if (written.rowCount === 0) throw new ETagConflictError(key);
  }

  delete(keys: readonly string[]): Promise<void> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when deleting.'));
    const unique = [...new Set(keys)];
    return this.gate.run(async () => {
      if (unique.length > 0) await this.database.pool.query('DELETE FROM state WHERE key = ANY($1::text[])', [unique]);
    });
  }

  purgeOlderThan(maxAgeMs: number, scope: StateScope, now = this.now()): Promise<number> {
    return this.gate.run(async () => {
      checkMaxAge(maxAgeMs);
      const prefix = `${scope}/`;
      const { rowCount } = await this.database.pool.query(`DELETE FROM state WHERE updated_at < $1 AND ${SCOPE_OF_KEY}`, [now - maxAgeMs, prefix.length, prefix]);
      return rowCount ?? 0;
    });
  }

  userValues(jsonPath: string): Promise<unknown[]> {
    return this.gate.run(async () => {
      const path = memberPath(jsonPath);
      const prefix = 'users/';
      // json_extract_path gives json, which the pool's client parses
      const { rows } = await this.database.pool.query<{ value: unknown }>(
        `SELECT json_extract_path(json, VARIADIC $1::text[]) AS value FROM state
         WHERE ${SCOPE_OF_KEY} AND json_typeof(json_extract_path(json, VARIADIC $1::text[])) = 'object'`,
        [path, prefix.length, prefix],
      );
      return rows.map((row) => row.value);
    });
  }

  close(): Promise<void> {
    return this.gate.close(async () => {
      if (this.owned) await this.database.close();
    });
  }
}
