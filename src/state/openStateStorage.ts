import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Storage } from 'botbuilder';
import { databaseFileProblem, describeDatabaseError } from '../data/fileProblems';
import { logger } from '../logging/logger';
import { CompareAndSetStorage } from './compareAndSetStorage';
import { SqliteStorage, type StorageTimeouts } from './sqliteStorage';
import type { StateStore } from './stateStore';

const DAY_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 60 * 1000;
/** Users come back less often than conversations go on: their language is kept at least a year. */
const MIN_USER_TTL_DAYS = 365;

export interface StateStorageOptions {
  /** Days a conversation's state outlives its last turn. */
  conversationTtlDays: number;
  /** Days a user's state outlives their last change (default: a year, or conversationTtlDays when longer). */
  userTtlDays?: number;
  /** Where the purge's summary goes (default: the logger, as `state.purged`). */
  log?: (line: string) => void;
}

export interface StateStorage<S extends StateStore = StateStore> {
  /** What the bot's ConversationState and UserState write to (eTag compare-and-set on what they read). */
  storage: Storage;
  /** The store underneath (the learner directory reads it). */
  store: S;
  /** Deletes expired conversations and users now; returns how many of each. */
  purge(now?: number): Promise<{ conversations: number; users: number }>;
  /** Stops the hourly purge and closes the store. */
  close(): Promise<void>;
}

/**
 * The bot's state over a state store, whichever database holds it: purges expired state now (closing the store
 * when that fails) and then every hour, and hands the bot a compare-and-set view of it.
 */
export async function stateStorageOver<S extends StateStore>(store: S, options: StateStorageOptions): Promise<StateStorage<S>> {
  const log = options.log ?? ((line: string) => logger.info({ event: 'state.purged' }, line));
  const conversationMs = options.conversationTtlDays * DAY_MS;
  const userMs = (options.userTtlDays ?? Math.max(MIN_USER_TTL_DAYS, options.conversationTtlDays)) * DAY_MS;

  const purge = async (now = Date.now()): Promise<{ conversations: number; users: number }> => {
    const conversations = await store.purgeOlderThan(conversationMs, 'conversations', now);
    const users = await store.purgeOlderThan(userMs, 'users', now);
    if (conversations + users > 0) log(`State: removed ${conversations} expired conversation(s) and ${users} user(s).`);
    return { conversations, users };
  };
  const purgeLogged = (): Promise<unknown> => purge().catch((err: unknown) => logger.error({ event: 'state.purgeFailed', err }, 'State: could not purge expired state.'));

  try {
    await purge();
  } catch (error) {
    await store.close();
    throw error;
  }
  const timer = setInterval(() => void purgeLogged(), PURGE_EVERY_MS);
  timer.unref();

  return {
    storage: new CompareAndSetStorage(store),
    store,
    purge,
    close: async () => {
      clearInterval(timer);
      await store.close();
    },
  };
}

/** Opens the state file (creating its folder), with what stateStorageOver adds. */
export async function openStateStorage(path: string, options: StateStorageOptions & { timeouts?: StorageTimeouts }): Promise<StateStorage<SqliteStorage>> {
  await mkdir(dirname(path), { recursive: true });
  const unusable = (reason: string): Error => new Error(`STATE_DB ${path} cannot be used: ${reason}.`);
  const problem = databaseFileProblem(path);
  if (problem) throw unusable(problem);
  const sqlite = await SqliteStorage.open(path, options.timeouts).catch((error: unknown) => {
    throw unusable(describeDatabaseError(error));
  });
  return stateStorageOver(sqlite, options);
}
