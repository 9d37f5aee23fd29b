/** Alert rows as every engine's alert store reads them back. */
import type { AlertSubscription, OutboxMessage } from '../domain/alerts';

/** What an outbox row's JSON holds: the message without what changes as it is tried. */
export type StoredOutboxMessage = Omit<OutboxMessage, 'attempts' | 'lastError' | 'dueAt'>;

export interface OutboxRow {
  json: string;
  due_at: number;
  attempts: number;
  last_error: string | null;
}

export const outboxMessage = (row: OutboxRow): OutboxMessage => ({ ...(JSON.parse(row.json) as StoredOutboxMessage), dueAt: row.due_at, attempts: row.attempts, lastError: row.last_error });

/** Subscriptions in the order they were made (ties by id). */
export function inCreationOrder(subscriptions: AlertSubscription[]): AlertSubscription[] {
  return subscriptions.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
