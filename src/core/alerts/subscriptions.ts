/** Who an alert belongs to, and what the chat needs of the store that keeps them. */
import type { AlertSubscription } from '../../domain/alerts';
import { idKey, makeViewer, type Viewer } from '../../access/viewer';

/** What the chat needs of the alert store (src/state's AlertStore extends it with the checks and the outbox). */
export interface AlertSubscriptions {
  addSubscription(subscription: AlertSubscription): Promise<void>;
  subscriptionsOf(userKey: string): Promise<AlertSubscription[]>;
  /** Removes the user's subscriptions (of one campaign, or all when `campaignId` is undefined); returns how many. */
  removeSubscriptions(userKey: string, campaignId?: string | null): Promise<number>;
}

/** The key a user's alerts are kept under: the channel's id for them (a Teams "29:…" id, the Direct Line subject). */
export function userKeyOf(viewer: Viewer): string | undefined {
  const first = viewer.ids[0];
  return first === undefined ? undefined : idKey(first);
}

/** The subscriber as the access rules see them when an alert fires: every id they had when subscribing. */
export function subscriberOf(subscription: Pick<AlertSubscription, 'userKey' | 'viewerIds' | 'reference'>): Viewer {
  return makeViewer(subscription.viewerIds ?? [subscription.userKey], subscription.reference.channelId);
}
