import { randomUUID } from 'node:crypto';
import type { AlertSubscription, OutboxMessage, StoredReference } from '../../src/domain/alerts';
import { Db } from '../../src/data/db';
import type { AlertStore } from '../../src/state/alertStore';

/** A Teams conversation reference as botbuilder takes it from an activity, at the stand-in's serviceUrl. */
export function teamsReference(serviceUrl: string, conversationId: string): StoredReference {
  const conversation = { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' };
  return {
    activityId: '1700000000000',
    channelId: 'msteams',
    serviceUrl,
    conversation,
    bot: { id: '28:bot-app-id', name: 'Campaign status bot' },
    user: { id: '29:user-1', name: 'Ana', aadObjectId: 'aad-ana' },
    locale: 'en-US',
  };
}

export function subscription(reference: StoredReference, overrides: Partial<AlertSubscription> = {}): AlertSubscription {
  return {
    id: `sub-${randomUUID()}`,
    userKey: 'aad-ana',
    campaignId: 'CMP-SPRING',
    condition: { kind: 'status_change', to: ['paused'] },
    lang: 'en',
    reference,
    createdAt: new Date().toISOString(),
    seen: {},
    ...overrides,
  };
}

export type NewMessage = Omit<OutboxMessage, 'attempts' | 'lastError'>;

/** An alert for the subscription, due now (or at `dueAt`). */
export function alertFor(sub: AlertSubscription, text: string, dueAt = Date.now()): NewMessage {
  return { id: `msg-${randomUUID()}`, subscriptionId: sub.id, reference: sub.reference, activity: { type: 'message', text }, dueAt, createdAt: new Date().toISOString() };
}

/** Writes the messages as the watcher does: one recorded check, the next batch's seq. */
export async function recordAlerts(store: AlertStore, messages: NewMessage[]): Promise<void> {
  const seq = (await store.checkedSeq()) + 1;
  if (!(await store.recordCheck({ seq, seen: [], messages }))) throw new Error(`check ${seq} was not recorded`);
}

export interface OutboxRow {
  id: string;
  subscription_id: string;
  due_at: number;
  attempts: number;
  last_error: string | null;
}

/** The outbox as stored, read with a connection of its own. */
export async function outboxRows(path: string): Promise<OutboxRow[]> {
  const db = await Db.open(path, { readonly: true });
  try {
    return await db.all<OutboxRow>('SELECT id, subscription_id, due_at, attempts, last_error FROM alert_outbox ORDER BY seq');
  } finally {
    await db.close();
  }
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves once the outbox of the state file at `path` is empty: every alert delivered or dropped. */
export function outboxEmptied(path: string, timeoutMs = 10_000): Promise<true> {
  return eventually('the outbox is empty', async () => ((await outboxRows(path)).length === 0 ? true : undefined), timeoutMs);
}
