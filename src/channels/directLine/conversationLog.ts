/**
 * The Direct Line conversations behind one interface, whatever keeps them: this process's memory
 * (MemoryConversationLog), the workers of one machine telling each other (ReplicatedConversationLog), or later a
 * database shared by several machines (PostgreSQL: tables of conversations and activities, LISTEN/NOTIFY for the
 * subscribers). Asynchronous throughout, and by id: a caller holds no conversation object that stays live, so an
 * implementation needs nothing of a conversation in memory but the subscribers listening to it here.
 *
 * Every implementation must pass the conformance suite (test/conformance/conversationLog.suite.ts).
 */
import type { Activity } from 'botbuilder';

/** What the stream and the polling endpoint send: activities after a watermark, and the watermark after them. */
export interface ActivityGroup {
  activities: Activity[];
  watermark?: string;
}

/** An activity in a conversation's log: its id is `<conversationId>|<sequence number, 7 digits or more>`. */
export type StoredActivity = Activity & { id: string };

/** Someone listening to a conversation (an open WebSocket). */
export interface ConversationSubscriber {
  deliver(group: ActivityGroup): void;
  /** The conversation is gone (expired, pushed out, or the log is closing). */
  end(): void;
}

/** A conversation as it was when read: a copy, which changes with nothing. */
export interface Conversation {
  readonly id: string;
  readonly userId: string;
  /** The page's locale; activities without a valid one of their own get it. */
  readonly locale: string;
  /** Our own server, as the client reached it. */
  readonly serviceUrl: string;
  /** Whether the bot has been told of the user (conversationUpdate) yet. */
  readonly started: boolean;
  /** When it was last active (created, read with `get`, touched, appended to), by the log's clock. */
  readonly lastActive: number;
}

export interface NewConversation {
  locale: string;
  serviceUrl: string;
  /** Default: a new anonymous id, `dl_...`. */
  userId?: string;
}

/** The limits every implementation keeps. */
export interface ConversationLogOptions {
  /** Activities kept per conversation; older ones are dropped (default 500). */
  maxBacklog?: number;
  /** A conversation nobody touched for this long is gone (default 24 h). */
  idleMs?: number;
  /** Beyond this many, the least recently active conversation is removed (default 10,000). */
  maxConversations?: number;
  /** The clock, in ms since the epoch (default Date.now). */
  now?: () => number;
}

export const DEFAULT_MAX_BACKLOG = 500;
export const DEFAULT_IDLE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_CONVERSATIONS = 10_000;

export interface ConversationLog {
  /** A new conversation, not started, active now. */
  create(init: NewConversation): Promise<Conversation>;
  /** The conversation, marked active; undefined when unknown or idle for too long (it is then removed). */
  get(id: string): Promise<Conversation | undefined>;
  /** Marks the conversation active (a keep-alive); false when it is unknown or gone. */
  touch(id: string): Promise<boolean>;
  /**
   * Marks the conversation started, and sets its locale when one is given, if it has not started yet: true for the
   * one call that started it, false when it had started already or is unknown. The locale of a started
   * conversation does not change.
   */
  start(id: string, locale?: string): Promise<boolean>;
  /**
   * Adds an activity to the log with the next id, marks the conversation active and delivers the activity to every
   * subscriber of the conversation, on any instance; resolves with the stored activity. Rejects when the conversation
   * is unknown or gone. The oldest activities beyond the backlog limit are dropped.
   */
  append(id: string, activity: Partial<Activity>): Promise<StoredActivity>;
  /**
   * The kept activities whose sequence number is above the watermark (all of them without one), in order, and the
   * watermark after them: the last sequence number given, or the watermark asked with when there is none yet.
   * Undefined when the conversation is unknown or gone.
   */
  after(id: string, watermark: number | undefined): Promise<ActivityGroup | undefined>;
  /**
   * Delivers the kept activities after the watermark (one group, when there are any), then every new one as it is
   * appended, on this instance or another, with nothing lost or doubled in between; ends the subscriber when the
   * conversation goes. Resolves with the function that stops the deliveries; rejects when the conversation is
   * unknown or gone.
   */
  subscribe(id: string, subscriber: ConversationSubscriber, watermark: number | undefined): Promise<() => void>;
  /** Removes the conversations idle for too long, ending their subscribers; resolves with how many. */
  sweep(): Promise<number>;
  /** Ends every subscriber of this instance and lets go of the log; every operation after it rejects. */
  close(): Promise<void>;
}

/** "" or missing: from the start; digits: after that sequence number; anything else: not a watermark. */
export function parseWatermark(value: string | null | undefined): number | undefined | 'invalid' {
  if (value === null || value === undefined || value === '') return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : 'invalid';
}

/** The id of a conversation's activity by its sequence number. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
