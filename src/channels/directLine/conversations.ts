import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** What the stream and the polling endpoint send: activities after a watermark, and the watermark after them. */
export interface ActivityGroup {
  activities: Activity[];
  watermark?: string;
}

export type StoredActivity = Activity & { id: string };

/** Someone listening to a conversation (an open WebSocket). */
export interface ConversationSubscriber {
  deliver(group: ActivityGroup): void;
  /** The conversation is gone (expired or the server is stopping). */
  end(): void;
}

export interface Conversation {
  readonly id: string;
  readonly userId: string;
  /** The page's locale; activities without a valid one of their own get it. */
  locale: string;
  /** Our own server, as the client reached it. */
  readonly serviceUrl: string;
  /** Whether the bot has been told of the user (conversationUpdate) yet. */
  started: boolean;
  lastActive: number;
}

export interface ConversationRecord extends Conversation {
  log: { seq: number; activity: Activity }[];
  nextSeq: number;
  subscribers: Set<ConversationSubscriber>;
}

export interface ConversationStoreOptions {
  /** Activities kept per conversation; older ones are dropped (default 500). */
  maxBacklog?: number;
  /** A conversation nobody touched for this long is removed (default 24 h). */
  idleMs?: number;
  /** Beyond this many, the least recently active conversation is removed (default 10,000). */
  maxConversations?: number;
  now?: () => number;
}

export const DEFAULT_MAX_BACKLOG = 500;
export const DEFAULT_IDLE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_CONVERSATIONS = 10_000;

/** "" or missing: from the start; digits: after that sequence number; anything else: not a watermark. */
export function parseWatermark(value: string | null | undefined): number | undefined | 'invalid' {
  if (value === null || value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : 'invalid';
}

function newId(prefix = ''): string {
  return prefix + randomBytes(12).toString('base64url');
}

/**
 * The conversations, in memory: each one's activity log (user echoes and bot replies, ids `<conversationId>|<seq>`,
 * watermark = the last seq delivered), bounded, and the subscribers to push new activities to.
 * The Map keeps insertion order, and a touched conversation is re-inserted, so the oldest entry is the least recently active.
 */
export class ConversationStore {
  protected readonly conversations = new Map<string, ConversationRecord>();
  protected readonly maxBacklog: number;
  private readonly idleMs: number;
  private readonly maxConversations: number;
  protected readonly now: () => number;

  constructor(options: ConversationStoreOptions = {}) {
    this.maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxConversations = options.maxConversations ?? DEFAULT_MAX_CONVERSATIONS;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.conversations.size;
  }

  create(init: { locale: string; serviceUrl: string; userId?: string }): Conversation {
    this.sweep();
    while (this.conversations.size >= this.maxConversations) {
      const oldest = this.conversations.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    const record: ConversationRecord = {
      id: newId(),
      userId: init.userId ?? newId('dl_'),
      locale: init.locale,
      serviceUrl: init.serviceUrl,
      started: false,
      lastActive: this.now(),
      log: [],
      nextSeq: 0,
      subscribers: new Set(),
    };
    this.conversations.set(record.id, record);
    return record;
  }

  /** The conversation, marked active; undefined when unknown or idle for too long. */
  get(id: string): Conversation | undefined {
    const record = this.conversations.get(id);
    if (!record) return undefined;
    if (this.now() - record.lastActive > this.idleMs) {
      this.remove(id);
      return undefined;
    }
    this.touch(record);
    return record;
  }

  /** Adds an activity to the log with its id and pushes it to the subscribers; returns the stored activity. */
  append(conversation: Conversation, activity: Partial<Activity>): StoredActivity {
    const record = this.record(conversation);
    const seq = record.nextSeq++;
    const stored = { ...activity, id: `${record.id}|${String(seq).padStart(7, '0')}` } as StoredActivity;
    record.log.push({ seq, activity: stored });
    if (record.log.length > this.maxBacklog) record.log.splice(0, record.log.length - this.maxBacklog);
    this.touch(record);
    const group: ActivityGroup = { activities: [stored], watermark: String(seq) };
    for (const subscriber of [...record.subscribers]) subscriber.deliver(group);
    return stored;
  }

  /** The kept activities after the watermark (all of them without one). */
  since(conversation: Conversation, watermark: number | undefined): ActivityGroup {
    const record = this.record(conversation);
    const activities = record.log.filter((entry) => watermark === undefined || entry.seq > watermark).map((entry) => entry.activity);
    const last = record.nextSeq - 1;
    return { activities, watermark: last >= 0 ? String(last) : watermark === undefined ? undefined : String(watermark) };
  }

  /** Sends the backlog after the watermark, then every new activity, with nothing lost or doubled in between. */
  subscribe(conversation: Conversation, subscriber: ConversationSubscriber, watermark: number | undefined): () => void {
    const record = this.record(conversation);
    const backlog = this.since(record, watermark);
    if (backlog.activities.length > 0) subscriber.deliver(backlog);
    record.subscribers.add(subscriber);
    return () => record.subscribers.delete(subscriber);
  }

  /** Removes conversations idle for too long; returns how many. */
  sweep(): number {
    let removed = 0;
    const cutoff = this.now() - this.idleMs;
    for (const [id, record] of this.conversations) {
      if (record.lastActive >= cutoff) break;
      this.remove(id);
      removed++;
    }
    return removed;
  }

  /** Ends every subscriber and forgets every conversation. */
  clear(): void {
    for (const id of [...this.conversations.keys()]) this.remove(id);
  }

  private remove(id: string): void {
    const record = this.conversations.get(id);
    if (!record) return;
    this.conversations.delete(id);
    for (const subscriber of [...record.subscribers]) subscriber.end();
    record.subscribers.clear();
  }

  protected touch(record: ConversationRecord): void {
    record.lastActive = this.now();
    this.conversations.delete(record.id);
    this.conversations.set(record.id, record);
  }

  protected record(conversation: Conversation): ConversationRecord {
    const record = this.conversations.get(conversation.id);
    if (!record) throw new Error(`Conversation ${conversation.id} is gone.`);
    return record;
  }
}
