/**
 * Data sets with known answer rates, for the best-time and week-over-week tests (and the cards they draw).
 *
 * KNOWN (America/New_York, every timestamp written in UTC so that only the time-zone conversion puts it on the local
 * clock): two working weeks, Mon 3 - Fri 7 March 2025 (EST, -05:00) and Mon 10 - Fri 14 March (EDT, -04:00: DST
 * starts on Sunday the 9th), 4 calls a day at each of 10, 11, 12, 15, 16 and 17 h local; and 5 calls on each of
 * Saturday the 8th and the 15th at 09:00.
 * - Answered per week and hour: 10 h 4, 11 h 5, 12 h 6, 15 h 8, 16 h 9, 17 h 10; filled Monday first (up to 4 a day).
 *   So by hour (2 weeks): 10 h 8/40 (20%), 11 h 10/40, 12 h 12/40, 15 h 16/40, 16 h 18/40, 17 h 20/40 (50%), and 09 h
 *   9/10 (90%, too few calls to rank). Windows: 10-13 h 30/120 (25%), 15-18 h 54/120 (45%); none other has 3
 *   ranked hours in a row. By weekday: Monday 48/48, Tuesday 30/48, Wednesday 6/48, Thursday 0/48, Friday 0/48,
 *   Saturday 9/10 (too few).
 * - Week of 2-8 March (the one before the latest, ending on the latest call's day, Saturday the 15th): 125 calls:
 *   46 completed, 60 no_response, 10 busy, 5 failed, 4 ivr. Week of 9-15 March: 125 calls: 47 completed,
 *   30 no_response, 18 busy, 22 failed, 8 ivr. In all 250 calls, 93 completed, 90 no response (36%).
 *
 * HALF_HOUR (Asia/Kolkata, +05:30): on Monday 3 March 2025, 30 calls at 10:00 and 30 at 10:45 local (18 of them
 * answered at each time), 30 at 11:15 (6 answered); on Tuesday the 4th, 5 calls at 00:15 local (Monday 18:45 UTC),
 * none answered. So hour 10: 36/60, hour 11: 6/30, hour 0: 0/5; Monday 42/90, Tuesday 0/5.
 */
import type { CallSlotCount, DialledResult } from '../../src/data/types';
import type { Cell, DataSet } from './helpers';

export const KNOWN_ID = 'CMP-KNOWN';
export const KNOWN_NAME = 'Known Rates';
export const HALF_HOUR_ID = 'CMP-HALF';

const HOURS = [10, 11, 12, 15, 16, 17];
const ANSWERED_PER_WEEK: Record<number, number> = { 10: 4, 11: 5, 12: 6, 15: 8, 16: 9, 17: 10 };
/** Results of the calls not answered, per week, handed out in this order. */
const UNANSWERED: Record<'A' | 'B', [DialledResult, number][]> = {
  A: [['no_response', 60], ['busy', 10], ['failed', 5], ['ivr', 4]],
  B: [['no_response', 30], ['busy', 18], ['failed', 22], ['ivr', 8]],
};

interface Call {
  /** UTC, ISO 8601 with Z. */
  at: string;
  result: DialledResult;
}

/** Local wall time in a zone with a fixed offset (minutes east of UTC) as UTC ISO ("...Z"). */
function utcIso(y: number, m: number, d: number, h: number, mi: number, offsetMinutes: number): string {
  return new Date(Date.UTC(y, m - 1, d, h, mi) - offsetMinutes * 60_000).toISOString().replace('.000Z', 'Z');
}

function knownCalls(): Call[] {
  const calls: Call[] = [];
  for (const [week, firstDay, offset] of [['A', 3, -300], ['B', 10, -240]] as const) {
    const unanswered = UNANSWERED[week].flatMap(([result, n]) => new Array<DialledResult>(n).fill(result));
    const answeredLeft = { ...ANSWERED_PER_WEEK };
    for (let weekday = 0; weekday < 5; weekday++) {
      for (const hour of HOURS) {
        for (let k = 0; k < 4; k++) {
          const answered = answeredLeft[hour]! > 0;
          if (answered) answeredLeft[hour]!--;
          calls.push({ at: utcIso(2025, 3, firstDay + weekday, hour, k * 10, offset), result: answered ? 'completed' : unanswered.shift()! });
        }
      }
    }
    // Saturday 09:00: 4 answered and 1 not in week A, 5 answered in week B
    for (let k = 0; k < 5; k++) {
      const answered = week === 'B' || k < 4;
      calls.push({ at: utcIso(2025, 3, firstDay + 5, 9, k * 5, offset), result: answered ? 'completed' : unanswered.shift()! });
    }
    if (unanswered.length !== 0) throw new Error(`week ${week}: ${unanswered.length} unanswered results left over`);
  }
  return calls;
}

function halfHourCalls(): Call[] {
  const calls: Call[] = [];
  const ist = 330;
  for (const [hour, minute, answered] of [[10, 0, 18], [10, 45, 18], [11, 15, 6]] as const) {
    for (let k = 0; k < 30; k++) calls.push({ at: utcIso(2025, 3, 3, hour, minute, ist), result: k < answered ? 'completed' : 'no_response' });
  }
  for (let k = 0; k < 5; k++) calls.push({ at: utcIso(2025, 3, 4, 0, 15, ist), result: 'busy' });
  return calls;
}

/** Both campaigns, one contact per call (plus a canceled attempt, which is never counted), as CSV rows. */
export function knownRatesDataSet(): DataSet {
  const contacts: Cell[][] = [];
  const attempts: Cell[][] = [];
  let n = 0;
  for (const [campaignId, calls] of [[KNOWN_ID, knownCalls()], [HALF_HOUR_ID, halfHourCalls()]] as const) {
    for (const call of calls) {
      n++;
      contacts.push([`K-${n}`, campaignId, `Person ${n}`, `+1 555 ${String(2000000 + n).slice(1)}`]);
      attempts.push([`KA-${n}`, `K-${n}`, call.at, call.result, '', '']);
    }
  }
  attempts.push(['KA-CANCELED', 'K-1', '2025-03-03T15:00:00Z', 'canceled', '', '']);
  return {
    campaigns: [
      [KNOWN_ID, KNOWN_NAME, 'in_progress', 3, 2, '', '2025-03-03', '2025-03-31', 'America/New_York'],
      [HALF_HOUR_ID, 'Half Hour Zone', 'in_progress', 3, 2, '', '2025-03-03', '2025-03-31', 'Asia/Kolkata'],
    ],
    contacts,
    attempts,
  };
}

/** The calls of one campaign of a data set as the store gives them (UTC quarter hours), computed here from the rows. */
export function slotsOf(data: DataSet, campaignId: string): CallSlotCount[] {
  const campaignOf = new Map(data.contacts.map((c) => [String(c[0]), String(c[1])]));
  const counts = new Map<string, number>();
  for (const a of data.attempts) {
    if (a[3] === 'canceled' || campaignOf.get(String(a[1])) !== campaignId) continue;
    const key = `${Math.floor(Date.parse(String(a[2])) / 900_000)}|${a[3]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, calls]) => {
      const [slot, result] = key.split('|');
      return { slot: Number(slot), result: result as DialledResult, calls };
    })
    .sort((a, b) => a.slot - b.slot || (a.result < b.result ? -1 : 1));
}
