/**
 * What every state store does the same way, whatever the engine: telling items from other values, the eTag a write
 * must find stored, an item as read back, the purge's age check, and one query for the reads of a tick.
 */
import type { StateItem } from './stateStore';

export type Item = Record<string, unknown>;

export function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The eTag a write must find stored; none for `'*'` or no eTag (the write always succeeds). */
export function expectedETag(item: Item): string | undefined {
  const { eTag } = item;
  return eTag === undefined || eTag === null || eTag === '' || eTag === '*' ? undefined : String(eTag);
}

/** A row as an item: its JSON, with the eTag it was stored with. */
export function storedItem(json: string, etag: string): StateItem {
  return { ...(JSON.parse(json) as Item), eTag: etag };
}

export function checkMaxAge(maxAgeMs: number): void {
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) throw new RangeError(`maxAgeMs must be a non-negative number, not ${maxAgeMs}`);
}

/** Rows read for a tick's keys, by key. */
export type RowsByKey<R> = Map<string, R>;

/**
 * Reads asked for in the same tick share one query: the bot loads a turn's conversation and user state together.
 * Every caller gets the rows of all the tick's keys and picks its own.
 */
export class TickReads<R> {
  private batch: { keys: Set<string>; rows: Promise<RowsByKey<R>> } | undefined;

  constructor(private readonly readRows: (keys: string[]) => Promise<RowsByKey<R>>) {}

  read(keys: Iterable<string>): Promise<RowsByKey<R>> {
    let batch = this.batch;
    if (!batch) {
      const keysOfBatch = new Set<string>();
      const rows = new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
        this.batch = undefined;
        return this.readRows([...keysOfBatch]);
      });
      batch = this.batch = { keys: keysOfBatch, rows };
    }
    for (const key of keys) batch.keys.add(key);
    return batch.rows;
  }
}
