/**
 * The process's stores, chosen by the settings here and nowhere else:
 *   - with DATABASE_URL, PostgreSQL: one pool (PG_POOL_MAX, PG_CONNECT_TIMEOUT_MS, PG_STATEMENT_TIMEOUT_MS) shared by
 *     the campaign data, the bot state, the alerts and the Direct Line conversations (which listen on one more
 *     connection), each schema created or migrated on start. Any number of processes and machines may share the
 *     database: every one answers any turn, and a web chat stream held by one gets the replies a turn on another sends.
 *   - without it, as before: the SQLite files CAMPAIGN_DB and STATE_DB (the alerts in the state file), and the Direct
 *     Line conversations in this process's memory (shared between WEB_CONCURRENCY workers over IPC by the server).
 */
import { openCampaignData } from './campaignData';
import { closeQuietly, stateOptions, type StoreSettings, type Stores } from './storeParts';
import type { Closable } from './lifecycle/shutdown';
import { openStateStorage } from './state/openStateStorage';
import { SqliteAlertStore } from './state/sqliteAlertStore';

export function openStores(config: StoreSettings): Promise<Stores> {
  if (!config.databaseUrl) return openSqlite(config);
  // required only here: a process on SQLite never loads the PostgreSQL client
  const { openPostgresStores } = require('./postgresStores') as typeof import('./postgresStores');
  return openPostgresStores(config, config.databaseUrl);
}

async function openSqlite(config: StoreSettings): Promise<Stores> {
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
