/**
 * The Direct Line conversation log when several bot processes share a port (WEB_CONCURRENCY): each worker keeps the
 * conversations in memory as a single process does (MemoryConversationLog), and tells the others (through the
 * cluster's primary, over IPC: lifecycle/cluster.ts relays) of every conversation it creates, every activity it
 * appends, and a conversation starting; each applies what the others tell it. A page's post and its stream may then reach different workers: the
 * reply appended where the turn ran is pushed to the stream held by the other. No polling: a notice per change.
 *
 * Sequence numbers stay unique and ordered across workers: worker slot s of W appends at the next number n with
 * n % W == s past anything it has seen, so two workers never give one number (and one activity id) twice. Two appends
 * to one conversation on two workers at the same moment may reach a stream in either order (Web Chat sorts by
 * timestamp and drops repeated ids). A worker that starts later (a replacement) asks the others for what they have.
 */
import cluster from 'node:cluster';
import type { Activity } from 'botbuilder';
import { logger } from '../../logging/logger';
import type { ConversationLog, ConversationLogOptions, StoredActivity } from './conversationLog';
import { MemoryConversationLog, type ConversationRecord } from './conversations';

interface ConversationFacts {
  id: string;
  userId: string;
  locale: string;
  serviceUrl: string;
  started: boolean;
}

/** What the workers tell each other. */
export type ReplicaEvent =
  | { type: 'create'; conversation: ConversationFacts }
  | { type: 'append'; conversationId: string; seq: number; activity: StoredActivity }
  | { type: 'update'; conversationId: string; started: boolean; locale: string }
  | { type: 'touch'; conversationId: string }
  | { type: 'hello' }
  | { type: 'snapshot'; conversations: (ConversationFacts & { log: { seq: number; activity: Activity }[]; nextSeq: number })[] };

/** How a worker reaches the others. */
export interface ReplicaLink {
  /** To every other worker; `hello` goes to one of them, which answers with a snapshot for this one. */
  send(event: ReplicaEvent): void;
  onEvent(handler: (event: ReplicaEvent) => void): void;
  close(): void;
}

export interface ReplicaSlot {
  /** This worker's slot, from 0, and how many slots there are. */
  slot: number;
  slots: number;
}

/** A touch (a keep-alive, a poll) is told to the others at most this often per conversation: idle expiry is in hours. */
const TOUCH_EVERY_MS = 60_000;

/** How long an operation on a conversation this worker has not heard of waits for the news (default). */
export const DEFAULT_ARRIVAL_WAIT_MS = 1000;

export interface ReplicatedLogOptions extends ConversationLogOptions {
  /**
   * How long an operation on a conversation this worker has not heard of waits for another worker's news of it: the
   * page's next request (its token from one worker, Web Chat's start on another) may come before the news does, and
   * a worker just started hears of the others' conversations a moment after its first requests. An id nobody has
   * (a conversation long gone) is answered as unknown once it has passed.
   */
  arrivalWaitMs?: number;
}

export class ReplicatedConversationLog extends MemoryConversationLog {
  private readonly toldTouch = new Map<string, number>();
  private readonly arrivalWaitMs: number;
  /** Operations waiting for news of a conversation, by its id: each called when it arrives (or at close). */
  private readonly awaited = new Map<string, Set<() => void>>();

  constructor(
    private readonly link: ReplicaLink,
    private readonly place: ReplicaSlot,
    { arrivalWaitMs = DEFAULT_ARRIVAL_WAIT_MS, ...options }: ReplicatedLogOptions = {},
  ) {
    super(options);
    this.arrivalWaitMs = arrivalWaitMs;
    link.onEvent((event) => {
      if (this.closed) return;
      try {
        this.apply(event);
      } catch (err) {
        logger.warn({ event: 'directline.replicaFailed', replica: event.type, err }, 'A Direct Line notice from another worker could not be applied.');
      }
    });
    link.send({ type: 'hello' });
  }

  async close(): Promise<void> {
    for (const waiting of [...this.awaited.values()]) for (const arrived of [...waiting]) arrived();
    await super.close();
    this.toldTouch.clear();
    this.link.close();
  }

  protected created(record: ConversationRecord): void {
    this.link.send({ type: 'create', conversation: facts(record) });
  }

  /** Waits for another worker's news of the conversation, at most arrivalWaitMs. */
  protected async unheardOf(id: string): Promise<void> {
    await new Promise<void>((resolve) => {
      const waiting = this.awaited.get(id) ?? new Set<() => void>();
      this.awaited.set(id, waiting);
      const arrived = (): void => {
        clearTimeout(timer);
        waiting.delete(arrived);
        if (waiting.size === 0 && this.awaited.get(id) === waiting) this.awaited.delete(id);
        resolve();
      };
      const timer = setTimeout(arrived, this.arrivalWaitMs).unref();
      waiting.add(arrived);
    });
  }

  protected activeAgain(record: ConversationRecord): void {
    const now = this.now();
    if (now - (this.toldTouch.get(record.id) ?? 0) < TOUCH_EVERY_MS) return;
    this.toldTouch.set(record.id, now);
    this.link.send({ type: 'touch', conversationId: record.id });
  }

