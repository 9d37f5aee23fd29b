/**
 * What an alert watches, read from a recognition, and the facts that decide when it fires (contract, "Alerts").
 */
import type { AlertCondition } from '../../domain/alerts';
import type { Recognition } from '../../domain/recognition';
import { CAMPAIGN_STATUSES, type AttemptResult, type CampaignStatus } from '../../domain/statusKeys';
import type { DialledResult } from '../../data/types';
import { DIALLED_RESULTS } from '../insights/weekOverWeek';

/** The status changes an alert watches when the request names none: paused, finished, back in progress. */
export const WATCHED_CHANGES: readonly CampaignStatus[] = ['paused', 'finished', 'in_progress'];

/** A call result's share is measured over the calls of the last 24 hours of data: 96 quarter-hour slots. */
export const SHARE_WINDOW_SLOTS = 96;
/** ... and only once at least this many calls are in that window. */
export const SHARE_MIN_CALLS = 20;

/** Why a request names no condition the bot can watch. */
export type ConditionProblem =
  /** A call result without a percentage ("alert me when Failed goes up"). */
  | 'threshold_missing'
  /** A percentage that cannot be crossed upwards: 0 or less, 100 or more. */
  | 'threshold_range'
  /** A percentage without a call result, or of something that is not one (Canceled, flagged bad). */
  | 'result_missing';

export type ConditionReading = { condition: AlertCondition } | { problem: ConditionProblem };

const isDialled = (key: string): key is DialledResult => (DIALLED_RESULTS as readonly string[]).includes(key);
const isCampaignStatus = (key: string): key is CampaignStatus => (CAMPAIGN_STATUSES as readonly string[]).includes(key);

/**
 * The condition an alert request names: a call result over a percentage ("Failed goes over 20%"), else the status
 * changes it names by verb or by status ("pauses", "is finished"), else every watched change.
 */
export function conditionOf(recognition: Recognition): ConditionReading {
  const { status, alert } = recognition.entities;
  const result = status.find(isDialled);
  if (alert.percent !== undefined) {
    if (!result) return { problem: 'result_missing' };
    if (!(alert.percent > 0 && alert.percent < 100)) return { problem: 'threshold_range' };
    return { condition: { kind: 'result_share', result, percent: alert.percent } };
  }
  const named = [...alert.changes, ...status.filter(isCampaignStatus).filter((key) => WATCHED_CHANGES.includes(key))];
  if (named.length > 0) return { condition: { kind: 'status_change', to: WATCHED_CHANGES.filter((key) => named.includes(key)) } };
  if (result) return { problem: 'threshold_missing' };
  return { condition: { kind: 'status_change', to: [...WATCHED_CHANGES] } };
}

/** The statuses a status-change alert fires on: its own, or any when it names none. */
export function changesWatched(condition: Extract<AlertCondition, { kind: 'status_change' }>): readonly CampaignStatus[] {
  return condition.to.length > 0 ? condition.to : CAMPAIGN_STATUSES;
}

export function sameCondition(a: AlertCondition, b: AlertCondition): boolean {
  if (a.kind === 'status_change' && b.kind === 'status_change') {
    const x = changesWatched(a);
    const y = changesWatched(b);
    return x.length === y.length && x.every((key) => y.includes(key));
  }
  return a.kind === 'result_share' && b.kind === 'result_share' && a.result === b.result && a.percent === b.percent;
}

/** A result's share of the calls in the last 24 hours of a campaign's data. */
export interface ShareWindow {
  /** Calls made in the window, and those that ended with the result. */
  calls: number;
  count: number;
  /** The last quarter-hour slot of the window (the campaign's latest call), counted from the epoch. */
  lastSlot: number;
}

/** The window of the 96 quarter hours ending at the latest slot; undefined when the campaign has no calls. */
export function shareWindow(slots: readonly { slot: number; result: DialledResult; calls: number }[], result: Exclude<AttemptResult, 'canceled'>): ShareWindow | undefined {
  if (slots.length === 0) return undefined;
  const lastSlot = slots.reduce((max, s) => Math.max(max, s.slot), -Infinity);
  let calls = 0;
  let count = 0;
  for (const s of slots) {
    if (s.slot <= lastSlot - SHARE_WINDOW_SLOTS) continue;
    calls += s.calls;
    if (s.result === result) count += s.calls;
  }
  return { calls, count, lastSlot };
}
