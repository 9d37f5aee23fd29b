import type { CallSlotCount, Campaign, CampaignReport, ContactStatus } from '../../data/types';
import type { Answer, CardBar, Suggestion } from '../answer';
import { formatNumber, formatPercent } from '../format';
import { translator } from '../../content/i18n';
import { bestTimeParts } from '../insights/bestTimeParts';
import { withoutTitle } from '../insights/guideActions';
import type { InsightParts } from '../insights/insightParts';
import { weekOverWeekParts } from '../insights/weekOverWeekParts';
import { guideContent, statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import { explainSuggestion } from './statusAnswers';

/** The order the guide presents call states in. */
const STATUS_ORDER: readonly ContactStatus[] = ['completed', 'new', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'];

type CriticalStatus = 'failed' | 'incorrect_number' | 'no_response' | 'ivr';

/**
 * From what share of the contacts called a critical status "stands out" in the weekly analysis. The guide names
 * no numbers; these are ours: technical failures and bad data should be rare, unanswered calls are common.
 */
export const STANDS_OUT_AT: Record<CriticalStatus, number> = { failed: 0.05, incorrect_number: 0.05, no_response: 0.25, ivr: 0.1 };

function bars(report: CampaignReport, lang: Lang): CardBar[] {
  return STATUS_ORDER.filter((status) => report.byStatus[status] > 0).map((status) => ({
    label: statusEntry(status, lang).title,
    count: report.byStatus[status],
    share: report.totalContacts === 0 ? 0 : report.byStatus[status] / report.totalContacts,
  }));
}

function breakdown(report: CampaignReport, lang: Lang): string {
  const items = STATUS_ORDER.filter((s) => report.byStatus[s] > 0).map(
    (s) => `${statusEntry(s, lang).title} ${formatNumber(report.byStatus[s], lang)} (${formatPercent(report.byStatus[s], report.totalContacts, lang)})`,
  );
  return items.join(', ');
}

/** A button that asks one of the campaign questions about `campaign` ("Best time to call Spring Renewals"). */
function campaignSuggestion(kind: CampaignQuestion, campaign: Campaign, lang: Lang): Suggestion {
  const text = translator(lang)(`campaign.suggest.${kind}`, { name: campaign.name });
  return { label: text, text };
}

function campaignButtons(campaign: Campaign, lang: Lang, except: 'summary' | 'insights'): Suggestion[] {
  const t = translator(lang);
  const other = t(`campaign.suggest.${except === 'summary' ? 'insights' : 'summary'}`, { name: campaign.name });
  const buttons: Suggestion[] = [{ label: other, text: other }, explainSuggestion(campaign.status, lang), explainSuggestion('bad_connection', lang)];
  return buttons;
}

/** "How is Spring Renewals doing?" / "Why is it paused?": status and pause reason with what to do, the breakdown, the bad-flag share. */
export function campaignSummaryAnswer(report: CampaignReport, lang: Lang): Answer {
  const t = translator(lang);
  const { campaign } = report;
  const status = statusEntry(campaign.status, lang).title;
  const contacts = formatNumber(report.totalContacts, lang);
  const parts = [t('campaign.summary', { name: campaign.name, status, contacts, breakdown: breakdown(report, lang) })];
  if (campaign.status === 'paused') parts.push(t(`campaign.pause.${campaign.pauseReason ?? 'unknown'}`));
  if (report.flaggedBad > 0) {
    const flagged = { flagged: formatNumber(report.flaggedBad, lang), contacts, share: formatPercent(report.flaggedBad, report.totalContacts, lang) };
    parts.push(
      campaign.status === 'finished'
        ? t('campaign.flaggedFinished', flagged)
        : t('campaign.flagged', { ...flagged, remaining: formatNumber(report.contactsWithAttemptsRemaining, lang) }),
    );
  }
  parts.push(t('campaign.calls', { calls: formatNumber(report.callsMade, lang) }));
  return {
    kind: 'campaign',
    language: lang,
    text: parts.join('\n\n'),
    card: {
      title: campaign.name,
      subtitle: t('campaign.cardSubtitle', { status }),
      sections: [
        ...(campaign.status === 'paused' ? [{ text: t(`campaign.pause.${campaign.pauseReason ?? 'unknown'}`), emphasis: true }] : []),
        {
          facts: [
            { title: t('campaign.facts.contacts'), value: contacts },
            { title: t('campaign.facts.flagged'), value: `${formatNumber(report.flaggedBad, lang)} (${formatPercent(report.flaggedBad, report.totalContacts, lang)})` },
            { title: t('campaign.facts.calls'), value: formatNumber(report.callsMade, lang) },
            { title: t('campaign.facts.remaining'), value: formatNumber(report.contactsWithAttemptsRemaining, lang) },
            { title: t('campaign.facts.maxAttempts'), value: String(campaign.maxAttempts) },
          ],
        },
        { heading: t('campaign.breakdownHeading'), bars: bars(report, lang) },
      ],
    },
    suggestions: campaignButtons(campaign, lang, 'summary'),
  };
}

/** The campaign questions the bot answers, as named in `campaign.suggest.*`. */
export type CampaignQuestion = 'summary' | 'insights' | 'bestTime' | 'trend';

function bestTime(report: CampaignReport, slots: readonly CallSlotCount[], lang: Lang, detail: 'full' | 'brief'): InsightParts {
  return bestTimeParts(slots, report.campaign.timezone, { noResponseThreshold: STANDS_OUT_AT.no_response, detail }, lang);
}

/**
 * The guide's weekly analysis on the campaign's real figures: which critical statuses stand out, with the figures and
 * the guide's action; the best time to call (from the calls made by quarter hour, `slots`); how the results moved
 * week over week, and what that suggests.
 */
export function campaignInsightsAnswer(report: CampaignReport, slots: readonly CallSlotCount[], lang: Lang): Answer {
  const t = translator(lang);
  const guide = guideContent(lang);
  const { campaign } = report;
  const called = report.totalContacts - report.byStatus.new;
  const standing = (Object.keys(STANDS_OUT_AT) as CriticalStatus[])
    .filter((status) => called > 0 && report.byStatus[status] / called >= STANDS_OUT_AT[status])
    .sort((a, b) => report.byStatus[b] / STANDS_OUT_AT[b] - report.byStatus[a] / STANDS_OUT_AT[a]);
  const lines = standing.map((status) =>
    t('campaign.insights.standsOut', {
      status: statusEntry(status, lang).title,
      share: formatPercent(report.byStatus[status], called, lang),
      count: formatNumber(report.byStatus[status], lang),
      advice: withoutTitle(guide.critical[status]),
    }),
  );
  const thresholds = t('campaign.insights.thresholds', {
    failed: formatPercent(STANDS_OUT_AT.failed, 1, lang),
    incorrect: formatPercent(STANDS_OUT_AT.incorrect_number, 1, lang),
    noResponse: formatPercent(STANDS_OUT_AT.no_response, 1, lang),
    ivr: formatPercent(STANDS_OUT_AT.ivr, 1, lang),
  });
  const body = lines.length ? lines : [t('campaign.insights.nothingStandsOut')];
  const intro = t('campaign.insights.intro', { name: campaign.name, contacts: formatNumber(report.totalContacts, lang) });
  const best = bestTime(report, slots, lang, 'brief');
  const trend = weekOverWeekParts(slots, campaign.timezone, { detail: 'brief' }, lang);
  const part = (heading: string, [first, ...rest]: string[]): string[] => [t('campaign.insights.part', { heading, text: first }), ...rest];
  return {
    kind: 'campaign',
    language: lang,
    text: [
      intro,
      ...body,
      ...part(t('campaign.bestTime.heading'), best.lines),
      ...part(t('campaign.trend.heading'), trend.lines),
      t('campaign.insights.routine', { steps: guide.weekly.steps.join(' ') }),
    ].join('\n\n'),
    card: {
      title: t('campaign.insights.title', { name: campaign.name }),
      subtitle: t('campaign.cardSubtitle', { status: statusEntry(campaign.status, lang).title }),
      sections: [
        { heading: t('campaign.insights.standOutHeading'), bullets: body, emphasis: lines.length > 0, text: thresholds },
        { heading: t('campaign.breakdownHeading'), bars: bars(report, lang) },
        ...best.sections,
        ...trend.sections,
        { heading: t('insights.routine'), bullets: guide.weekly.steps },
      ],
    },
    suggestions: [
      ...standing.slice(0, 3).map((status) => explainSuggestion(status, lang)),
      campaignSuggestion('bestTime', campaign, lang),
      campaignSuggestion('trend', campaign, lang),
      campaignSuggestion('summary', campaign, lang),
    ],
  };
}

/** One part of the weekly analysis asked for on its own: its lines after an intro, its card sections under the card's title. */
function focusedAnswer(
  lang: Lang,
  intro: string,
  part: InsightParts,
  card: { title: string; subtitle: string; suggestions: Suggestion[] },
): Answer {
  return {
    kind: 'campaign',
    language: lang,
    text: [intro, ...part.lines].join('\n\n'),
    // the card's title says what the first section's heading would
    card: { title: card.title, subtitle: card.subtitle, sections: part.sections.map((section, i) => (i === 0 ? { ...section, heading: undefined } : section)) },
    suggestions: card.suggestions,
  };
}

/** "What's the best time to call Spring Renewals?": answer rates by hour and weekday, the best and worst, the guide's advice. */
export function bestTimeAnswer(report: CampaignReport, slots: readonly CallSlotCount[], lang: Lang): Answer {
  const t = translator(lang);
  const { campaign } = report;
  const best = bestTime(report, slots, lang, 'full');
  const calls = slots.reduce((sum, s) => sum + s.calls, 0);
  const intro = t('campaign.bestTime.intro', { name: campaign.name, zone: campaign.timezone });
  return focusedAnswer(lang, intro, best, {
    title: t('campaign.bestTime.title', { name: campaign.name }),
    subtitle: t('campaign.bestTime.subtitle', { calls: formatNumber(calls, lang), zone: campaign.timezone }),
    suggestions: [
      explainSuggestion('no_response', lang),
      campaignSuggestion('trend', campaign, lang),
      campaignSuggestion('insights', campaign, lang),
      campaignSuggestion('summary', campaign, lang),
    ],
  });
}

/** "How did Spring Renewals change since last week?": the results' shares, week before vs last week, and what the guide suggests. */
export function weekOverWeekAnswer(report: CampaignReport, slots: readonly CallSlotCount[], lang: Lang): Answer {
  const t = translator(lang);
  const { campaign } = report;
  const trend = weekOverWeekParts(slots, campaign.timezone, { detail: 'full' }, lang);
  const intro = t('campaign.trend.intro', { name: campaign.name });
  return focusedAnswer(lang, intro, trend, {
    title: t('campaign.trend.title', { name: campaign.name }),
    subtitle: t('campaign.cardSubtitle', { status: statusEntry(campaign.status, lang).title }),
    suggestions: [campaignSuggestion('bestTime', campaign, lang), campaignSuggestion('insights', campaign, lang), campaignSuggestion('summary', campaign, lang)],
  });
}

/** No campaign named, or one we do not have: the campaigns we know, as buttons. */
export function whichCampaignAnswer(campaigns: readonly Campaign[], intent: CampaignQuestion, lang: Lang, notFound: boolean): Answer {
  const t = translator(lang);
  return {
    kind: 'clarify',
    language: lang,
    text: t(notFound ? 'campaign.notFound' : 'campaign.which'),
    suggestions: campaigns.slice(0, 8).map((c) => ({ label: c.name, text: t(`campaign.suggest.${intent}`, { name: c.name }) })),
  };
}
