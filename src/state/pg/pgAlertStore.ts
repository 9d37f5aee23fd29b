/**
 * Alert subscriptions, the check cursor and the outbox on PostgreSQL (the tables of state migration 2, as in the SQLite
 * state file). Every instance of the bot shares them: the cursor moves only forward (one compare-and-set UPDATE, in
 * the transaction that writes the check), and the outbox is claimed with `FOR UPDATE SKIP LOCKED`, so two instances
 * claiming at once never take the same message and never wait for each other; a claim is a lease (claimed_until),
 * which another instance takes over once it ends.
 */
import type { PoolClient } from 'pg';
import { OperationGate } from '../../data/pg/operationGate';
import { storeDatabase, type PgDatabase } from '../../data/pg/pgDatabase';
import type { PgSettings } from '../../data/pg/pgPool';
import type { AlertCheck, AlertSubscription, OutboxMessage } from '../../domain/alerts';
import { inCreationOrder, outboxMessage, type OutboxRow, type StoredOutboxMessage } from '../alertRows';
import type { AlertStore } from '../alertStore';
import { PG_STATE_SCHEMA } from './pgStateSchema';

interface SubscriptionRow {
  json: string;
  seen: string;
}

const subscriptionOf = (row: SubscriptionRow): AlertSubscription => ({ ...(JSON.parse(row.json) as Omit<AlertSubscription, 'seen'>), seen: JSON.parse(row.seen) as AlertSubscription['seen'] });

/** PostgreSQL text cannot hold U+0000; an error message from the network might. */
const storable = (text: string): string => text.replace(/\u0000/g, '');

/**
 * The oldest message of each conversation, when it is due and nobody holds it, locked (skipping those another claim
 * holds this instant) and leased. LIMIT counts only the rows locked.
 */
const CLAIM = `WITH due AS (
    SELECT o.id FROM alert_outbox o
    WHERE o.due_at <= $1 AND o.claimed_until <= $1
      AND NOT EXISTS (SELECT 1 FROM alert_outbox p WHERE p.conversation_id = o.conversation_id AND p.seq < o.seq)
    ORDER BY o.due_at, o.seq
    LIMIT $2
    FOR UPDATE OF o SKIP LOCKED
  )
  UPDATE alert_outbox o SET claimed_until = $1::bigint + $3::bigint FROM due WHERE o.id = due.id
  RETURNING o.json, o.due_at, o.attempts, o.last_error, o.seq`;

export class PgAlertStore implements AlertStore {
  private readonly gate = new OperationGate('The alert store is closed.');

  private constructor(
    private readonly database: PgDatabase,
    private readonly owned: boolean,
  ) {}

  /** Migrates the state schema when needed; a URL opens a database of the store's own, closed with it. */
  static async open(target: PgDatabase | string, settings: Partial<PgSettings> = {}): Promise<PgAlertStore> {
    const { database, owned } = await storeDatabase(target, PG_STATE_SCHEMA, settings);
    return new PgAlertStore(database, owned);
  }

  addSubscription(subscription: AlertSubscription): Promise<void> {
    const { seen, ...rest } = subscription;
    return this.query(
      `INSERT INTO alert_subscriptions (id, user_key, campaign_id, json, seen) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET user_key = excluded.user_key, campaign_id = excluded.campaign_id, json = excluded.json, seen = excluded.seen`,
      [subscription.id, subscription.userKey, subscription.campaignId, JSON.stringify(rest), JSON.stringify(seen)],
    ).then(() => undefined);
  }

  async subscriptionsOf(userKey: string): Promise<AlertSubscription[]> {
    return this.subscriptions('user_key = $1', [userKey]);
  }

  async removeSubscriptions(userKey: string, campaignId?: string | null): Promise<number> {
    const [where, params] = campaignId === undefined ? ['user_key = $1', [userKey]] : ['user_key = $1 AND campaign_id IS NOT DISTINCT FROM $2', [userKey, campaignId]];
    return this.removing(where, params);
  }

  subscriptionsFor(campaignIds: readonly string[]): Promise<AlertSubscription[]> {
    return this.subscriptions('campaign_id IS NULL OR campaign_id = ANY($1::text[])', [[...campaignIds]]);
  }

  async checkedSeq(): Promise<number> {
    const rows = await this.query<{ seq: number }>('SELECT seq FROM alert_cursor WHERE id = 1');
    return rows[0]?.seq ?? 0;
  }

