/**
 * The subscribers of a shared conversation log on this instance (PgConversationLog's), fed from the database: each
 * subscriber has the last sequence number it was given, and whenever something may have been appended (a
 * notification, an append here, a reconnection), the subscribers behind catch up from the log. A conversation's
 * deliveries run one after another, so each subscriber gets every activity once and in order, whatever order the
 * notifications come in.
 */
import { logger } from '../../logging/logger';
import type { ActivityGroup, ConversationSubscriber, StoredActivity } from './conversationLog';

/** The kept activities after a sequence number, and the last number given; undefined when the conversation is gone. */
export interface Backlog {
  lastSeq: number;
  entries: { seq: number; activity: StoredActivity }[];
}

export type ReadBacklog = (conversationId: string, afterSeq: number) => Promise<Backlog | undefined>;

interface Watch {
  readonly id: string;
  /** Each subscriber, and the last sequence number it was given (-1: none). */
  readonly subscribers: Map<ConversationSubscriber, number>;
  /** Subscriptions being made: their backlog is being read. */
  adding: number;
  chain: Promise<void>;
  /** A catch-up is queued and has not started. */
  queued: boolean;
  ended: boolean;
  retry?: NodeJS.Timeout;
  retryMs: number;
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

function group(entries: Backlog['entries']): ActivityGroup {
  return { activities: entries.map((entry) => entry.activity), watermark: String(entries[entries.length - 1]!.seq) };
}

function give(subscriber: ConversationSubscriber, activities: ActivityGroup): void {
  try {
    subscriber.deliver(activities);
  } catch (err) {
    logger.warn({ event: 'directline.deliverFailed', err }, 'A Direct Line subscriber could not take an activity.');
  }
}

export class ConversationWatches {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly read: ReadBacklog,
    private readonly gone: (conversationId: string) => Error,
  ) {}

  /**
   * Delivers the kept activities after the watermark, then every new one; rejects when the conversation is gone.
   * Resolves with the function that stops the deliveries.
   */
  add(id: string, subscriber: ConversationSubscriber, watermark: number | undefined): Promise<() => void> {
    const watch = this.watchOf(id);
    watch.adding++;
    return new Promise((resolve, reject) => {
      this.enqueue(watch, async () => {
        try {
          const backlog = await this.read(id, watermark ?? -1);
          if (!backlog) this.end(id);
          if (!backlog || watch.ended) throw this.gone(id);
          if (backlog.entries.length > 0) give(subscriber, group(backlog.entries));
          watch.subscribers.set(subscriber, backlog.lastSeq);
          resolve(() => {
            watch.subscribers.delete(subscriber);
            this.forgetIfIdle(watch);
          });
        } catch (error) {
          reject(error as Error);
        } finally {
          watch.adding--;
          this.forgetIfIdle(watch);
        }
      });
    });
  }

  /** Activity `seq` was appended, here or on another instance: the subscribers behind it catch up. */
  notified(id: string, seq: number): void {
    const watch = this.watches.get(id);
    if (watch && [...watch.subscribers.values()].some((delivered) => delivered < seq)) this.catchUp(watch);
  }

  /** An activity appended here: given as it is to the subscribers just before it, the others catch up. */
  appended(id: string, seq: number, activity: StoredActivity): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.enqueue(watch, async () => {
      let behind = false;
      for (const [subscriber, delivered] of watch.subscribers) {
        if (delivered === seq - 1) {
          watch.subscribers.set(subscriber, seq);
          give(subscriber, { activities: [activity], watermark: String(seq) });
        } else if (delivered < seq) {
          behind = true;
        }
      }
      if (behind) await this.deliverNew(watch);
    });
  }

  /** Notifications may have been missed (the listening connection was lost): every watched conversation catches up. */
  catchUpAll(): void {
    for (const watch of this.watches.values()) this.catchUp(watch);
  }

  /** The conversation is gone: its subscribers here are ended. */
  end(id: string): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    this.watches.delete(id);
    watch.ended = true;
    clearTimeout(watch.retry);
    const subscribers = [...watch.subscribers.keys()];
    watch.subscribers.clear();
    for (const subscriber of subscribers) subscriber.end();
  }

  endAll(): void {
    for (const id of [...this.watches.keys()]) this.end(id);
  }

  private watchOf(id: string): Watch {
    let watch = this.watches.get(id);
    if (!watch) {
      watch = { id, subscribers: new Map(), adding: 0, chain: Promise.resolve(), queued: false, ended: false, retryMs: FIRST_RETRY_MS };
      this.watches.set(id, watch);
    }
    return watch;
  }

  private forgetIfIdle(watch: Watch): void {
    if (watch.subscribers.size > 0 || watch.adding > 0 || this.watches.get(watch.id) !== watch) return;
    clearTimeout(watch.retry);
    this.watches.delete(watch.id);
  }

  private enqueue(watch: Watch, step: () => Promise<void>): void {
    watch.chain = watch.chain.then(step).catch((err: unknown) => logger.warn({ event: 'directline.deliverFailed', err }, 'Direct Line activities could not be delivered.'));
  }

  /** Queues one catch-up (a second request while one is queued adds nothing: it will read everything). */
  private catchUp(watch: Watch): void {
    if (watch.queued || watch.ended) return;
    watch.queued = true;
    this.enqueue(watch, async () => {
      watch.queued = false;
      await this.deliverNew(watch);
    });
  }

  private async deliverNew(watch: Watch): Promise<void> {
    if (watch.subscribers.size === 0 || watch.ended) return;
    const from = Math.min(...watch.subscribers.values());
    let backlog: Backlog | undefined;
    try {
      backlog = await this.read(watch.id, from);
    } catch (err) {
      // the database is away: try again later (a reconnection of the listener catches up too)
      logger.warn({ event: 'directline.catchUpFailed', err, retryMs: watch.retryMs }, 'Direct Line activities could not be read; trying again.');
      clearTimeout(watch.retry);
      watch.retry = setTimeout(() => {
        watch.retry = undefined;
        this.catchUp(watch);
      }, watch.retryMs);
      watch.retry.unref();
      watch.retryMs = Math.min(watch.retryMs * 2, MAX_RETRY_MS);
      return;
    }
    watch.retryMs = FIRST_RETRY_MS;
    if (!backlog) return this.end(watch.id);
    for (const [subscriber, delivered] of watch.subscribers) {
      const entries = backlog.entries.filter((entry) => entry.seq > delivered);
      if (entries.length === 0) continue;
      watch.subscribers.set(subscriber, entries[entries.length - 1]!.seq);
      give(subscriber, group(entries));
    }
  }
}
