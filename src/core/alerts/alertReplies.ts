/**
 * The alert requests in chat: subscribe ("notify me when Spring Renewals pauses"), list ("what alerts do I have?") and
 * cancel ("stop the alerts for Spring Renewals"). A subscription keeps the conversation's reference, the user's key and
 * every id the access rules may know them by, and the language; what the user may see is checked again when it fires.
 */
import { randomUUID } from 'node:crypto';
import type { AlertSubscription, StoredReference } from '../../domain/alerts';
import type { Recognition } from '../../domain/recognition';
import type { Viewer } from '../../access/viewer';
import type { Campaign } from '../../data/types';
import { statusEntry } from '../../content/knowledgeBase';
import { translator } from '../../content/i18n';
import { guestAnswer, whichOfYourCampaignsAnswer } from '../answers/accessAnswers';
import { noDataAnswer } from '../answers/generalAnswers';
import { Lookup, type DataAccess } from '../dataReplies';
import { unknownCampaignIn } from '../listReplies';
import type { ConversationMemory, Reply } from '../reply';
import {
  alertListAnswer,
  alertsCancelledAnswer,
  alertsUnavailableAnswer,
  alreadySubscribedAnswer,
  cancelWhichAnswer,
  conditionProblemAnswer,
  noAlertsAnswer,
  subscribedAnswer,
  whichCampaignToWatch,
} from './alertAnswers';
import { conditionOf, sameCondition } from './conditions';
import { userKeyOf, type AlertSubscriptions } from './subscriptions';

/** Where alerts are kept, and the campaign data and access rules they are checked against. */
export interface AlertDesk {
  data: DataAccess;
  /** Without it, alert requests get a polite "not available here". */
  alerts?: AlertSubscriptions;
  newId?: () => string;
}

/** What one alert turn knows: the request, who asks, and the conversation the alerts would go to. */
interface AlertTurn {
  recognition: Recognition;
  memory: ConversationMemory;
  viewer: Viewer;
  userKey: string;
  alerts: AlertSubscriptions;
  reference: StoredReference;
}

/** Answers an `alert.*` request; `reference` is the conversation it came from (none: alerts cannot be sent there). */
export async function alertReply(desk: AlertDesk, recognition: Recognition, memory: ConversationMemory, viewer: Viewer, reference?: StoredReference): Promise<Reply> {
  const userKey = userKeyOf(viewer);
  if (!desk.alerts || !reference || !userKey) return { answers: [alertsUnavailableAnswer(recognition.language)], memory };
  const turn: AlertTurn = { recognition, memory, viewer, userKey, alerts: desk.alerts, reference };
  if (recognition.intent === 'alert.list') return listReply(desk, turn);
  if (recognition.intent === 'alert.cancel') return cancelReply(desk, turn);
  return subscribeReply(desk, turn);
}

async function subscribeReply(desk: AlertDesk, turn: AlertTurn): Promise<Reply> {
  const { recognition, memory, viewer } = turn;
  const lang = recognition.language;
  const lookup = new Lookup(desk.data, viewer, 'alert.subscribe');
  if (!lookup.mayLook) return { answers: [guestAnswer(lang)], memory };
  const store = desk.data.store;
  if (!store) return { answers: [noDataAnswer(lang, 'campaign')], memory };

  const named = recognition.campaigns[0] ?? (recognition.followUp && memory.lastCampaign ? { id: memory.lastCampaign, name: memory.lastCampaign } : undefined);
  const reading = conditionOf(recognition);
  if ('problem' in reading) {
    const result = recognition.entities.status[0];
    const example = named && lookup.allows(named) ? named.name : undefined;
    return { answers: [conditionProblemAnswer(reading.problem, result && statusEntry(result, lang).title, example, lang)], memory };
  }
  const visible = await lookup.visibleCampaigns(store);
  let campaign: Campaign | null = null;
  if (!recognition.entities.alert.everyCampaign) {
    const found = named ? await store.findCampaign(named.id) : null;
    if (!found || !lookup.allows(found)) {
      // a campaign the user may not see reads as one that does not exist
      const unknown = named ? (found?.id ?? named.id) : unknownCampaignIn(recognition);
      if (unknown) await lookup.record(unknown, found ? 'refused' : 'not_found');
      if (visible.length === 0) return { answers: [whichOfYourCampaignsAnswer(visible, 'summary', lang)], memory };
      const clarification = whichCampaignToWatch(visible, unknown !== undefined, lang);
      return { answers: [clarification.answer], memory, clarification };
    }
    campaign = found;
  }

  const { condition } = reading;
  const watch = { campaignName: campaign?.name ?? null, condition };
  const campaignId = campaign?.id ?? null;
  const mine = await turn.alerts.subscriptionsOf(turn.userKey);
  const here = turn.reference.conversation.id;
  if (mine.some((s) => s.campaignId === campaignId && sameCondition(s.condition, condition) && s.reference.conversation.id === here)) {
    return { answers: [alreadySubscribedAnswer(watch, lang)], memory };
  }
  // what each campaign's status is now: a status alert fires on the next change, not on the status it was asked in
  const seen = condition.kind === 'status_change' ? Object.fromEntries((campaign ? [campaign] : visible).map((c) => [c.id, { status: c.status }])) : {};
  const subscription: AlertSubscription = {
    id: desk.newId?.() ?? randomUUID(),
    userKey: turn.userKey,
    viewerIds: [...viewer.ids],
    campaignId,
    condition,
    lang,
    reference: turn.reference,
    createdAt: new Date(desk.data.now?.() ?? Date.now()).toISOString(),
    seen,
  };
  await turn.alerts.addSubscription(subscription);
  await lookup.record(campaignId ?? '*', 'allowed');
  return { answers: [subscribedAnswer(watch, lang)], memory: campaign ? { ...memory, lastCampaign: campaign.id } : memory };
}

