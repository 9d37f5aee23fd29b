/**
 * The implementations the conformance suites run on. Another engine is one more entry in a list: a name and a way to
 * make a fresh, empty database that instances can be opened on. Engines that need a database server (PostgreSQL, on
 * the run's throwaway cluster) say so: the unit tier runs the others (stateStore.test.ts, conversationLog.test.ts),
 * stores.postgres.test.ts runs these once it has started the cluster.
 */
import type { ConversationLog, ConversationLogOptions } from '../../src/channels/directLine/conversationLog';
import { MemoryConversationLog } from '../../src/channels/directLine/conversations';
import { PgConversationLog } from '../../src/channels/directLine/pgConversationLog';
import { ReplicatedConversationLog, type ReplicaEvent, type ReplicaLink } from '../../src/channels/directLine/replicatedConversations';
import { PgAlertStore } from '../../src/state/pg/pgAlertStore';
import { PgStateStore } from '../../src/state/pg/pgStateStore';
import { SqliteStorage } from '../../src/state/sqliteStorage';
import type { StateStore } from '../../src/state/stateStore';
import type { PgCluster } from '../helpers/postgres';
import type { AlertStoreEngine } from './alertStore.suite';
import { tempFolder } from '../state/helpers';

/** A fresh database for one test; every instance opened on it sees the same data (as processes of the bot do). */
export interface Database<T, O> {
  open(options: O): Promise<T>;
  /** Drops the database; the suite closes its instances first. */
  remove(): Promise<void>;
}

export interface StateStoreEngine {
  name: string;
  /** Runs on a database server, which stores.postgres.test.ts starts (default: no server needed). */
  server?: boolean;
  database(): Promise<Database<StateStore, { now: () => number }>>;
}

export interface ConversationLogEngine {
  name: string;
  /** Runs on a database server, which stores.postgres.test.ts starts (default: no server needed). */
  server?: boolean;
  /** Whether instances opened on one database share its conversations (several processes or machines). */
  shared: boolean;
  database(): Promise<Database<ConversationLog, ConversationLogOptions>>;
}

export const sqliteStateStore: StateStoreEngine = {
  name: 'sqlite',
  database: async () => {
    const temp = tempFolder('conformance-state-');
    const path = temp.file('state.sqlite');
    return { open: (options) => SqliteStorage.open(path, options), remove: async () => temp.remove() };
  },
};

let cluster: PgCluster | undefined;

/** The run's PostgreSQL cluster, for the engines that need it (stores.postgres.test.ts sets it in its `before`). */
export function usePostgres(running: PgCluster): void {
  cluster = running;
}

/** A new database of the run's cluster, with what drops it. */
async function pgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!cluster) throw new Error('the PostgreSQL engines run in stores.postgres.test.ts, which starts the cluster first');
  const running = cluster;
  const url = await running.createDatabase();
  return { url, drop: () => running.dropDatabase(new URL(url).pathname.slice(1)) };
}

/** Each instance on a pool of its own, as each process of the bot has. */
export const postgresStateStore: StateStoreEngine = {
  name: 'PostgreSQL',
  server: true,
  database: async () => {
    const { url, drop } = await pgDatabase();
    return { open: (options) => PgStateStore.open(url, options), remove: drop };
  },
};

/** The alert store on a new database of the run's cluster, each `open` on a pool of its own (alertStore.suite.ts). */
export async function postgresAlertStore(): Promise<AlertStoreEngine> {
  const { url, drop } = await pgDatabase();
  return { open: () => PgAlertStore.open(url), dispose: drop };
}

export const memoryConversationLog: ConversationLogEngine = {
  name: 'memory',
  shared: false,
  database: async () => ({ open: async (options) => new MemoryConversationLog(options), remove: async () => undefined }),
};

/** As many workers as a replicated database takes (WEB_CONCURRENCY). */
const WORKER_SLOTS = 4;

/**
 * The cluster's primary in one process: relays each worker's notices to the others as lifecycle/cluster.ts does, a
 * hello to one other worker and its snapshot back to the one who asked, each as JSON (as over IPC) and later.
 */
class ReplicaHub {
  /** Each attached worker's way in: its handlers, called with the event and the worker it came from. */
  private readonly receivers = new Map<number, (event: ReplicaEvent, from: number) => void>();
  private workers = 0;

  link(): { link: ReplicaLink; slot: number } {
    const worker = this.workers++;
    if (worker >= WORKER_SLOTS) throw new Error(`at most ${WORKER_SLOTS} workers`);
    const handlers: ((event: ReplicaEvent) => void)[] = [];
    // the worker whose hello is being answered
    let askedBy: number | undefined;
    this.receivers.set(worker, (event, from) => {
      askedBy = from;
      try {
        for (const handler of handlers) handler(event);
      } finally {
        askedBy = undefined;
      }
    });
    const link: ReplicaLink = {
      send: (event) => {
        const others = [...this.receivers.keys()].filter((other) => other !== worker);
        const to = event.type === 'hello' ? others.slice(0, 1) : event.type === 'snapshot' && askedBy !== undefined ? [askedBy] : others;
        const json = JSON.stringify(event);
        for (const other of to) setImmediate(() => this.receivers.get(other)?.(JSON.parse(json) as ReplicaEvent, worker));
      },
      onEvent: (handler) => handlers.push(handler),
      close: () => this.receivers.delete(worker),
    };
    return { link, slot: worker };
  }
}

export const replicatedConversationLog: ConversationLogEngine = {
  name: 'replicated (WEB_CONCURRENCY workers)',
  shared: true,
  database: async () => {
    const hub = new ReplicaHub();
    return {
      open: async (options) => {
        const { link, slot } = hub.link();
        // the hub's news arrives within a tick: an id nobody has need not keep the suite waiting a second
        return new ReplicatedConversationLog(link, { slot, slots: WORKER_SLOTS }, { arrivalWaitMs: 50, ...options });
      },
      remove: async () => undefined,
    };
  },
};

/**
 * Every instance on a pool and a listening connection of its own, as each process of the bot has: the suite's part on
 * several instances is two or more bot processes on one database.
 */
export const postgresConversationLog: ConversationLogEngine = {
  name: 'PostgreSQL (instances on one database, as processes)',
  server: true,
  shared: true,
  database: async () => {
    const { url, drop } = await pgDatabase();
    return { open: (options) => PgConversationLog.open(url, options), remove: drop };
  },
};

export const STATE_STORE_ENGINES: readonly StateStoreEngine[] = [sqliteStateStore, postgresStateStore];

export const CONVERSATION_LOG_ENGINES: readonly ConversationLogEngine[] = [memoryConversationLog, replicatedConversationLog, postgresConversationLog];
