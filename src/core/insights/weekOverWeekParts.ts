/** Week over week in words and card sections, for the weekly analysis and the answer of its own. */
import type { CallSlotCount } from '../../data/types';
import type { CardBar, CardSection } from '../answer';
import { formatNumber, formatPercent } from '../format';
import { translator } from '../../content/i18n';
import { statusEntry } from '../../content/knowledgeBase';
import type { Lang } from '../../domain/language';
import type { InsightParts } from './insightParts';
import { criticalAction } from './guideActions';
import { formatDayRange } from './insightFormat';
import { MIN_WEEK_CALLS, weekOverWeek, weekOverWeekSignals, type ResultMove, type WeekCalls, type WeekOverWeek } from './weekOverWeek';

export interface WeekOverWeekOptions {
  /** `full`: bars of both weeks' results on the card too. */
  detail: 'full' | 'brief';
}

function shares(move: ResultMove, lang: Lang): { status: string; before: string; after: string } {
  return {
    status: statusEntry(move.result, lang).title,
    before: formatPercent(move.beforeShare, 1, lang),
    after: formatPercent(move.afterShare, 1, lang),
  };
}

/** What the clear moves suggest, by the guide: its action for a critical status that rose, "keep it up" for one that fell. */
function actions(wow: WeekOverWeek, lang: Lang): string[] {
  const t = translator(lang);
  const signals = weekOverWeekSignals(wow);
  const moveOf = (result: string): ResultMove => wow.moves.find((m) => m.result === result)!;
  const lines = [
    ...signals.rose.map((status) => t('campaign.trend.rose', { ...shares(moveOf(status), lang), advice: criticalAction(status, lang) })),
    ...signals.fell.map((status) => t('campaign.trend.fell', shares(moveOf(status), lang))),
  ];
  if (signals.completed) lines.push(t(`campaign.trend.completed.${signals.completed}`, shares(moveOf('completed'), lang)));
  return lines;
}

function weekBars(week: WeekCalls, wow: WeekOverWeek, lang: Lang): CardBar[] {
  return wow.moves.map((m) => ({ label: statusEntry(m.result, lang).title, count: week.byResult[m.result], share: week.calls === 0 ? 0 : week.byResult[m.result] / week.calls }));
}

/** How the results of the calls made moved from the week before to the latest week, and what that suggests. */
export function weekOverWeekParts(slots: readonly CallSlotCount[], timeZone: string, options: WeekOverWeekOptions, lang: Lang): InsightParts {
  const t = translator(lang);
  const heading = t('campaign.trend.heading');
  const wow = weekOverWeek(slots, timeZone);
  if (!wow) {
    const none = t('campaign.trend.noCalls');
    return { lines: [none], sections: [{ heading, text: none }] };
  }
  const weeks = {
    previous: formatDayRange(wow.previous.firstDay, wow.previous.lastDay, lang),
    latest: formatDayRange(wow.latest.firstDay, wow.latest.lastDay, lang),
    previousCalls: formatNumber(wow.previous.calls, lang),
    latestCalls: formatNumber(wow.latest.calls, lang),
  };
  if (!wow.enough) {
    const text = t('campaign.trend.notEnough', { ...weeks, min: MIN_WEEK_CALLS });
    return { lines: [text], sections: [{ heading, text }] };
  }
  const intro = t('campaign.trend.weeks', weeks);
  const moves = wow.moves.map((m) => t('campaign.trend.line', shares(m, lang)));
  const suggested = actions(wow, lang);
  const advice = suggested.length ? suggested : [t('campaign.trend.steady')];
  const lines = [`${intro}\n${moves.map((m) => `- ${m}`).join('\n')}`, ...advice];

  const sections: CardSection[] = [
    { heading, text: intro },
    {
      facts: wow.moves.map((m) => ({
        title: statusEntry(m.result, lang).title,
        value: t('campaign.trend.factValue', { ...shares(m, lang), beforeCalls: formatNumber(m.before, lang), afterCalls: formatNumber(m.after, lang) }),
      })),
    },
    { heading: t('campaign.trend.actionsHeading'), bullets: advice, emphasis: suggested.length > 0 },
  ];
  if (options.detail === 'full') {
    sections.push({ heading: t('campaign.trend.weekBars', { week: weeks.previous }), bars: weekBars(wow.previous, wow, lang) });
    sections.push({ heading: t('campaign.trend.weekBars', { week: weeks.latest }), bars: weekBars(wow.latest, wow, lang) });
  }
  return { lines, sections };
}
