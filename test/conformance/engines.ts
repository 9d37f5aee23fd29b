/**
 * The implementations the conformance suites run on. Another engine (PostgreSQL, say) is one more entry in a list:
 * a name and a way to make a fresh, empty database that instances can be opened on.
 */
import { SqliteStorage } from '../../src/state/sqliteStorage';
import type { StateStore } from '../../src/state/stateStore';
import { tempFolder } from '../state/helpers';

/** A fresh database for one test; every instance opened on it sees the same data (as processes of the bot do). */
export interface Database<T, O> {
  open(options: O): Promise<T>;
  /** Drops the database; the suite closes its instances first. */
  remove(): Promise<void>;
}

export interface StateStoreEngine {
  name: string;
  database(): Promise<Database<StateStore, { now: () => number }>>;
}

export const sqliteStateStore: StateStoreEngine = {
  name: 'sqlite',
  database: async () => {
    const temp = tempFolder('conformance-state-');
    const path = temp.file('state.sqlite');
    return { open: (options) => SqliteStorage.open(path, options), remove: async () => temp.remove() };
  },
};

export const STATE_STORE_ENGINES: readonly StateStoreEngine[] = [sqliteStateStore];
