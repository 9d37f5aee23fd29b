/**
 * The Direct Line conversations in PostgreSQL (DATABASE_URL), shared by every instance of the bot on the database:
 * conversations and their activities in tables (pgConversationSchema.ts), each operation one statement. An append
 * takes the conversation's next sequence number, stores the activity, drops what is beyond the backlog and notifies
 * `dl_activity` with "<seq> <conversation id>", all in one statement; a conversation removed (idle, pushed out)
 * notifies `dl_gone`. Each instance LISTENs on one connection of its own (PgListener) and feeds its own subscribers
 * (the WebSockets it holds) from the tables (ConversationWatches): a stream held here gets the replies to a message
 * posted through any other instance. When the listening connection comes back after a loss (a database restart), every
 * subscriber here catches up from the last activity it was given, so nothing is lost.
 *
 * Times are by the log's clock (`now`); the limits (backlog, idle time, how many conversations) are each instance's own
 * settings, applied when it writes.
 */
import type { Activity } from 'botbuilder';
import { OperationGate } from '../../data/pg/operationGate';
import { storeDatabase, type PgDatabase } from '../../data/pg/pgDatabase';
import { PgListener } from '../../data/pg/pgListener';
import type { PgSettings } from '../../data/pg/pgPool';
import {
  activityId,
  DEFAULT_IDLE_MS,
  DEFAULT_MAX_BACKLOG,
  DEFAULT_MAX_CONVERSATIONS,
  type ActivityGroup,
  type Conversation,
  type ConversationLog,
  type ConversationLogOptions,
  type ConversationSubscriber,
  type NewConversation,
  type StoredActivity,
} from './conversationLog';
import { ConversationWatches, type Backlog } from './conversationWatches';
import { gone, newId } from './conversations';
import { PG_CONVERSATION_SCHEMA } from './pgConversationSchema';

const ACTIVITY_CHANNEL = 'dl_activity';
const GONE_CHANNEL = 'dl_gone';

interface ConversationRow {
  id: string;
  user_id: string;
  locale: string;
  service_url: string;
  started: boolean;
  last_active: number;
}

const CONVERSATION_COLUMNS = 'id, user_id, locale, service_url, started, last_active';

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  userId: row.user_id,
  locale: row.locale,
  serviceUrl: row.service_url,
  started: row.started,
  lastActive: row.last_active,
});

/** Removes conversations and tells every instance; gives their ids. */
const removing = (where: string): string => `WITH removed AS (DELETE FROM dl_conversations WHERE ${where} RETURNING id)
  SELECT id, pg_notify('${GONE_CHANNEL}', id) FROM removed`;

const SQL = {
  /** Pushes out the least recently active beyond $6 - 1 (told, as every removal), then creates. */
  create: `WITH evicted AS (
      DELETE FROM dl_conversations WHERE id IN (SELECT id FROM dl_conversations ORDER BY last_active DESC, touched DESC OFFSET ($6::bigint - 1))
      RETURNING id
    ), created AS (
      INSERT INTO dl_conversations (id, user_id, locale, service_url, last_active) VALUES ($1, $2, $3, $4, $5) RETURNING ${CONVERSATION_COLUMNS}
    )
    SELECT created.*, (SELECT array_agg(id) FROM (SELECT id, pg_notify('${GONE_CHANNEL}', id) FROM evicted) told) AS evicted FROM created`,
  touch: `UPDATE dl_conversations SET last_active = $2, touched = nextval('dl_touches') WHERE id = $1 AND last_active >= $3 RETURNING ${CONVERSATION_COLUMNS}`,
  start: 'UPDATE dl_conversations SET started = true, locale = coalesce($2, locale) WHERE id = $1 AND NOT started AND last_active >= $3 RETURNING id',
  /** One statement: the next number, the activity, the backlog trimmed, every instance told (at the commit). */
  append: `WITH numbered AS (
      UPDATE dl_conversations SET next_seq = next_seq + 1, last_active = $3, touched = nextval('dl_touches') WHERE id = $1 AND last_active >= $4 RETURNING next_seq - 1 AS seq
    ), stored AS (
      INSERT INTO dl_activities (conversation_id, seq, json) SELECT $1, seq, $2 FROM numbered RETURNING seq
    ), trimmed AS (
      DELETE FROM dl_activities WHERE conversation_id = $1 AND seq <= (SELECT seq FROM numbered) - $5::bigint
    )
    SELECT seq, pg_notify('${ACTIVITY_CHANNEL}', seq::text || ' ' || $1) FROM stored`,
  /** The conversation (when live) and its kept activities after $2, in one snapshot. */
  backlog: `SELECT c.next_seq, a.seq, a.json FROM dl_conversations c LEFT JOIN dl_activities a ON a.conversation_id = c.id AND a.seq > $2
    WHERE c.id = $1 AND c.last_active >= $3 ORDER BY a.seq`,
  removeIdle: removing('id = $1 AND last_active < $2'),
  sweep: removing('last_active < $1'),
};

export interface PgConversationLogOptions extends ConversationLogOptions {
  /** The pool's settings, when the log opens a database of its own (a URL). */
  settings?: Partial<PgSettings>;
}

export class PgConversationLog implements ConversationLog {
  private readonly gate = new OperationGate('The Direct Line conversation log is closed.');
  private readonly watches: ConversationWatches;
  private listener: PgListener | undefined;
  private readonly maxBacklog: number;
  private readonly idleMs: number;
  private readonly maxConversations: number;
  private readonly now: () => number;

