import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
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

/** A conversation as this process keeps it. */
export interface ConversationRecord {
  id: string;
  userId: string;
  locale: string;
  serviceUrl: string;
  started: boolean;
  lastActive: number;
  log: { seq: number; activity: Activity }[];
  nextSeq: number;
  subscribers: Set<ConversationSubscriber>;
}

/** A new conversation or user id: 16 base64url characters of randomness after the prefix. */
export function newId(prefix = ''): string {
  return prefix + randomBytes(12).toString('base64url');
}

function snapshot(record: ConversationRecord): Conversation {
  const { id, userId, locale, serviceUrl, started, lastActive } = record;
  return { id, userId, locale, serviceUrl, started, lastActive };
}

/** What an operation on a conversation that is unknown or gone rejects with. */
export function gone(id: string): Error {
  return new Error(`Conversation ${id} is gone.`);
}

/**
 * The conversations, in this process's memory: each one's activity log (user echoes and bot replies, ids
 * `<conversationId>|<seq>`, watermark = the last seq delivered), bounded, and the subscribers to push new activities to.
 * The Map keeps insertion order, and a touched conversation is re-inserted, so the oldest entry is the least recently
 * active. The work is synchronous; the interface's promises only carry it.
 */
export class MemoryConversationLog implements ConversationLog {
  protected readonly conversations = new Map<string, ConversationRecord>();
  protected readonly maxBacklog: number;
  private readonly idleMs: number;
  private readonly maxConversations: number;
  protected readonly now: () => number;
  protected closed = false;

  constructor(options: ConversationLogOptions = {}) {
    this.maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxConversations = options.maxConversations ?? DEFAULT_MAX_CONVERSATIONS;
    this.now = options.now ?? Date.now;
  }

  async create(init: NewConversation): Promise<Conversation> {
    this.checkOpen();
    this.sweepIdle();
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
    this.created(record);
    return snapshot(record);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const record = await this.active(id);
    return record && snapshot(record);
  }

  async touch(id: string): Promise<boolean> {
    return (await this.active(id)) !== undefined;
  }

  async start(id: string, locale?: string): Promise<boolean> {
    const record = await this.live(id);
    if (!record || record.started) return false;
    record.started = true;
    if (locale) record.locale = locale;
    this.changed(record);
    return true;
  }

  async append(id: string, activity: Partial<Activity>): Promise<StoredActivity> {
    const record = await this.live(id);
    if (!record) throw gone(id);
    const seq = this.nextSeq(record);
    record.nextSeq = seq + 1;
    const stored = { ...activity, id: activityId(record.id, seq) } as StoredActivity;
    record.log.push({ seq, activity: stored });
    if (record.log.length > this.maxBacklog) record.log.splice(0, record.log.length - this.maxBacklog);
    this.touchRecord(record);
    this.deliver(record, { activities: [stored], watermark: String(seq) });
    this.appended(record, seq, stored);
    return stored;
  }

  async after(id: string, watermark: number | undefined): Promise<ActivityGroup | undefined> {
    const record = await this.live(id);
    return record && this.since(record, watermark);
  }

  async subscribe(id: string, subscriber: ConversationSubscriber, watermark: number | undefined): Promise<() => void> {
    const record = await this.live(id);
    if (!record) throw gone(id);
    const backlog = this.since(record, watermark);
    if (backlog.activities.length > 0) subscriber.deliver(backlog);
    record.subscribers.add(subscriber);
    return () => record.subscribers.delete(subscriber);
  }

  async sweep(): Promise<number> {
    this.checkOpen();
    return this.sweepIdle();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.conversations.keys()]) this.remove(id);
  }

  // What a subclass that shares the conversations with other processes hooks into (ReplicatedConversationLog).

  /** A conversation was created here. */
  protected created(_record: ConversationRecord): void {}

  /** A conversation this process has not heard of was asked for: a subclass that hears of them late may wait here. */
  protected async unheardOf(_id: string): Promise<void> {}

  /** A conversation was read or touched here. */
  protected activeAgain(_record: ConversationRecord): void {}

  /** A conversation's start or locale changed here. */
  protected changed(_record: ConversationRecord): void {}

  /** An activity was appended here. */
  protected appended(_record: ConversationRecord, _seq: number, _activity: StoredActivity): void {}

  /** The sequence number of the next activity appended here. */
  protected nextSeq(record: ConversationRecord): number {
    return record.nextSeq;
  }

  /** Pushes a group to the conversation's subscribers in this process. */
  protected deliver(record: ConversationRecord, group: ActivityGroup): void {
    for (const subscriber of [...record.subscribers]) subscriber.deliver(group);
  }

  protected touchRecord(record: ConversationRecord): void {
    record.lastActive = this.now();
    this.conversations.delete(record.id);
    this.conversations.set(record.id, record);
  }

  protected checkOpen(): void {
    if (this.closed) throw new Error('The Direct Line conversation log is closed.');
  }

  /** The conversation, unless unknown or idle for too long (then removed). */
  private async live(id: string): Promise<ConversationRecord | undefined> {
    this.checkOpen();
    if (!this.conversations.has(id)) {
      await this.unheardOf(id);
      this.checkOpen();
    }
    const record = this.conversations.get(id);
    if (!record) return undefined;
    if (this.now() - record.lastActive > this.idleMs) {
      this.remove(id);
      return undefined;
    }
    return record;
  }

  private async active(id: string): Promise<ConversationRecord | undefined> {
    const record = await this.live(id);
    if (!record) return undefined;
    this.touchRecord(record);
    this.activeAgain(record);
    return record;
  }

  private since(record: ConversationRecord, watermark: number | undefined): ActivityGroup {
    const activities = record.log.filter((entry) => watermark === undefined || entry.seq > watermark).map((entry) => entry.activity);
    const last = record.nextSeq - 1;
    return { activities, watermark: last >= 0 ? String(last) : watermark === undefined ? undefined : String(watermark) };
  }

  private sweepIdle(): number {
    let removed = 0;
    const cutoff = this.now() - this.idleMs;
    for (const [id, record] of this.conversations) {
      if (record.lastActive >= cutoff) break;
      this.remove(id);
      removed++;
    }
    return removed;
  }

  private remove(id: string): void {
    const record = this.conversations.get(id);
    if (!record) return;
    this.conversations.delete(id);
    for (const subscriber of [...record.subscribers]) subscriber.end();
    record.subscribers.clear();
  }
}
