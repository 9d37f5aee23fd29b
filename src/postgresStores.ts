/** Every store on PostgreSQL (DATABASE_URL), on one pool: what openStores (stores.ts) opens when the setting is there. */
import type { Closable } from './lifecycle/shutdown';
import { openCampaignData } from './campaignData';
import { PgConversationLog } from './channels/directLine/pgConversationLog';
import { PgDatabase } from './data/pg/pgDatabase';
import { stateStorageOver } from './state/openStateStorage';
import { PgAlertStore } from './state/pg/pgAlertStore';
import { PgStateStore } from './state/pg/pgStateStore';
import { closeQuietly, stateOptions, type StoreSettings, type Stores } from './storeParts';

export async function openPostgresStores(config: StoreSettings, url: string): Promise<Stores> {
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
