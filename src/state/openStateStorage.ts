import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Storage } from 'botbuilder';
import { databaseFileProblem, describeDatabaseError } from '../data/fileProblems';
import { logger } from '../logging/logger';
import { CompareAndSetStorage } from './compareAndSetStorage';
import { SqliteStorage, type StorageTimeouts } from './sqliteStorage';

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
  timeouts?: StorageTimeouts;
}

export interface StateStorage {
  /** What the bot's ConversationState and UserState write to (eTag compare-and-set on what they read). */
  storage: Storage;
  sqlite: SqliteStorage;
  /** Deletes expired conversations and users now; returns how many of each. */
  purge(now?: number): Promise<{ conversations: number; users: number }>;
  /** Stops the hourly purge and closes the file. */
  close(): Promise<void>;
}

/** Opens the state file (creating its folder), purges expired state now and then every hour. */
export async function openStateStorage(path: string, options: StateStorageOptions): Promise<StateStorage> {
  const log = options.log ?? ((line: string) => logger.info({ event: 'state.purged' }, line));
  const conversationMs = options.conversationTtlDays * DAY_MS;
  const userMs = (options.userTtlDays ?? Math.max(MIN_USER_TTL_DAYS, options.conversationTtlDays)) * DAY_MS;
  await mkdir(dirname(path), { recursive: true });
  const unusable = (reason: string): Error => new Error(`STATE_DB ${path} cannot be used: ${reason}.`);
  const problem = databaseFileProblem(path);
  if (problem) throw unusable(problem);
  const sqlite = await SqliteStorage.open(path, options.timeouts).catch((error: unknown) => {
    throw unusable(describeDatabaseError(error));
  });

  const purge = async (now = Date.now()): Promise<{ conversations: number; users: number }> => {
    const conversations = await sqlite.purgeOlderThan(conversationMs, 'conversations', now);
    const users = await sqlite.purgeOlderThan(userMs, 'users', now);
    if (conversations + users > 0) log(`State: removed ${conversations} expired conversation(s) and ${users} user(s).`);
    return { conversations, users };
  };
  const purgeLogged = (): Promise<unknown> => purge().catch((err: unknown) => logger.error({ event: 'state.purgeFailed', err }, 'State: could not purge expired state.'));

  try {
    await purge();
  } catch (error) {
    await sqlite.close();
    throw error;
  }
  const timer = setInterval(() => void purgeLogged(), PURGE_EVERY_MS);
  timer.unref();

  return {
    storage: new CompareAndSetStorage(sqlite),
    sqlite,
    purge,
    close: async () => {
      clearInterval(timer);
      await sqlite.close();
    },
  };
}
