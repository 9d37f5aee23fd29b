/**
 * Week over week: how the results of the calls made moved between the last 7 local days (ending on the local day of
 * the campaign's latest call) and the 7 days before, and what the guide says about those moves. Pure functions.
 *
 * A move is "clear" when the share changed by at least MIN_MOVE and by more than chance (a two-proportion z-test at
 * 95%); only clear moves suggest actions. With fewer than MIN_WEEK_CALLS calls in either week there is not enough
 * data to compare.
 */
import type { CallSlotCount, DialledResult } from '../../data/types';
import { localSlot, usableTimeZone } from './localSlots';
import { clearlyDifferent, share } from './proportions';

/** Calls each week needs before the two are compared. */
export const MIN_WEEK_CALLS = 30;
/** The smallest change of a result's share (in share, 0.03 = 3 points) that counts as a move. */
export const MIN_MOVE = 0.03;

/** The results of calls made, in the guide's order. */
export const DIALLED_RESULTS: readonly DialledResult[] = ['completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number'];

/** The guide's critical statuses (its "By critical status" actions). */
export const CRITICAL_RESULTS = ['failed', 'incorrect_number', 'no_response', 'ivr'] as const;
export type CriticalResult = (typeof CRITICAL_RESULTS)[number];

export interface WeekCalls {
  /** Local days (days since 1970-01-01 on the campaign's clock), inclusive. */
  firstDay: number;
  lastDay: number;
  calls: number;
  byResult: Record<DialledResult, number>;
}

export interface ResultMove {
  result: DialledResult;
  /** Calls with this result in the earlier week and the last one. */
  before: number;
  after: number;
  beforeShare: number;
  afterShare: number;
  /** afterShare - beforeShare. */
  change: number;
  clear: boolean;
}

export interface WeekOverWeek {
  timeZone: string;
  previous: WeekCalls;
  latest: WeekCalls;
  /** Both weeks have at least MIN_WEEK_CALLS calls. */
  enough: boolean;
  /** Results with calls in either week, the largest move (absolute change of share) first. */
  moves: ResultMove[];
}

function emptyWeek(firstDay: number): WeekCalls {
  const byResult = Object.fromEntries(DIALLED_RESULTS.map((r) => [r, 0])) as Record<DialledResult, number>;
  return { firstDay, lastDay: firstDay + 6, calls: 0, byResult };
}

/** The two weeks' results; null when the campaign has no calls at all. */
export function weekOverWeek(slots: readonly CallSlotCount[], timeZone: string): WeekOverWeek | null {
  if (slots.length === 0) return null;
  const zone = usableTimeZone(timeZone);
  const days = slots.map((s) => localSlot(s.slot, zone).day);
  let lastDay = days[0]!;
  for (const day of days) if (day > lastDay) lastDay = day;
  const latest = emptyWeek(lastDay - 6);
  const previous = emptyWeek(lastDay - 13);
  slots.forEach((s, i) => {
    const day = days[i]!;
    const week = day >= latest.firstDay ? latest : day >= previous.firstDay ? previous : null;
    if (!week) return;
    week.calls += s.calls;
    week.byResult[s.result] += s.calls;
  });
  const enough = previous.calls >= MIN_WEEK_CALLS && latest.calls >= MIN_WEEK_CALLS;
  const moves = DIALLED_RESULTS.filter((r) => previous.byResult[r] + latest.byResult[r] > 0)
    .map((result): ResultMove => {
      const before = previous.byResult[result];
      const after = latest.byResult[result];
      const beforeShare = share(before, previous.calls);
      const afterShare = share(after, latest.calls);
      const change = afterShare - beforeShare;
      const clear =
        enough && Math.abs(change) >= MIN_MOVE && clearlyDifferent({ hits: before, total: previous.calls }, { hits: after, total: latest.calls });
      return { result, before, after, beforeShare, afterShare, change, clear };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change));
  return { timeZone: zone, previous, latest, enough, moves };
}

/** What the clear moves suggest, by the guide: act on critical statuses that rose, keep up what made others fall. */
export interface WeekOverWeekSignals {
  rose: CriticalResult[];
  fell: CriticalResult[];
  /** Did the share of answered calls clearly move? */
  completed: 'up' | 'down' | null;
}

export function weekOverWeekSignals(wow: WeekOverWeek): WeekOverWeekSignals {
  const clear = wow.moves.filter((m) => m.clear);
  const critical = (m: ResultMove): m is ResultMove & { result: CriticalResult } => (CRITICAL_RESULTS as readonly string[]).includes(m.result);
  const completed = clear.find((m) => m.result === 'completed');
  return {
    rose: clear.filter((m) => critical(m) && m.change > 0).map((m) => m.result as CriticalResult),
    fell: clear.filter((m) => critical(m) && m.change < 0).map((m) => m.result as CriticalResult),
    completed: completed ? (completed.change > 0 ? 'up' : 'down') : null,
  };
}
