/** What the stores' openers (stores.ts for SQLite, postgresStores.ts for PostgreSQL) share: the result and its settings. */
import type { CampaignData } from './campaignData';
import type { ConversationLog } from './channels/directLine/conversationLog';
import type { BotConfig } from './config';
import type { Closable } from './lifecycle/shutdown';
import type { AlertStore } from './state/alertStore';
import type { StateStorage, StateStorageOptions } from './state/openStateStorage';

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

export type StoreSettings = Pick<BotConfig, 'campaignDb' | 'databaseUrl' | 'pg' | 'stateDb' | 'stateTtlDays'>;

export const stateOptions = (config: StoreSettings): StateStorageOptions => ({ conversationTtlDays: config.stateTtlDays });

export async function closeQuietly(closables: readonly Closable[]): Promise<void> {
  for (const closable of closables) await closable.close().catch(() => undefined);
}
