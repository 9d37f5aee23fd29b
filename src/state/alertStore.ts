/**
 * Where alert subscriptions and the outbox are kept (SQLite's state file today; PostgreSQL later, contract "Scaling
 * out"). Several bot processes may share one store: the check cursor and the outbox claims are compare-and-set.
 */
import type { AlertCheck, AlertSubscription, OutboxMessage } from '../domain/alerts';
import type { AlertSubscriptions } from '../core/alerts/subscriptions';

/** The subscriptions as the chat keeps them (AlertSubscriptions: add, of a user, remove), the checks and the outbox. */
export interface AlertStore extends AlertSubscriptions {
  // checks (after each committed batch)
  /** Subscriptions that watch any of these campaigns, or every campaign. */
  subscriptionsFor(campaignIds: readonly string[]): Promise<AlertSubscription[]>;
  /** The last batch seq checked (0 when none yet). */
  checkedSeq(): Promise<number>;
  /**
   * Records one batch's check (seen states and outbox messages) and moves the cursor to `check.seq`, in one
   * transaction, only if the cursor is still below it; false when another process did it first (nothing written).
   */
  recordCheck(check: AlertCheck): Promise<boolean>;

  // outbox (delivery)
  /**
   * Up to `limit` messages due at `now`, oldest first, claimed for `leaseMs` (other processes skip them until then);
   * at most one per conversation at a time, so one conversation's messages go out in order.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /**
   * The connector accepted it: gone from the outbox. With `nextNotBefore`, the conversation's next waiting messages
   * become due no earlier than that (the per-conversation pace, kept for every process that shares the store).
   */
  delivered(id: string, nextNotBefore?: number): Promise<void>;
  /** Try again at `dueAt` (back-off, Retry-After). */
  retryLater(id: string, dueAt: number, error: string): Promise<void>;
  /** The conversation is gone or the bot was removed (403/404): the subscription and its waiting messages go. */
  dropSubscription(subscriptionId: string): Promise<void>;

  close(): Promise<void>;
}
