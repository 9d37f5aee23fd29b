/**
 * What the bot's conversation and user state need from a database, whatever holds it (SQLite today: SqliteStorage;
 * PostgreSQL later, see the contract's "Scaling out"). Plain JSON items in and out: no botbuilder type crosses it.
 * CompareAndSetStorage turns it into the botbuilder `Storage` the bot's states write to; every implementation must
 * pass the conformance suite (test/conformance/stateStore.suite.ts).
 *
 * Keys are botbuilder's: ConversationState's `<channel>/conversations/<id>/`, UserState's `<channel>/users/<id>/`.
 * The segment after the channel says whose state a key holds (its scope); anything may follow it.
 */

/** Whose state a key holds: the segment after the channel id. */
export type StateScope = 'conversations' | 'users';

/** An item as stored: a JSON object, with the eTag its last write gave it. */
export type StateItem = { [field: string]: unknown; eTag: string };

/** An item to write: a JSON object; its `eTag`, unless missing, `''` or `'*'`, must be the stored one. */
export type StateChange = { [field: string]: unknown; eTag?: unknown };

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    // MemoryStorage's wording, so logs read the same whichever store is behind the bot
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

export interface StateStore {
  /** The items stored under the keys (missing keys are left out), each a new object with its eTag. */
  read(keys: readonly string[]): Promise<Record<string, StateItem>>;
  /**
   * Writes the items all or nothing, compare-and-set: an item whose eTag is missing, `''` or `'*'` is written
   * whatever is stored; one with another eTag only when that is the stored one (or nothing is stored under its key,
   * as MemoryStorage does), else the write rejects with an ETagConflictError and nothing is written. Of several
   * writers with the same eTag, on any instances, exactly one wins. Every item written gets a new eTag, and the time
   * of the write (for `purgeOlderThan`). Resolves with the new eTag of every key written. Rejects with a TypeError for
   * an item that is no object or that JSON cannot hold, with a ReferenceError when `changes` is missing.
   */
  writeTagged(changes: Readonly<Record<string, StateChange>>): Promise<Record<string, string>>;
  /** Removes the keys' items; missing keys are no error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Removes the scope's items not written for more than `maxAgeMs` before `now`; resolves with how many. */
  purgeOlderThan(maxAgeMs: number, scope: StateScope, now?: number): Promise<number>;
  /**
   * The value at `jsonPath` (member names only: `$.profile.course`) of every user state (scope `users`) where it
   * is a JSON object, parsed; in no particular order. The course's learner directory.
   */
  userValues(jsonPath: string): Promise<unknown[]>;
  /** Waits for the operations under way and closes; every operation after it rejects. Harmless twice. */
  close(): Promise<void>;
}