  protected changed(record: ConversationRecord): void {
    this.link.send({ type: 'update', conversationId: record.id, started: record.started, locale: record.locale });
  }

  /** The next number of this worker's slot, past every number seen. */
  protected nextSeq(record: ConversationRecord): number {
    const { slot, slots } = this.place;
    return record.nextSeq + ((slot - (record.nextSeq % slots) + slots) % slots);
  }

  protected appended(record: ConversationRecord, seq: number, activity: StoredActivity): void {
    this.link.send({ type: 'append', conversationId: record.id, seq, activity });
  }

  /** Applies another worker's notice. */
  private apply(event: ReplicaEvent): void {
    switch (event.type) {
      case 'create':
        this.adopt(event.conversation);
        return;
      case 'update': {
        const record = this.conversations.get(event.conversationId);
        if (!record) return;
        record.started = event.started;
        record.locale = event.locale;
        return;
      }
      case 'touch': {
        const record = this.conversations.get(event.conversationId);
        if (record) this.touchRecord(record);
        return;
      }
      case 'append': {
        const record = this.conversations.get(event.conversationId);
        if (record) this.insert(record, event.seq, event.activity, true);
        return;
      }
      case 'hello':
        this.link.send({
          type: 'snapshot',
          conversations: [...this.conversations.values()].map((record) => ({ ...facts(record), log: record.log, nextSeq: record.nextSeq })),
        });
        return;
      case 'snapshot':
        for (const conversation of event.conversations) {
          const record = this.adopt(conversation);
          for (const entry of conversation.log) this.insert(record, entry.seq, entry.activity, false);
          record.nextSeq = Math.max(record.nextSeq, conversation.nextSeq);
        }
        return;
    }
  }

  /** A conversation another worker created (or the existing one when known already). */
  private adopt(known: ConversationFacts): ConversationRecord {
    const existing = this.conversations.get(known.id);
    if (existing) return existing;
    const { id, userId, locale, serviceUrl, started } = known;
    const record: ConversationRecord = { id, userId, locale, serviceUrl, started, lastActive: this.now(), log: [], nextSeq: 0, subscribers: new Set() };
    this.conversations.set(record.id, record);
    for (const arrived of [...(this.awaited.get(id) ?? [])]) arrived();
    return record;
  }

  /** An activity appended elsewhere, in sequence order; pushed to this worker's streams when it is new. */
  private insert(record: ConversationRecord, seq: number, activity: Activity, deliver: boolean): void {
    const { log } = record;
    if (log.some((entry) => entry.seq === seq)) return;
    let at = log.length;
    while (at > 0 && log[at - 1]!.seq > seq) at--;
    log.splice(at, 0, { seq, activity });
    if (log.length > this.maxBacklog) log.splice(0, log.length - this.maxBacklog);
    record.nextSeq = Math.max(record.nextSeq, seq + 1);
    this.touchRecord(record);
    if (deliver) this.deliver(record, { activities: [activity], watermark: String(seq) });
  }
}

function facts(record: ConversationRecord): ConversationFacts {
  return { id: record.id, userId: record.userId, locale: record.locale, serviceUrl: record.serviceUrl, started: record.started };
}

/** The link through the cluster's primary (process.send / 'message'), with the relay tag lifecycle/cluster.ts passes on. */
export function clusterLink(): ReplicaLink {
  const handlers: ((event: ReplicaEvent) => void)[] = [];
  // the worker whose hello is being answered (the primary says who asked)
  let askedBy: number | undefined;
  const onMessage = (message: unknown): void => {
    const relayed = message as { relay?: unknown; event?: ReplicaEvent; replyTo?: unknown } | null;
    if (relayed?.relay !== 'directline' || !relayed.event) return;
    askedBy = typeof relayed.replyTo === 'number' ? relayed.replyTo : undefined;
    try {
      for (const handler of handlers) handler(relayed.event);
    } finally {
      askedBy = undefined;
    }
  };
  process.on('message', onMessage);
  return {
    send: (event) => {
      if (!process.connected || !process.send) return;
      // a hello wants one answer; a snapshot answers the one who said hello
      const route = event.type === 'hello' ? { one: true } : event.type === 'snapshot' && askedBy !== undefined ? { to: askedBy } : {};
      process.send({ relay: 'directline', event, ...route });
    },
    onEvent: (handler) => handlers.push(handler),
    close: () => {
      process.off('message', onMessage);
    },
  };
}

/**
 * The conversations of a cluster worker (the primary gave it a slot: BOT_WORKER_SLOT of WEB_CONCURRENCY), shared with
 * the other workers; undefined in a process of its own, which keeps them to itself.
 */
export function clusterConversationLog(env: NodeJS.ProcessEnv = process.env, options: ConversationLogOptions = {}): ConversationLog | undefined {
  const slot = Number(env.BOT_WORKER_SLOT);
  const slots = Number(env.WEB_CONCURRENCY);
  if (!cluster.isWorker || !Number.isInteger(slot) || !Number.isInteger(slots) || slot < 0 || slot >= slots) return undefined;
  return new ReplicatedConversationLog(clusterLink(), { slot, slots }, options);
}
