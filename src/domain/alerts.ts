/**
 * Alerts (contract, "Alerts (proactive messages)"): what a user asked to be told, and the messages waiting to be
 * delivered. Plain data: the store (AlertStore) keeps it, the core decides when a subscription fires, the channels
 * deliver.
 */
import type { Lang } from './language';
import type { AttemptResult, CampaignStatus } from './statusKeys';

/** What a subscription watches. */
export type AlertCondition =
  /** The campaign's status changes: to any of `to` (paused, finished, in_progress), or to any status when empty. */
  | { kind: 'status_change'; to: CampaignStatus[] }
  /** A call result's share of the last 24 hours of calls goes over `percent` (once 20 calls are in the window). */
  | { kind: 'result_share'; result: Exclude<AttemptResult, 'canceled'>; percent: number };

/**
 * Where a proactive message goes: the Bot Framework conversation reference taken from the activity the user
 * subscribed in (channelId, serviceUrl, conversation, bot, user), as JSON. Only the channels read it.
 */
export type StoredReference = Record<string, unknown> & { channelId: string; serviceUrl: string; conversation: { id: string } };

export interface AlertSubscription {
  id: string;
  /** The user, as the access rules know them (the viewer's key), and what they may see is checked when firing. */
  userKey: string;
  /**
   * Every identifier the channel vouched for when the user subscribed (the Viewer's ids: a Teams user's email too),
   * which the access rules are checked against when firing; without it, `userKey` alone.
   */
  viewerIds?: string[];
  /** The campaign watched; null: every campaign the user may see. */
  campaignId: string | null;
  condition: AlertCondition;
  lang: Lang;
  reference: StoredReference;
  createdAt: string;
  /**
   * What the last check saw, per campaign id: the status for `status_change`, whether the share was over the
   * threshold for `result_share` (fires on false -> true only; re-arms when it goes back to false).
   */
  seen: Record<string, { status?: CampaignStatus; over?: boolean }>;
}

/** A proactive message waiting in the outbox until the connector (or the Direct Line log) accepted it. */
export interface OutboxMessage {
  id: string;
  subscriptionId: string;
  reference: StoredReference;
  /** The Bot Framework activity to send (type message, text, attachments, suggested actions), as JSON. */
  activity: Record<string, unknown>;
  /** Earliest time (ms since the epoch) it may be sent. */
  dueAt: number;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/** What the watcher decided after one committed batch, written in one transaction with the batch's seq. */
export interface AlertCheck {
  /** The batch checked (DataChange.seq): checking it again changes nothing. */
  seq: number;
  /** Subscriptions whose `seen` changed. */
  seen: { subscriptionId: string; seen: AlertSubscription['seen'] }[];
  /** Messages to deliver. */
  messages: Omit<OutboxMessage, 'attempts' | 'lastError'>[];
}
