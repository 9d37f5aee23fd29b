/**
 * The alerts' outbox, sent: a loop that claims the due messages (AlertStore.claimDue, with a lease, so two processes
 * sharing the store never send one message twice), sends each through its channel, and marks it delivered, to retry
 * (exponential back-off with jitter, or the channel's Retry-After), or drops its subscription (403, 404: the bot was
 * removed, the conversation is gone). A message stays in the outbox until a channel accepted it, so a restart resumes.
 *
 * Pace: at most one message per second per conversation (Teams' limit). The store gives one message per conversation
 * at a time and, once one is delivered, holds the conversation's next ones back for the pace (for every process); a
 * message recorded meanwhile waits here for what is left of it. Two processes may still, rarely, send two within a
 * second; the channel's 429 and its Retry-After pace that one.
 *
 * Wakes on nudge() (this process recorded messages), at the times it set itself (a retry, the pace), and every
 * `pollMs` otherwise (another process, the import, may have written the outbox).
 */
import type { OutboxMessage } from '../../domain/alerts';
import { logger } from '../../logging/logger';
import type { AlertStore } from '../../state/alertStore';
import { describeError, retryDelayMs, type Backoff, type SendOutcome } from './deliveryOutcome';

export type SendAlert = (message: OutboxMessage) => Promise<SendOutcome>;

export interface AlertDelivererOptions {
  /** How long a claim keeps a message from the other processes: longer than the slowest send (default 60 s). */
  leaseMs?: number;
  /** How often the outbox is looked at without a nudge (default 3 s). */
  pollMs?: number;
  /** The least time between two messages to one conversation (default 1 s). */
  paceMs?: number;
  /** Messages claimed, and sent side by side (each to another conversation), at a time (default 8). */
  batch?: number;
  /** Retries without a Retry-After (default 2 s doubling up to 10 min). */
  backoff?: Backoff;
  /** A longer Retry-After is cut to this (default 1 h). */
  maxRetryAfterMs?: number;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 10 * 60_000 };

export class AlertDeliverer {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly paceMs: number;
  private readonly batch: number;
  private readonly backoff: Backoff;
  private readonly maxRetryAfterMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  /** When each conversation this process sent to may have its next message. */
  private readonly paced = new Map<string, number>();
  /** Times this process knows a message falls due (its retries, the pace): it wakes then. */
  private dueTimes: number[] = [];
  private loop: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private nudged = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: AlertStore,
    private readonly send: SendAlert,
    options: AlertDelivererOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 3_000;
    this.paceMs = options.paceMs ?? 1_000;
    this.batch = options.batch ?? 8;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60 * 60_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Starts the loop; the first look at the outbox comes after `pollMs`, or at once on a nudge. */
  start(): this {
    if (!this.loop && !this.closed) this.loop = this.run();
    return this;
  }

  /** New messages are in the outbox: look now. Cheap, and safe at any time (even after close). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Stops claiming and resolves once the sends under way are finished and marked. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      this.wake?.();
      this.closing = (this.loop ?? Promise.resolve()).then(() => logger.info({ event: 'alerts.stopped' }, 'Alert delivery stopped.'));
    }
    return this.closing;
  }

  private async run(): Promise<void> {
    while (!this.closed) {
      await this.sleep();
      // a full batch: more may be due
      while (!this.closed && (await this.pass()) === this.batch);
    }
  }

  /** Until a nudge, the earliest time this process knows of, or the poll. */
  private sleep(): Promise<void> {
    const now = this.now();
    this.dueTimes = this.dueTimes.filter((at) => at > now);
    if (this.nudged || this.closed) {
      this.nudged = false;
      return Promise.resolve();
    }
    const waitMs = Math.min(this.pollMs, ...this.dueTimes.map((at) => at - now));
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      timer.unref();
      this.wake = done;
    });
  }

  /** Claims what is due and sends it; returns how many were claimed. */
  private async pass(): Promise<number> {
    let claimed: OutboxMessage[];
    try {
      claimed = await this.store.claimDue(this.now(), this.batch, this.leaseMs);
    } catch (err) {
      logger.error({ event: 'alerts.claimFailed', err }, 'Could not read the alerts outbox.');
      return 0;
    }
    await Promise.all(claimed.map((message) => this.deliver(message)));
    const now = this.now();
    for (const [conversation, at] of this.paced) if (at <= now) this.paced.delete(conversation);
    return claimed.length;
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const conversationId = message.reference.conversation.id;
    const waitMs = (this.paced.get(conversationId) ?? 0) - this.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    let outcome: SendOutcome;
    try {
      outcome = await this.send(message);
    } catch (err) {
      outcome = { kind: 'retry', error: describeError(err) };
    }
    const now = this.now();
    const next = now + this.paceMs;
    this.paced.set(conversationId, next);
    const about = { messageId: message.id, subscriptionId: message.subscriptionId, channel: message.reference.channelId, attempts: message.attempts + 1 };
    try {
      switch (outcome.kind) {
        case 'delivered':
          await this.store.delivered(message.id, next);
          this.dueTimes.push(next);
          logger.info({ event: 'alerts.delivered', ...about }, 'Alert delivered.');
          return;
        case 'retry': {
          const waited = outcome.retryAfterMs !== undefined ? Math.min(outcome.retryAfterMs, this.maxRetryAfterMs) : retryDelayMs(message.attempts, this.backoff, this.random);
          const dueAt = Math.max(next, now + waited);
          await this.store.retryLater(message.id, dueAt, outcome.error);
          this.dueTimes.push(dueAt);
          logger.warn({ event: 'alerts.retrying', ...about, status: outcome.status, retryAfterMs: outcome.retryAfterMs, retryInMs: dueAt - now, error: outcome.error }, 'An alert was not delivered; it will be tried again.');
          return;
        }
        case 'gone':
          await this.store.dropSubscription(message.subscriptionId);
          logger.warn({ event: 'alerts.dropped', ...about, status: outcome.status, error: outcome.error }, `Subscription ${message.subscriptionId} dropped: its conversation answered ${outcome.status}.`);
          return;
        case 'refused':
          await this.store.delivered(message.id, next);
          this.dueTimes.push(next);
          logger.error({ event: 'alerts.refused', ...about, status: outcome.status, error: outcome.error }, `An alert was refused (${outcome.status}) and removed from the outbox.`);
          return;
      }
    } catch (err) {
      // the lease runs out and the message is tried again: at least once, never lost
      logger.error({ event: 'alerts.markFailed', ...about, outcome: outcome.kind, err }, 'Could not record what became of an alert.');
    }
  }
}