/** The names of the campaigns the viewer may see, by id. */
async function visibleNames(desk: AlertDesk, viewer: Viewer): Promise<Map<string, string>> {
  const store = desk.data.store;
  if (!store) return new Map();
  const visible = await new Lookup(desk.data, viewer, 'alert.subscribe').visibleCampaigns(store);
  return new Map(visible.map((c) => [c.id, c.name]));
}

/** The campaigns the user has alerts for, by the names they may see (each once). */
function watchedNames(mine: readonly AlertSubscription[], names: ReadonlyMap<string, string>): string[] {
  return [...new Set(mine.map((s) => (s.campaignId === null ? undefined : names.get(s.campaignId))).filter((name): name is string => name !== undefined))];
}

async function listReply(desk: AlertDesk, turn: AlertTurn): Promise<Reply> {
  const { recognition, memory } = turn;
  const lang = recognition.language;
  const [mine, names] = await Promise.all([turn.alerts.subscriptionsOf(turn.userKey), visibleNames(desk, turn.viewer)]);
  if (mine.length === 0) return { answers: [noAlertsAnswer(names.values().next().value, lang)], memory };
  const hidden = translator(lang)('alerts.list.hiddenCampaign');
  const listed = mine.map((s) => ({
    watch: { campaignName: s.campaignId === null ? null : (names.get(s.campaignId) ?? hidden), condition: s.condition },
    elsewhere: s.reference.conversation.id !== turn.reference.conversation.id,
  }));
  return { answers: [alertListAnswer(listed, watchedNames(mine, names), lang)], memory };
}

async function cancelReply(desk: AlertDesk, turn: AlertTurn): Promise<Reply> {
  const { recognition, memory, alerts, userKey } = turn;
  const lang = recognition.language;
  const named = recognition.entities.alert.everyCampaign ? undefined : recognition.campaigns[0];
  const mine = await alerts.subscriptionsOf(userKey);
  if (named) {
    const theirs = mine.some((s) => s.campaignId === named.id);
    // alerts they have are theirs to stop; otherwise a campaign they may not see reads as one the bot does not know
    if (theirs || new Lookup(desk.data, turn.viewer, 'alert.subscribe').allows(named)) {
      return { answers: [alertsCancelledAnswer(await alerts.removeSubscriptions(userKey, named.id), named.name, lang)], memory };
    }
  }
  if (named || (!recognition.entities.alert.everyCampaign && unknownCampaignIn(recognition))) {
    if (mine.length === 0) return { answers: [alertsCancelledAnswer(0, undefined, lang)], memory };
    return { answers: [cancelWhichAnswer(watchedNames(mine, await visibleNames(desk, turn.viewer)), lang)], memory };
  }
  return { answers: [alertsCancelledAnswer(await alerts.removeSubscriptions(userKey), undefined, lang)], memory };
}
