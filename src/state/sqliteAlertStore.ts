/**
 * Alert subscriptions, the check cursor and the outbox in the state file (tables of state migration 2), on a
 * connection of their own. Processes sharing the file (WEB_CONCURRENCY) coordinate through it: the cursor moves only
 * forward (compare-and-set) and a claimed outbox message is skipped by the others until its lease ends.
 */
import type { AlertCheck, AlertSubscription, OutboxMessage } from '../domain/alerts';
import type { Db } from '../data/db';
import { inCreationOrder, outboxMessage as toMessage, type OutboxRow } from './alertRows';
import type { AlertStore } from './alertStore';
import { openStateDb, type StorageTimeouts } from './sqliteStorage';

export class SqliteAlertStore implements AlertStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Orders outbox messages created in the same millisecond. */
  private counter = 0;

  private constructor(private readonly db: Db) {}

  /** Opens (creating and migrating when needed) the state file at `path`; its folder must exist. */
  static async open(path: string, timeouts: StorageTimeouts = {}): Promise<SqliteAlertStore> {
    return new SqliteAlertStore(await openStateDb(path, timeouts));
  }

  addSubscription(subscription: AlertSubscription): Promise<void> {
    return this.exclusive(async (db) => {
      await db.run('INSERT OR REPLACE INTO alert_subscriptions (id, user_key, campaign_id, json) VALUES (?, ?, ?, ?)', [
        subscription.id,
        subscription.userKey,
        subscription.campaignId,
        JSON.stringify(subscription),
      ]);
    });
  }

  subscriptionsOf(userKey: string): Promise<AlertSubscription[]> {
    return this.exclusive(async (db) => parseAll(await db.all<{ json: string }>('SELECT json FROM alert_subscriptions WHERE user_key = ?', [userKey])));
  }

  removeSubscriptions(userKey: string, campaignId?: string | null): Promise<number> {
    return this.exclusive((db) =>
      db.transaction(async () => {
        const where = campaignId === undefined ? 'user_key = ?' : campaignId === null ? 'user_key = ? AND campaign_id IS NULL' : 'user_key = ? AND campaign_id = ?';
        const params = campaignId ? [userKey, campaignId] : [userKey];
        await db.run(`DELETE FROM alert_outbox WHERE subscription_id IN (SELECT id FROM alert_subscriptions WHERE ${where})`, params);
        return (await db.run(`DELETE FROM alert_subscriptions WHERE ${where}`, params)).changes;
      }),
    );
  }

  subscriptionsFor(campaignIds: readonly string[]): Promise<AlertSubscription[]> {
    return this.exclusive(async (db) =>
      parseAll(
        await db.all<{ json: string }>('SELECT json FROM alert_subscriptions WHERE campaign_id IS NULL OR campaign_id IN (SELECT value FROM json_each(?))', [
          JSON.stringify(campaignIds),
        ]),
      ),
    );
  }

  checkedSeq(): Promise<number> {
    return this.exclusive(async (db) => (await db.get<{ seq: number }>('SELECT seq FROM alert_cursor WHERE id = 1'))?.seq ?? 0);
  }

  recordCheck(check: AlertCheck): Promise<boolean> {
    return this.exclusive((db) =>
      db.transaction(async () => {
        const moved = await db.run('UPDATE alert_cursor SET seq = ? WHERE id = 1 AND seq < ?', [check.seq, check.seq]);
        if (moved.changes === 0) return false;
        for (const { subscriptionId, seen } of check.seen) {
          await db.run("UPDATE alert_subscriptions SET json = json_set(json, '$.seen', json(?)) WHERE id = ?", [JSON.stringify(seen), subscriptionId]);
        }
        for (const message of check.messages) {
          const { dueAt, ...stored } = message;
          await db.run('INSERT INTO alert_outbox (id, subscription_id, conversation_id, json, due_at, seq) VALUES (?, ?, ?, ?, ?, ?)', [
            stored.id,
            stored.subscriptionId,
            stored.reference.conversation.id,
            JSON.stringify(stored),
            dueAt,
            Date.now() * 1000 + (this.counter++ % 1000),
          ]);
        }
        return true;
      }),
    );
  }

  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    return this.exclusive((db) =>
      db.transaction(async () => {
        // the oldest message of each conversation, when it is due and nobody holds it
        const rows = await db.all<OutboxRow & { id: string }>(
          `SELECT o.id, o.json, o.due_at, o.attempts, o.last_error FROM alert_outbox o
           WHERE o.due_at <= ? AND o.claimed_until <= ?
             AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.conversation_id = o.conversation_id AND p.seq < o.seq)
           ORDER BY o.due_at, o.seq LIMIT ?`,
          [now, now, limit],
        );
        for (const row of rows) await db.run('UPDATE alert_outbox SET claimed_until = ? WHERE id = ?', [now + leaseMs, row.id]);
        return rows.map(toMessage);
      }),
    );
  }

  delivered(id: string, nextNotBefore?: number): Promise<void> {
    return this.exclusive((db) =>
      db.transaction(async () => {
        if (nextNotBefore !== undefined) {
          await db.run('UPDATE alert_outbox SET due_at = MAX(due_at, ?) WHERE conversation_id = (SELECT conversation_id FROM alert_outbox WHERE id = ?) AND id <> ?', [nextNotBefore, id, id]);
        }
        await db.run('DELETE FROM alert_outbox WHERE id = ?', [id]);
      }),
    );
  }

  retryLater(id: string, dueAt: number, error: string): Promise<void> {
    return this.exclusive(async (db) => {
      await db.run('UPDATE alert_outbox SET due_at = ?, claimed_until = 0, attempts = attempts + 1, last_error = ? WHERE id = ?', [dueAt, error.slice(0, 500), id]);
    });
  }

  dropSubscription(subscriptionId: string): Promise<void> {
    return this.exclusive((db) =>
      db.transaction(async () => {
        await db.run('DELETE FROM alert_outbox WHERE subscription_id = ?', [subscriptionId]);
        await db.run('DELETE FROM alert_subscriptions WHERE id = ?', [subscriptionId]);
      }),
    );
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    const closing = this.queue.then(() => this.db.close());
    this.queue = closing.catch(() => undefined);
    return closing;
  }

  /** One operation at a time on the connection, so no statement lands inside another call's transaction. */
  private exclusive<T>(operation: (db: Db) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The alert store is closed.'));
    const result = this.queue.then(() => operation(this.db));
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function parseAll(rows: { json: string }[]): AlertSubscription[] {
  return inCreationOrder(rows.map((r) => JSON.parse(r.json) as AlertSubscription));
}
