/**
 * The process's stores, chosen by the settings here and nowhere else:
 *   - with DATABASE_URL, PostgreSQL: one pool (PG_POOL_MAX, PG_CONNECT_TIMEOUT_MS, PG_STATEMENT_TIMEOUT_MS) shared by
 *     the campaign data, the bot state, the alerts and the Direct Line conversations (which listen on one more
 *     connection), each schema created or migrated on start. Any number of processes and machines may share the
 *     database: every one answers any turn, and a web chat stream held by one gets the replies a turn on another sends.
 *   - without it, as before: the SQLite files CAMPAIGN_DB and STATE_DB (the alerts in the state file), and the Direct
 *     Line conversations in this process's memory (shared between WEB_CONCURRENCY workers over IPC by the server).
 */
import { openCampaignData, type CampaignData } from './campaignData';
import type { ConversationLog } from './channels/directLine/conversationLog';
import { PgConversationLog } from './channels/directLine/pgConversationLog';
import type { BotConfig } from './config';
import { PgDatabase } from './data/pg/pgDatabase';
import type { Closable } from './lifecycle/shutdown';
import type { AlertStore } from './state/alertStore';
import { openStateStorage, stateStorageOver, type StateStorage, type StateStorageOptions } from './state/openStateStorage';
import { PgAlertStore } from './state/pg/pgAlertStore';
import { PgStateStore } from './state/pg/pgStateStore';
import { SqliteAlertStore } from './state/sqliteAlertStore';

export interface Stores {
  campaigns: CampaignData;
  /** The bot's conversation and user state (compare-and-set), purged hourly. */
  state: StateStorage;
  alerts: AlertStore;
  /** The Direct Line conversations; undefined: the server keeps its own (memory, or shared between workers). */
  conversations?: ConversationLog;
  /** What a stop closes once the server (and with it the conversations) has closed, in order. */
  closables: Closable[];
}

type Settings = Pick<BotConfig, 'campaignDb' | 'databaseUrl' | 'pg' | 'stateDb' | 'stateTtlDays'>;

export function openStores(config: Settings): Promise<Stores> {
  return config.databaseUrl ? openPostgres(config, config.databaseUrl) : openSqlite(config);
}

const stateOptions = (config: Settings): StateStorageOptions => ({ conversationTtlDays: config.stateTtlDays });

async function openSqlite(config: Settings): Promise<Stores> {
  const opened: Closable[] = [];
  try {
    const campaigns = await openCampaignData(config);
    opened.push({ name: 'campaign store', close: () => campaigns.store.close() });
    const state = await openStateStorage(config.stateDb, stateOptions(config));
    opened.unshift({ name: 'state storage', close: () => state.close() });
    const alerts = await SqliteAlertStore.open(config.stateDb);
    opened.push({ name: 'alert store', close: () => alerts.close() });
    return { campaigns, state, alerts, closables: opened };
  } catch (error) {
    await closeQuietly(opened);
    throw error;
  }
}

async function openPostgres(config: Settings, url: string): Promise<Stores> {
  const database = PgDatabase.open(url, config.pg);
  const pool: Closable = { name: 'PostgreSQL pool', close: () => database.close() };
  const opened: Closable[] = [];
  try {
    // the campaign data first: it names DATABASE_URL in its errors, and fills an empty database with the demo data
    const campaigns = await openCampaignData({ ...config, database });
    opened.push({ name: 'campaign store', close: () => campaigns.store.close() });
    const unusable = (error: unknown): Error => {
      const { message, code } = error as { message?: string; code?: string };
      return new Error(`DATABASE_URL ${database.label} cannot be used: ${message ?? String(error)}${code ? ` (${code})` : ''}.`);
    };
    const state = await stateStorageOver(await PgStateStore.open(database).catch((error: unknown) => Promise.reject(unusable(error))), stateOptions(config));
    opened.unshift({ name: 'state storage', close: () => state.close() });
    const alerts = await PgAlertStore.open(database).catch((error: unknown) => Promise.reject(unusable(error)));
    opened.push({ name: 'alert store', close: () => alerts.close() });
    const conversations = await PgConversationLog.open(database).catch((error: unknown) => Promise.reject(unusable(error)));
    return { campaigns, state, alerts, conversations, closables: [...opened, pool] };
  } catch (error) {
    await closeQuietly([...opened, pool]);
    throw error;
  }
}

async function closeQuietly(closables: readonly Closable[]): Promise<void> {
  for (const closable of closables) await closable.close().catch(() => undefined);
}
