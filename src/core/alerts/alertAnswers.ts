/** The words of the alert conversation: what an alert watches, confirmed, listed, cancelled, or asked about. */
import type { AlertCondition } from '../../domain/alerts';
import type { Lang } from '../../domain/language';
import type { Campaign } from '../../data/types';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Answer, Suggestion } from '../answer';
import { withButtons, type Clarification } from '../answers/clarifyAnswers';
import { formatThreshold, joinAlternatives } from '../format';
import { changesWatched, SHARE_MIN_CALLS, type ConditionProblem } from './conditions';

/** What one alert watches, as a sentence names it: the campaign (or every campaign, `null`) and the condition. */
export interface Watch {
  campaignName: string | null;
  condition: AlertCondition;
}

function button(text: string): Suggestion {
  return { label: text, text };
}

/** "**Spring Renewals** is paused, finished or back in progress", "**Failed** goes over **20%** of the calls in…". */
export function watchText({ campaignName, condition }: Watch, lang: Lang): string {
  const t = translator(lang);
  const scope = campaignName === null ? t('alerts.anyCampaign') : `**${campaignName}**`;
  if (condition.kind === 'result_share') {
    const result = statusEntry(condition.result, lang).title;
    return t('alerts.watchShare', { result, percent: formatThreshold(condition.percent, lang), scope, min: SHARE_MIN_CALLS });
  }
  const changes = changesWatched(condition).map((status) => t(`alerts.change.${status}`));
  return t('alerts.watchStatus', { scope, changes: joinAlternatives(changes, lang) });
}

function listButtons(lang: Lang): Suggestion[] {
  return [button(translator(lang)('alerts.suggest.list'))];
}

/** The subscription is kept: exactly what will be watched, and how to see or stop it. */
export function subscribedAnswer(watch: Watch, lang: Lang): Answer {
  const t = translator(lang);
  const hint = watch.campaignName === null ? t('alerts.confirmHintAll') : t('alerts.confirmHint', { name: watch.campaignName });
  const stop = watch.campaignName === null ? t('alerts.suggest.stopAll') : t('alerts.suggest.stopFor', { name: watch.campaignName });
  return { kind: 'alert', language: lang, text: `${t('alerts.confirm', { watch: watchText(watch, lang) })}\n\n${hint}`, suggestions: [...listButtons(lang), button(stop)] };
}

/** The same alert asked for again in the same chat: kept once. */
export function alreadySubscribedAnswer(watch: Watch, lang: Lang): Answer {
  return { kind: 'alert', language: lang, text: translator(lang)('alerts.already', { watch: watchText(watch, lang) }), suggestions: listButtons(lang) };
}

/**
 * Which campaign to watch: the viewer's campaigns and "All my campaigns", as options of a clarification. `unknown`: a
 * campaign was named that is not one of theirs (unknown, or one they may not see: the same words either way).
 */
export function whichCampaignToWatch(visible: readonly Campaign[], unknown: boolean, lang: Lang): Clarification {
  const t = translator(lang);
  const options = [
    ...visible.slice(0, 7).map((campaign) => ({ label: campaign.name, resolution: { intent: 'alert.subscribe', campaign: { id: campaign.id, name: campaign.name } } })),
    { label: t('alerts.everyCampaignOption'), resolution: { intent: 'alert.subscribe', everyCampaign: true } },
  ];
  return withButtons(lang, t(unknown ? 'alerts.unknownCampaign' : 'alerts.whichCampaign'), options);
}

/** A request with no condition the bot can watch: what is missing, with an example in the user's language. */
export function conditionProblemAnswer(problem: ConditionProblem, result: string | undefined, campaignName: string | undefined, lang: Lang): Answer {
  const t = translator(lang);
  const name = campaignName ?? t('alerts.exampleCampaign');
  const shown = result ?? statusEntry('failed', lang).title;
  return { kind: 'alert', language: lang, text: t(`alerts.problem.${problem}`, { result: shown, name }), suggestions: [button(t('alerts.suggest.share', { name }))] };
}

/** Alerts cannot be kept here: no alert store, or no conversation to send them to. */
export function alertsUnavailableAnswer(lang: Lang): Answer {
  return { kind: 'alert', language: lang, text: translator(lang)('alerts.unavailable'), suggestions: [] };
}

/** One alert in the list: what it watches, and whether it goes to another chat than this one. */
export interface ListedAlert {
  watch: Watch;
  elsewhere: boolean;
}

/** "What alerts do I have?": each one as a line (a card where cards show), with buttons to stop those of `stoppable` campaigns. */
export function alertListAnswer(alerts: readonly ListedAlert[], stoppable: readonly string[], lang: Lang): Answer {
  const t = translator(lang);
  const lines = alerts.map(({ watch, elsewhere }) => {
    const text = watchText(watch, lang);
    return elsewhere ? t('alerts.list.elsewhere', { watch: text }) : text;
  });
  const lead = t('alerts.list.lead', { count: alerts.length });
  return {
    kind: 'alert',
    language: lang,
    text: [lead, ...lines.map((line) => `- ${line}`)].join('\n'),
    lead,
    card: { title: t('alerts.list.title'), subtitle: t('alerts.list.subtitle'), sections: [{ bullets: lines }] },
    suggestions: [...stoppable.slice(0, 3).map((name) => button(t('alerts.suggest.stopFor', { name }))), button(t('alerts.suggest.stopAll'))],
  };
}

/** No alerts yet: what the bot can watch, with two examples on one of the user's own campaigns (`campaignName`). */
export function noAlertsAnswer(campaignName: string | undefined, lang: Lang): Answer {
  const t = translator(lang);
  const name = campaignName ?? t('alerts.exampleCampaign');
  return { kind: 'alert', language: lang, text: t('alerts.list.none'), suggestions: [button(t('alerts.suggest.pauses', { name })), button(t('alerts.suggest.share', { name }))] };
}

/** Alerts removed: how many, of one campaign (`campaignName`) or all of them. */
export function alertsCancelledAnswer(removed: number, campaignName: string | undefined, lang: Lang): Answer {
  const t = translator(lang);
  const text =
    removed === 0
      ? campaignName === undefined
        ? t('alerts.cancelled.none')
        : t('alerts.cancelled.noneFor', { name: campaignName })
      : campaignName === undefined
        ? t('alerts.cancelled.all', { count: removed })
        : t('alerts.cancelled.campaign', { count: removed, name: campaignName });
  return { kind: 'alert', language: lang, text, suggestions: listButtons(lang) };
}

/** "Stop the alerts for Fall Promo", a campaign the bot does not know: the campaigns the user has alerts for. */
export function cancelWhichAnswer(campaignNames: readonly string[], lang: Lang): Answer {
  const t = translator(lang);
  return {
    kind: 'alert',
    language: lang,
    text: t('alerts.cancelled.unknownCampaign'),
    suggestions: [...campaignNames.slice(0, 5).map((name) => button(t('alerts.suggest.stopFor', { name }))), button(t('alerts.suggest.stopAll'))],
  };
}