  recordCheck(check: AlertCheck): Promise<boolean> {
    return this.gate.run(() =>
      this.database
        .transaction(async (client) => {
          // the compare-and-set: of two instances recording one batch, the second waits here, then finds it done
          const moved = await client.query('UPDATE alert_cursor SET seq = $1 WHERE id = 1 AND seq < $1', [check.seq]);
          if (moved.rowCount === 0) throw NOT_MOVED;
          await writeSeen(client, check.seen);
          await addMessages(client, check.messages);
          return true;
        })
        .catch((error: unknown) => {
          if (error === NOT_MOVED) return false;
          throw error;
        }),
    );
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await this.query<OutboxRow & { seq: number }>(CLAIM, [now, limit, leaseMs]);
    return rows.sort((a, b) => a.due_at - b.due_at || a.seq - b.seq).map(outboxMessage);
  }

  /** With `nextNotBefore`, the conversation's next waiting messages become due no earlier than that. */
  async delivered(id: string, nextNotBefore?: number): Promise<void> {
    if (nextNotBefore === undefined) {
      await this.query('DELETE FROM alert_outbox WHERE id = $1', [id]);
      return;
    }
    await this.query(
      `WITH gone AS (DELETE FROM alert_outbox WHERE id = $1 RETURNING conversation_id)
       UPDATE alert_outbox SET due_at = greatest(due_at, $2) WHERE conversation_id IN (SELECT conversation_id FROM gone) AND id <> $1`,
      [id, nextNotBefore],
    );
  }

  async retryLater(id: string, dueAt: number, error: string): Promise<void> {
    await this.query('UPDATE alert_outbox SET due_at = $2, claimed_until = 0, attempts = attempts + 1, last_error = $3 WHERE id = $1', [id, dueAt, storable(error.slice(0, 500))]);
  }

  async dropSubscription(subscriptionId: string): Promise<void> {
    await this.removing('id = $1', [subscriptionId]);
  }

  close(): Promise<void> {
    return this.gate.close(async () => {
      if (this.owned) await this.database.close();
    });
  }

  private async subscriptions(where: string, params: unknown[]): Promise<AlertSubscription[]> {
    return inCreationOrder((await this.query<SubscriptionRow>(`SELECT json, seen FROM alert_subscriptions WHERE ${where}`, params)).map(subscriptionOf));
  }

  /** Removes the subscriptions `where` selects and their waiting messages, in one statement; returns how many. */
  private async removing(where: string, params: unknown[]): Promise<number> {
    const rows = await this.query<{ removed: number }>(
      `WITH subscriptions AS (DELETE FROM alert_subscriptions WHERE ${where} RETURNING id),
            messages AS (DELETE FROM alert_outbox WHERE subscription_id IN (SELECT id FROM subscriptions))
       SELECT count(*) AS removed FROM subscriptions`,
      params,
    );
    return rows[0]?.removed ?? 0;
  }

  private query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.gate.run(async () => (await this.database.pool.query(sql, params)).rows as R[]);
  }
}

/** The check found the cursor at or past its batch: nothing is written. */
const NOT_MOVED = new Error('alert cursor not moved');

async function writeSeen(client: PoolClient, seen: AlertCheck['seen']): Promise<void> {
  // the last word on a subscription wins, as when they are written one after another
  const last = new Map(seen.map((entry) => [entry.subscriptionId, JSON.stringify(entry.seen)]));
  if (last.size === 0) return;
  await client.query('UPDATE alert_subscriptions s SET seen = v.seen FROM unnest($1::text[], $2::text[]) AS v(id, seen) WHERE s.id = v.id', [[...last.keys()], [...last.values()]]);
}

async function addMessages(client: PoolClient, messages: AlertCheck['messages']): Promise<void> {
  if (messages.length === 0) return;
  const stored = messages.map(({ dueAt: _dueAt, ...message }): StoredOutboxMessage => message);
  // in the check's order: the identity column numbers them as they come
  await client.query(
    `INSERT INTO alert_outbox (id, subscription_id, conversation_id, json, due_at)
     SELECT id, subscription_id, conversation_id, json, due_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) WITH ORDINALITY AS m(id, subscription_id, conversation_id, json, due_at, n)
     ORDER BY n`,
    [stored.map((m) => m.id), stored.map((m) => m.subscriptionId), stored.map((m) => m.reference.conversation.id), stored.map((m) => JSON.stringify(m)), messages.map((m) => m.dueAt)],
  );
}
