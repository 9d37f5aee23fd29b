/** The best time to call in words and card sections, for the weekly analysis and the answer of its own. */
import type { CallSlotCount } from '../../data/types';
import type { CardBar, CardFact, CardSection } from '../answer';
import { formatNumber, formatPercent } from '../format';
import { translator } from '../../content/i18n';
import type { Lang } from '../../domain/language';
import { answerRates, MIN_CALLS, notEnoughData, scheduleAdvice, WINDOW_HOURS, type AnswerRates, type CallWindow, type HourRate, type RateCell, type WeekdayRate } from './answerRates';
import { formatHour, formatHours, weekdayName } from './insightFormat';
import type { InsightParts } from './insightParts';

export interface BestTimeOptions {
  /** No response share of calls made from which the guide's schedule advice is given. */
  noResponseThreshold: number;
  /** `full`: every figure in the text, and bars by weekday too; `brief`: the headline in the text. */
  detail: 'full' | 'brief';
}

type Labelled<T> = T & { label: string };

function rateVars(prefix: string, item: Labelled<Pick<RateCell, 'calls' | 'completed'>>, lang: Lang): Record<string, string> {
  return {
    [prefix]: item.label,
    [`${prefix}Rate`]: formatPercent(item.completed, item.calls, lang),
    [`${prefix}Calls`]: formatNumber(item.calls, lang),
  };
}

function windowLabel(w: CallWindow): Labelled<CallWindow> {
  return { ...w, label: formatHours(w.start, w.end) };
}

function hourLabel(h: HourRate): Labelled<HourRate> {
  return { ...h, label: formatHours(h.hour, h.hour + 1) };
}

function dayLabel(d: WeekdayRate, lang: Lang): Labelled<WeekdayRate> {
  return { ...d, label: weekdayName(d.weekday, lang) };
}

/** The one line that sums it up: the guide's advice when it applies, else the best (and worst) window. */
function headline(rates: AnswerRates, options: BestTimeOptions, lang: Lang): { text: string; advice: boolean } {
  const t = translator(lang);
  const advice = scheduleAdvice(rates, options.noResponseThreshold);
  if (advice) {
    return {
      advice: true,
      text: t('campaign.bestTime.advice', {
        share: formatPercent(rates.noResponse, rates.calls, lang),
        ...rateVars('best', windowLabel(advice.moveTo), lang),
        ...rateVars('worst', windowLabel(advice.moveFrom), lang),
      }),
    };
  }
  const { bestWindow, worstWindow } = rates;
  if (bestWindow && worstWindow) {
    return {
      advice: false,
      text: t('campaign.bestTime.windows', { hours: WINDOW_HOURS, ...rateVars('best', windowLabel(bestWindow), lang), ...rateVars('worst', windowLabel(worstWindow), lang) }),
    };
  }
  if (bestWindow) return { advice: false, text: t('campaign.bestTime.bestWindowOnly', { hours: WINDOW_HOURS, ...rateVars('best', windowLabel(bestWindow), lang) }) };
  return { advice: false, text: t('campaign.bestTime.noWindows', { hours: WINDOW_HOURS, min: MIN_CALLS }) };
}

function facts(rates: AnswerRates, lang: Lang): CardFact[] {
  const t = translator(lang);
  const value = (item: Labelled<Pick<RateCell, 'calls' | 'completed'>>): string =>
    t('campaign.bestTime.factValue', { slot: item.label, rate: formatPercent(item.completed, item.calls, lang), calls: formatNumber(item.calls, lang) });
  const out: CardFact[] = [];
  if (rates.bestWindow) out.push({ title: t('campaign.bestTime.facts.bestWindow', { hours: WINDOW_HOURS }), value: value(windowLabel(rates.bestWindow)) });
  if (rates.worstWindow) out.push({ title: t('campaign.bestTime.facts.worstWindow', { hours: WINDOW_HOURS }), value: value(windowLabel(rates.worstWindow)) });
  if (rates.bestHour && rates.worstHour) {
    out.push({ title: t('campaign.bestTime.facts.bestHour'), value: value(hourLabel(rates.bestHour)) });
    out.push({ title: t('campaign.bestTime.facts.worstHour'), value: value(hourLabel(rates.worstHour)) });
  }
  if (rates.bestWeekday && rates.worstWeekday) {
    out.push({ title: t('campaign.bestTime.facts.bestDay'), value: value(dayLabel(rates.bestWeekday, lang)) });
    out.push({ title: t('campaign.bestTime.facts.worstDay'), value: value(dayLabel(rates.worstWeekday, lang)) });
  }
  return out;
}

/** "08:00 (5 calls), Saturday (12 calls)": the slots shown as not enough data; empty when there are none. */
function thinSlots(rates: AnswerRates, lang: Lang): string {
  const t = translator(lang);
  const hours = notEnoughData(rates.byHour).map((h) => ({ label: formatHour(h.hour), calls: h.calls }));
  const days = notEnoughData(rates.byWeekday).map((d) => ({ label: weekdayName(d.weekday, lang), calls: d.calls }));
  return [...hours, ...days].map((s) => t('campaign.bestTime.slotCalls', { slot: s.label, count: s.calls, calls: formatNumber(s.calls, lang) })).join(', ');
}

function bars(items: readonly (RateCell & { label: string })[]): CardBar[] {
  return items.filter((item) => item.enough).map((item) => ({ label: item.label, count: item.calls, share: item.rate }));
}

/** The best time to call from a campaign's calls by quarter hour, read in its time zone. */
export function bestTimeParts(slots: readonly CallSlotCount[], timeZone: string, options: BestTimeOptions, lang: Lang): InsightParts {
  const t = translator(lang);
  const rates = answerRates(slots, timeZone);
  const heading = t('campaign.bestTime.heading');
  if (rates.calls === 0) {
    const none = t('campaign.bestTime.noCalls');
    return { lines: [none], sections: [{ heading, text: none }] };
  }
  const top = headline(rates, options, lang);
  const thin = thinSlots(rates, lang);
  const thinLine = thin ? t('campaign.bestTime.notEnough', { min: MIN_CALLS, list: thin }) : '';
  const lines = [top.text];
  if (options.detail === 'full') {
    const pair = (key: string, best: Labelled<RateCell>, worst: Labelled<RateCell>): string =>
      t(key, { ...rateVars('best', best, lang), ...rateVars('worst', worst, lang) });
    if (rates.bestHour && rates.worstHour) lines.push(pair('campaign.bestTime.hours', hourLabel(rates.bestHour), hourLabel(rates.worstHour)));
    if (rates.bestWeekday && rates.worstWeekday) {
      lines.push(pair('campaign.bestTime.days', dayLabel(rates.bestWeekday, lang), dayLabel(rates.worstWeekday, lang)));
    }
    if (thinLine) lines.push(thinLine);
  }

  const sections: CardSection[] = [{ heading, text: top.text, emphasis: top.advice }];
  const factList = facts(rates, lang);
  if (factList.length) sections.push({ facts: factList });
  const hourBars = bars(rates.byHour.map((h) => ({ ...h, label: formatHour(h.hour) })));
  if (hourBars.length) sections.push({ heading: t('campaign.bestTime.byHour', { zone: rates.timeZone }), text: t('campaign.bestTime.barsNote'), bars: hourBars });
  if (options.detail === 'full') {
    const dayBars = bars(rates.byWeekday.map((d) => dayLabel(d, lang)));
    if (dayBars.length) sections.push({ heading: t('campaign.bestTime.byDay'), bars: dayBars });
  }
  if (thinLine) sections.push({ text: thinLine });
  return { lines, sections };
}
