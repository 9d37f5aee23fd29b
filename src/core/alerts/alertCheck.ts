/**
 * Firing: after one committed batch (a DataChange), what each subscription of its campaigns sees now against what it
 * saw last time, and the messages that follow. Plain logic: the watcher (src/lifecycle/alertWatcher.ts) reads the
 * batches and the subscriptions and records the result.
 *
 * - A status alert fires when the campaign's status differs from the one seen and is one it watches; the first sight of
 *   a campaign only records its status.
 * - A share alert measures the result over the 24 hours of calls ending at the campaign's latest call, once at least
 *   20 calls are in them; it fires when the share goes over the threshold, stays quiet while it stays over, and is
 *   armed again once it is back under.
 * - A user who may no longer see the campaign gets nothing (what was seen is still recorded).
 */
import { randomUUID } from 'node:crypto';
import { decide } from '../../access/accessControl';
import type { AccessPolicy } from '../../access/roles';
import type { AlertCheck, AlertCondition, AlertSubscription, StoredReference } from '../../domain/alerts';
import type { CampaignQueries, DataChange } from '../../data/campaignStore';
import type { CallSlotCount, Campaign } from '../../data/types';
import type { Answer } from '../answer';
import { statusChangedAlert, shareCrossedAlert } from './alertMessages';
import { changesWatched, SHARE_MIN_CALLS, shareWindow } from './conditions';
import { subscriberOf } from './subscriptions';

type Seen = AlertSubscription['seen'][string];

export interface AlertCheckDeps {
  store: Pick<CampaignQueries, 'findCampaign' | 'callSlots'>;
  policy: AccessPolicy;
  /** The answer as the Bot Framework activity the conversation gets (the render layer's renderAnswer, as JSON). */
  render(answer: Answer, reference: StoredReference): Record<string, unknown>;
  /** Milliseconds since the epoch: when the messages are due. */
  now?: () => number;
  newId?: () => string;
}

/** What one subscription makes of one campaign: what to record as seen (nothing when unchanged), and what to say. */
interface Observation {
  seen?: Seen;
  answer?: Answer;
}

function observeStatus(condition: Extract<AlertCondition, { kind: 'status_change' }>, campaign: Campaign, before: Seen | undefined, lang: AlertSubscription['lang']): Observation {
  const previous = before?.status;
  if (previous === campaign.status) return {};
  const seen = { ...before, status: campaign.status };
  if (previous === undefined || !changesWatched(condition).includes(campaign.status)) return { seen };
  return { seen, answer: statusChangedAlert(campaign, previous, lang) };
}

function observeShare(condition: Extract<AlertCondition, { kind: 'result_share' }>, campaign: Campaign, slots: readonly CallSlotCount[], before: Seen | undefined, lang: AlertSubscription['lang']): Observation {
  const window = shareWindow(slots, condition.result);
  if (!window || window.calls < SHARE_MIN_CALLS) return {};
  // "goes over": strictly above the threshold, compared in whole numbers
  const over = window.count * 100 > condition.percent * window.calls;
  if (before?.over === over) return {};
  return { seen: { ...before, over }, answer: over && before?.over !== true ? shareCrossedAlert(campaign, condition, window, lang) : undefined };
}

/** Each campaign and its call slots read once per check, however many subscriptions watch it. */
function memo<T>(load: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  return (id) => {
    let value = loaded.get(id);
    if (!value) loaded.set(id, (value = load(id)));
    return value;
  };
}

/** The check of one committed batch: the subscriptions' new `seen` and the messages to deliver, for recordCheck. */
export async function checkChange(change: DataChange, subscriptions: readonly AlertSubscription[], deps: AlertCheckDeps): Promise<AlertCheck> {
  const campaignOf = memo((id) => deps.store.findCampaign(id));
  const slotsOf = memo((id) => deps.store.callSlots(id));
  const now = deps.now?.() ?? Date.now();
  const check: AlertCheck = { seq: change.seq, seen: [], messages: [] };
  for (const subscription of subscriptions) {
    const { condition, lang } = subscription;
    let seen = subscription.seen;
    for (const id of change.campaignIds) {
      if (subscription.campaignId !== null && subscription.campaignId !== id) continue;
      const campaign = await campaignOf(id);
      if (!campaign || campaign.id !== id) continue;
      const before = seen[id];
      const observed =
        condition.kind === 'status_change' ? observeStatus(condition, campaign, before, lang) : observeShare(condition, campaign, await slotsOf(id), before, lang);
      if (observed.seen) seen = { ...seen, [id]: observed.seen };
      if (!observed.answer || decide(deps.policy, subscriberOf(subscription), campaign) !== 'allow') continue;
      check.messages.push({
        id: deps.newId?.() ?? randomUUID(),
        subscriptionId: subscription.id,
        reference: subscription.reference,
        activity: deps.render(observed.answer, subscription.reference),
        dueAt: now,
        createdAt: new Date(now).toISOString(),
      });
    }
    if (seen !== subscription.seen) check.seen.push({ subscriptionId: subscription.id, seen });
  }
  return check;
}
