/**
 * The proactive messages: what happened, the figures, the guide's recommended action, and buttons for the natural next
 * question (the campaign's summary, its flagged contacts), in the subscriber's language.
 */
import type { AlertCondition } from '../../domain/alerts';
import type { Lang } from '../../domain/language';
import type { CampaignStatus } from '../../domain/statusKeys';
import { CALL_SLOT_MS, type Campaign } from '../../data/types';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Answer, CardFact, Suggestion } from '../answer';
import { listQuestion } from '../answers/listAnswers';
import { formatDateTime, formatNumber, formatPercent, formatThreshold } from '../format';
import { criticalAction } from '../insights/guideActions';
import { CRITICAL_RESULTS, type CriticalResult } from '../insights/weekOverWeek';
import type { ShareWindow } from './conditions';

/** "How is Spring Renewals doing?" and "Contacts flagged bad in Spring Renewals", as the user would type them. */
function nextQuestions(campaign: Campaign, lang: Lang): Suggestion[] {
  const summary = translator(lang)('campaign.suggest.summary', { name: campaign.name });
  const flagged = listQuestion({ kind: 'flagged_bad' }, campaign, lang);
  return [
    { label: summary, text: summary },
    { label: flagged, text: flagged },
  ];
}

/**
 * The guide's action for the campaign's new status, as a campaign's summary words it: for a pause, by its reason (which
 * says what to do); otherwise the status entry's recommended action.
 */
function statusAction(campaign: Campaign, lang: Lang): string {
  const t = translator(lang);
  if (campaign.status === 'paused') return t(`campaign.pause.${campaign.pauseReason ?? 'unknown'}`);
  return t('alerts.fired.action', { action: statusEntry(campaign.status, lang).action });
}

/** A campaign's status changed to one the alert watches; `previous` is what the last check saw. */
export function statusChangedAlert(campaign: Campaign, previous: CampaignStatus, lang: Lang): Answer {
  const t = translator(lang);
  const status = statusEntry(campaign.status, lang).title;
  const was = statusEntry(previous, lang).title;
  const happened =
    campaign.status === 'paused' || campaign.status === 'finished' || campaign.status === 'in_progress'
      ? t(`alerts.fired.${campaign.status}`, { name: campaign.name })
      : t('alerts.fired.other', { name: campaign.name, status });
  const action = statusAction(campaign, lang);
  const facts: CardFact[] = [
    { title: t('alerts.fired.facts.status'), value: status },
    { title: t('alerts.fired.facts.previous'), value: was },
  ];
  if (campaign.status === 'paused') facts.push({ title: t('alerts.fired.facts.reason'), value: t(`lists.campaigns.pauseReason.${campaign.pauseReason ?? 'unknown'}`) });
  return {
    kind: 'alert',
    language: lang,
    text: [`${happened} ${t('alerts.fired.was', { previous: was })}`, action].join('\n\n'),
    lead: happened,
    card: {
      title: t('alerts.fired.title', { name: campaign.name }),
      subtitle: t('campaign.cardSubtitle', { status }),
      sections: [{ facts }, { heading: t('card.action'), text: action, emphasis: true }],
    },
    suggestions: nextQuestions(campaign, lang),
  };
}

const isCritical = (result: string): result is CriticalResult => (CRITICAL_RESULTS as readonly string[]).includes(result);

/** A result's share of the last 24 hours of calls went over the alert's threshold. */
export function shareCrossedAlert(campaign: Campaign, condition: Extract<AlertCondition, { kind: 'result_share' }>, window: ShareWindow, lang: Lang): Answer {
  const t = translator(lang);
  const result = statusEntry(condition.result, lang).title;
  const share = formatPercent(window.count, window.calls, lang);
  const threshold = formatThreshold(condition.percent, lang);
  const until = formatDateTime(new Date((window.lastSlot + 1) * CALL_SLOT_MS).toISOString(), campaign.timezone, lang);
  const calls = formatNumber(window.calls, lang);
  const happened = t('alerts.fired.share', { result, share, name: campaign.name, threshold });
  const figures = t('alerts.fired.shareFigures', { count: formatNumber(window.count, lang), calls, until, result });
  // the guide's weekly analysis names what to do per critical result; the others have their entry's action
  const action = t('alerts.fired.action', { action: isCritical(condition.result) ? criticalAction(condition.result, lang) : statusEntry(condition.result, lang).action });
  return {
    kind: 'alert',
    language: lang,
    text: [happened, figures, action].join('\n\n'),
    lead: happened,
    card: {
      title: t('alerts.fired.title', { name: campaign.name }),
      subtitle: t('alerts.fired.shareSubtitle', { result, threshold }),
      sections: [
        {
          text: figures,
          facts: [
            { title: t('alerts.fired.facts.share'), value: `${share} (${formatNumber(window.count, lang)})` },
            { title: t('alerts.fired.facts.calls'), value: calls },
            { title: t('alerts.fired.facts.threshold'), value: threshold },
            { title: t('alerts.fired.facts.until'), value: until },
          ],
          bars: [{ label: result, count: window.count, share: window.count / window.calls }],
        },
        { heading: t('card.action'), text: action, emphasis: true },
      ],
    },
    suggestions: nextQuestions(campaign, lang),
  };
}
