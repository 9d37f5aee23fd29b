/**
 * The best time to call: the answer rate (completed over calls made) by local hour of day and by weekday, in the
 * campaign's time zone, from its calls by UTC quarter hour. Pure functions: slot counts in, figures out.
 *
 * - An hour or weekday with fewer than MIN_CALLS calls is "not enough data": shown as such, never ranked.
 * - Windows: WINDOW_HOURS consecutive local hours (within one day), ranked only when every hour in them has enough
 *   calls, so one busy hour cannot carry a window; the window's rate is its calls' (answered over made).
 * - The guide's advice ("No response → schedule optimization": move calls to the best window) is given when the
 *   campaign is no-response-heavy and the best window's rate is clearly above the worst one that does not overlap
 *   it: at least MIN_RATE_GAP apart and more than chance (a two-proportion z-test at 95%).
 */
import type { CallSlotCount } from '../../data/types';
import { localSlot, usableTimeZone } from './localSlots';
import { clearlyDifferent, share } from './proportions';

/** Calls an hour or weekday needs before its rate is ranked. */
export const MIN_CALLS = 30;
/** Hours in a calling window ("14:00–17:00"). */
export const WINDOW_HOURS = 3;
/** The smallest gap between the best and worst windows' rates worth moving calls for. */
export const MIN_RATE_GAP = 0.05;

export interface RateCell {
  calls: number;
  completed: number;
  /** completed / calls; 0 without calls. */
  rate: number;
  /** calls >= MIN_CALLS: the rate may be ranked. */
  enough: boolean;
}

export interface HourRate extends RateCell {
  /** Local hour, 0-23. */
  hour: number;
}

export interface WeekdayRate extends RateCell {
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
}

/** Local hours [start, end) of one day. */
export interface CallWindow {
  start: number;
  end: number;
  calls: number;
  completed: number;
  rate: number;
}

export interface AnswerRates {
  /** The zone the figures are in (UTC when the campaign's is unknown). */
  timeZone: string;
  calls: number;
  completed: number;
  /** Calls that ended with no response. */
  noResponse: number;
  rate: number;
  /** 24 entries, hour 0 first. */
  byHour: HourRate[];
  /** 7 entries, Monday first. */
  byWeekday: WeekdayRate[];
  /** Best and worst among the hours with enough calls; null unless at least two have. */
  bestHour: HourRate | null;
  worstHour: HourRate | null;
  bestWeekday: WeekdayRate | null;
  worstWeekday: WeekdayRate | null;
  /** The best window of hours all with enough calls; null when there is none. */
  bestWindow: CallWindow | null;
  /** The worst such window not overlapping the best; null when there is none. */
  worstWindow: CallWindow | null;
}

function cell(calls: number, completed: number): RateCell {
  return { calls, completed, rate: share(completed, calls), enough: calls >= MIN_CALLS };
}

/** Higher rate first; equal rates: more calls (firmer figure) first, then the earlier one. */
function byRateDescending(a: { rate: number; calls: number }, b: { rate: number; calls: number }): number {
  return b.rate - a.rate || b.calls - a.calls;
}

function byRateAscending(a: { rate: number; calls: number }, b: { rate: number; calls: number }): number {
  return a.rate - b.rate || b.calls - a.calls;
}

/** Best and worst of the ranked items (stable sorts keep the earlier one on a full tie); null unless two or more. */
function extremes<T extends RateCell>(items: readonly T[]): { best: T | null; worst: T | null } {
  const ranked = items.filter((item) => item.enough);
  if (ranked.length < 2) return { best: null, worst: null };
  return { best: [...ranked].sort(byRateDescending)[0]!, worst: [...ranked].sort(byRateAscending)[0]! };
}

function windows(byHour: readonly HourRate[]): CallWindow[] {
  const found: CallWindow[] = [];
  for (let start = 0; start + WINDOW_HOURS <= 24; start++) {
    const hours = byHour.slice(start, start + WINDOW_HOURS);
    if (!hours.every((h) => h.enough)) continue;
    const calls = hours.reduce((sum, h) => sum + h.calls, 0);
    const completed = hours.reduce((sum, h) => sum + h.completed, 0);
    found.push({ start, end: start + WINDOW_HOURS, calls, completed, rate: share(completed, calls) });
  }
  return found;
}

/** Answer rates by local hour and weekday of `timeZone`, with the best and worst hours, weekdays and windows. */
export function answerRates(slots: readonly CallSlotCount[], timeZone: string): AnswerRates {
  const zone = usableTimeZone(timeZone);
  const hourCalls = new Array<number>(24).fill(0);
  const hourCompleted = new Array<number>(24).fill(0);
  const dayCalls = new Array<number>(7).fill(0);
  const dayCompleted = new Array<number>(7).fill(0);
  let noResponse = 0;
  for (const { slot, result, calls } of slots) {
    const { hour, weekday } = localSlot(slot, zone);
    hourCalls[hour]! += calls;
    dayCalls[weekday]! += calls;
    if (result === 'completed') {
      hourCompleted[hour]! += calls;
      dayCompleted[weekday]! += calls;
    } else if (result === 'no_response') {
      noResponse += calls;
    }
  }
  const byHour = hourCalls.map((calls, hour) => ({ hour, ...cell(calls, hourCompleted[hour]!) }));
  const byWeekday = dayCalls.map((calls, weekday) => ({ weekday, ...cell(calls, dayCompleted[weekday]!) }));
  const calls = hourCalls.reduce((a, b) => a + b, 0);
  const completed = hourCompleted.reduce((a, b) => a + b, 0);
  const hours = extremes(byHour);
  const days = extremes(byWeekday);
  const candidates = windows(byHour);
  const bestWindow = [...candidates].sort(byRateDescending)[0] ?? null;
  const worstWindow = bestWindow
    ? ([...candidates].filter((w) => w.end <= bestWindow.start || w.start >= bestWindow.end).sort(byRateAscending)[0] ?? null)
    : null;
  return {
    timeZone: zone,
    calls,
    completed,
    noResponse,
    rate: share(completed, calls),
    byHour,
    byWeekday,
    bestHour: hours.best,
    worstHour: hours.worst,
    bestWeekday: days.best,
    worstWeekday: days.worst,
    bestWindow,
    worstWindow,
  };
}

/** Hours or weekdays with some calls but too few to rank. */
export function notEnoughData<T extends RateCell>(items: readonly T[]): T[] {
  return items.filter((item) => item.calls > 0 && !item.enough);
}

/** The guide's "No response → schedule optimization", with the figures behind it. */
export interface ScheduleAdvice {
  /** Share of the calls made that ended with no response. */
  noResponseShare: number;
  moveTo: CallWindow;
  moveFrom: CallWindow;
}

/**
 * Advice to move calls to the best window, when no response is at least `noResponseThreshold` of the calls made and
 * the best window answers clearly more than the worst (see the module's comment); null otherwise.
 */
export function scheduleAdvice(rates: AnswerRates, noResponseThreshold: number): ScheduleAdvice | null {
  const { bestWindow, worstWindow } = rates;
  const noResponseShare = share(rates.noResponse, rates.calls);
  if (rates.calls === 0 || noResponseShare < noResponseThreshold || !bestWindow || !worstWindow) return null;
  if (bestWindow.rate - worstWindow.rate < MIN_RATE_GAP) return null;
  const clear = clearlyDifferent({ hits: bestWindow.completed, total: bestWindow.calls }, { hits: worstWindow.completed, total: worstWindow.calls });
  return clear ? { noResponseShare, moveTo: bestWindow, moveFrom: worstWindow } : null;
}