  private constructor(
    private readonly database: PgDatabase,
    private readonly owned: boolean,
    options: ConversationLogOptions,
  ) {
    this.maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxConversations = Math.max(1, options.maxConversations ?? DEFAULT_MAX_CONVERSATIONS);
    this.now = options.now ?? Date.now;
    this.watches = new ConversationWatches((id, after) => this.backlog(id, after), gone);
  }

  /** Migrates the schema when needed and starts listening; a URL opens a database of the log's own, closed with it. */
  static async open(target: PgDatabase | string, options: PgConversationLogOptions = {}): Promise<PgConversationLog> {
    const { settings, ...limits } = options;
    const { database, owned } = await storeDatabase(target, PG_CONVERSATION_SCHEMA, settings);
    const log = new PgConversationLog(database, owned, limits);
    try {
      log.listener = await PgListener.start(() => database.connect(), {
        channels: [ACTIVITY_CHANNEL, GONE_CHANNEL],
        onNotification: (channel, payload) => log.notified(channel, payload),
        onReconnect: () => log.watches.catchUpAll(),
      });
    } catch (error) {
      if (owned) await database.close();
      throw error;
    }
    return log;
  }

  create(init: NewConversation): Promise<Conversation> {
    return this.gate.run(async () => {
      const params = [newId(), init.userId ?? newId('dl_'), init.locale, init.serviceUrl, this.now(), this.maxConversations];
      const [row] = await this.rows<ConversationRow & { evicted: string[] | null }>(SQL.create, params);
      for (const id of row!.evicted ?? []) this.watches.end(id);
      return toConversation(row!);
    });
  }

  get(id: string): Promise<Conversation | undefined> {
    return this.gate.run(async () => {
      const [row] = await this.rows<ConversationRow>(SQL.touch, [id, this.now(), this.cutoff()]);
      if (row) return toConversation(row);
      await this.removeIfIdle(id);
      return undefined;
    });
  }

  async touch(id: string): Promise<boolean> {
    return (await this.get(id)) !== undefined;
  }

  start(id: string, locale?: string): Promise<boolean> {
    return this.gate.run(async () => {
      const started = await this.rows(SQL.start, [id, locale || null, this.cutoff()]);
      if (started.length > 0) return true;
      await this.removeIfIdle(id);
      return false;
    });
  }

  append(id: string, activity: Partial<Activity>): Promise<StoredActivity> {
    return this.gate.run(async () => {
      const { id: _ignored, ...rest } = activity;
      const json = JSON.stringify(rest);
      const [row] = await this.rows<{ seq: number }>(SQL.append, [id, json, this.now(), this.cutoff(), this.maxBacklog]);
      if (!row) {
        await this.removeIfIdle(id);
        throw gone(id);
      }
      this.watches.appended(id, row.seq, stored(id, row.seq, json));
      return { ...rest, id: activityId(id, row.seq) } as StoredActivity;
    });
  }

  after(id: string, watermark: number | undefined): Promise<ActivityGroup | undefined> {
    return this.gate.run(async () => {
      const backlog = await this.backlog(id, watermark ?? -1);
      if (!backlog) return undefined;
      const last = backlog.lastSeq;
      return { activities: backlog.entries.map((entry) => entry.activity), watermark: last >= 0 ? String(last) : watermark === undefined ? undefined : String(watermark) };
    });
  }

  subscribe(id: string, subscriber: ConversationSubscriber, watermark: number | undefined): Promise<() => void> {
    return this.gate.run(() => this.watches.add(id, subscriber, watermark));
  }

  sweep(): Promise<number> {
    return this.gate.run(async () => {
      const removed = await this.rows<{ id: string }>(SQL.sweep, [this.cutoff()]);
      for (const { id } of removed) this.watches.end(id);
      return removed.length;
    });
  }

  close(): Promise<void> {
    this.watches.endAll();
    return this.gate.close(async () => {
      this.watches.endAll();
      await this.listener?.close();
      if (this.owned) await this.database.close();
    });
  }

  /** The live conversation's activities after `afterSeq`; undefined (and removed when idle) when it is not live. */
  private async backlog(id: string, afterSeq: number): Promise<Backlog | undefined> {
    const rows = await this.rows<{ next_seq: number; seq: number | null; json: string | null }>(SQL.backlog, [id, afterSeq, this.cutoff()]);
    if (rows.length === 0) {
      await this.removeIfIdle(id);
      return undefined;
    }
    const entries = rows.flatMap((row) => (row.seq === null || row.json === null ? [] : [{ seq: row.seq, activity: stored(id, row.seq, row.json) }]));
    return { lastSeq: rows[0]!.next_seq - 1, entries };
  }

  private async removeIfIdle(id: string): Promise<void> {
    const removed = await this.rows<{ id: string }>(SQL.removeIdle, [id, this.cutoff()]);
    if (removed.length > 0) this.watches.end(id);
  }

  private notified(channel: string, payload: string): void {
    if (this.gate.closed) return;
    if (channel === GONE_CHANNEL) return this.watches.end(payload);
    const space = payload.indexOf(' ');
    const seq = Number(payload.slice(0, space));
    if (space > 0 && Number.isInteger(seq)) this.watches.notified(payload.slice(space + 1), seq);
  }

  private cutoff(): number {
    return this.now() - this.idleMs;
  }

  private async rows<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.database.pool.query(sql, params)).rows as R[];
  }
}

function stored(conversationId: string, seq: number, json: string): StoredActivity {
  return { ...(JSON.parse(json) as Activity), id: activityId(conversationId, seq) };
}
