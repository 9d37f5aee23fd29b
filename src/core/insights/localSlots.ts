/**
 * UTC quarter-hour call slots (CallSlotCount.slot) read in a campaign's own time zone: its local day, hour and
 * weekday. Every offset of the time zone database is a whole number of quarter hours and changes on a quarter hour,
 * so a slot maps to exactly one local quarter hour, half-hour zones (Asia/Kolkata) and DST switches included.
 */
import { CALL_SLOT_MS } from '../../data/types';

const DAY_MS = 86_400_000;
const SLOTS_PER_DAY = DAY_MS / CALL_SLOT_MS;

/** Where one slot falls on the campaign's clock. */
export interface LocalSlot {
  /** Local calendar day, counted in days from 1970-01-01 (consecutive days differ by 1, DST or not). */
  day: number;
  /** 0-23. */
  hour: number;
  /** 0 = Monday ... 6 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const unknownZones = new Set<string>();
/** Per zone: the offset (minutes east of UTC) of each UTC day seen, or null for a day on which the offset changes. */
const dayOffsets = new Map<string, Map<number, number | null>>();
/** Days remembered per zone; a long-running process clears a zone's memo past this. */
const MAX_REMEMBERED_DAYS = 20_000;

/** The zone itself when Intl knows it, else UTC (as format.ts falls back). */
export function usableTimeZone(timeZone: string): string {
  if (formatters.has(timeZone)) return timeZone;
  if (unknownZones.has(timeZone)) return 'UTC';
  try {
    formatters.set(
      timeZone,
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }),
    );
    return timeZone;
  } catch {
    if (unknownZones.size < 100) unknownZones.add(timeZone);
    return 'UTC';
  }
}

function intlOffsetMinutes(timeZone: string, ms: number): number {
  const parts: Record<string, string> = {};
  for (const p of formatters.get(timeZone)!.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']));
  return Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * Offset at the start of `slot`. Most UTC days have one offset all day (checked at both ends; no zone changes its
 * offset twice within a day), so Intl runs about twice per day of data rather than once per slot.
 */
function offsetMinutes(timeZone: string, slot: number): number {
  if (timeZone === 'UTC') return 0;
  let memo = dayOffsets.get(timeZone);
  if (!memo || memo.size > MAX_REMEMBERED_DAYS) {
    memo = new Map();
    dayOffsets.set(timeZone, memo);
  }
  const utcDay = Math.floor(slot / SLOTS_PER_DAY);
  let offset = memo.get(utcDay);
  if (offset === undefined) {
    const first = intlOffsetMinutes(timeZone, utcDay * DAY_MS);
    const last = intlOffsetMinutes(timeZone, (utcDay + 1) * DAY_MS - CALL_SLOT_MS);
    offset = first === last ? first : null;
    memo.set(utcDay, offset);
  }
  return offset ?? intlOffsetMinutes(timeZone, slot * CALL_SLOT_MS);
}

/** A slot on the clock of `timeZone` (a zone Intl knows: see usableTimeZone). */
export function localSlot(slot: number, timeZone: string): LocalSlot {
  const localMs = slot * CALL_SLOT_MS + offsetMinutes(timeZone, slot) * 60_000;
  const day = Math.floor(localMs / DAY_MS);
  const hour = Math.floor((localMs - day * DAY_MS) / 3_600_000);
  // 1970-01-01 was a Thursday (3 when Monday is 0)
  const weekday = (((day + 3) % 7) + 7) % 7;
  return { day, hour, weekday };
}

/** The local day number as a calendar date, for display. */
export function dayToDate(day: number): Date {
  return new Date(day * DAY_MS);
}
