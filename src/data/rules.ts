/**
 * The contract's "Derived facts", as pure functions over plain data (see the contract in ../shared/contract.md).
 *
 * - Calls made: attempts whose result is not `canceled`.
 * - Closed: any attempt `completed` or `incorrect_number`.
 * - Attempts remaining: 0 when closed or the campaign is `finished`; else max(0, max_attempts - calls made).
 * - Flagged bad: not closed and at least `bad_after` attempts ended failed/busy/no_response
 *   (a later `completed` closes the contact, which clears the flag).
 * - Current status: `new` when no call was made, else the result of the latest attempt by started_at.
 *
 * The SQLite layer materializes the same facts at import (see sqliteStore.ts / importer.ts); both are
 * tested against each other. "Latest" means greatest started_at instant; equal instants are ordered by
 * attempt id (code point order, which is SQLite's BINARY order on UTF-8), so the SQL and these functions agree.
 *
 * derivedFactsSql.ts states the same rules in SQL, its result lists built from the constants here.
 *
 * Also here: the lookup keys (contact id key, phone key) and ISO 8601 parsing, shared by importer and store.
 */
import type { AttemptResult, CampaignStatus } from '../domain/statusKeys';
import type { ContactStatus, StopReason, UnreachableResult } from './types';

export const UNREACHABLE_RESULTS: readonly UnreachableResult[] = ['failed', 'busy', 'no_response'];
export const CLOSING_RESULTS: readonly AttemptResult[] = ['completed', 'incorrect_number'];
/** The result of an attempt that was never dialled: it is no call made. */
export const NOT_DIALLED_RESULT = 'canceled' satisfies AttemptResult;
/** The campaign status in which no contact has attempts remaining. */
export const FINISHED_STATUS = 'finished' satisfies CampaignStatus;
/** A contact's status before any call was made. */
export const NEW_STATUS = 'new' satisfies ContactStatus;

const UNREACHABLE_SET: ReadonlySet<AttemptResult> = new Set(UNREACHABLE_RESULTS);
const CLOSING_SET: ReadonlySet<AttemptResult> = new Set(CLOSING_RESULTS);

/** The part of an attempt the rules look at. */
export interface AttemptFacts {
  id: string;
  startedAt: string;
  result: AttemptResult;
}

/** The part of a campaign the rules look at. */
export interface CampaignRules {
  status: CampaignStatus;
  maxAttempts: number;
  badAfter: number;
}

/** Per-contact counts (what the database materializes). */
export interface ContactCounts {
  callsMade: number;
  closed: boolean;
  unreachableAttempts: number;
}

export interface ContactFacts extends ContactCounts {
  attemptsRemaining: number;
  flaggedBad: boolean;
  currentStatus: ContactStatus;
  dominantUnreachableResult: UnreachableResult | null;
  stopReason: StopReason | null;
}

export function isUnreachable(result: AttemptResult): result is UnreachableResult {
  return UNREACHABLE_SET.has(result);
}

export function isClosingResult(result: AttemptResult): boolean {
  return CLOSING_SET.has(result);
}

// ---------------------------------------------------------------------------------------------------------
// Rules over counts (used by the store at read time, on the materialized columns)

export function attemptsRemainingFor(counts: Pick<ContactCounts, 'callsMade' | 'closed'>, campaign: Pick<CampaignRules, 'status' | 'maxAttempts'>): number {
  if (counts.closed || campaign.status === FINISHED_STATUS) return 0;
  return Math.max(0, campaign.maxAttempts - counts.callsMade);
}

export function flaggedBadFor(counts: Pick<ContactCounts, 'closed' | 'unreachableAttempts'>, badAfter: number): boolean {
  return !counts.closed && counts.unreachableAttempts >= badAfter;
}

/** Why the contact will not be called again: closed first, then a finished campaign, then the attempt limit. */
export function stopReasonFor(counts: Pick<ContactCounts, 'callsMade' | 'closed'>, campaign: Pick<CampaignRules, 'status' | 'maxAttempts'>): StopReason | null {
  if (counts.closed) return 'closed';
  if (campaign.status === FINISHED_STATUS) return 'campaign_finished';
  if (counts.callsMade >= campaign.maxAttempts) return 'limit_reached';
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Rules over attempts

export function callsMade(attempts: readonly Pick<AttemptFacts, 'result'>[]): number {
  let n = 0;
  for (const a of attempts) if (a.result !== NOT_DIALLED_RESULT) n++;
  return n;
}

export function isClosed(attempts: readonly Pick<AttemptFacts, 'result'>[]): boolean {
  return attempts.some((a) => isClosingResult(a.result));
}

export function unreachableAttempts(attempts: readonly Pick<AttemptFacts, 'result'>[]): number {
  let n = 0;
  for (const a of attempts) if (isUnreachable(a.result)) n++;
  return n;
}

/** Compares strings by Unicode code point (= byte order of their UTF-8, SQLite's BINARY collation). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

/** Instant of an attempt's started_at in ms since the epoch (NaN when it is not a valid ISO 8601 date-time). */
export function attemptInstant(startedAt: string): number {
  const p = parseIsoDateTime(startedAt);
  return p ? p.ms : Number.NaN;
}

/** The attempts in chronological order (by started_at instant, ties by id); a new array. */
export function chronological<T extends Pick<AttemptFacts, 'id' | 'startedAt'>>(attempts: readonly T[]): T[] {
  const keyed = attempts.map((a) => ({ a, ms: attemptInstant(a.startedAt) }));
  keyed.sort((x, y) => (x.ms !== y.ms ? (x.ms < y.ms ? -1 : 1) : compareCodePoints(x.a.id, y.a.id)));
  return keyed.map((k) => k.a);
}

export function latestAttempt<T extends AttemptFacts>(attempts: readonly T[]): T | null {
  if (attempts.length === 0) return null;
  const sorted = chronological(attempts);
  return sorted[sorted.length - 1]!;
}

export function currentStatus(attempts: readonly AttemptFacts[]): ContactStatus {
  if (callsMade(attempts) === 0) return NEW_STATUS;
  return latestAttempt(attempts)!.result;
}

/** Most frequent of failed/busy/no_response among the attempts; ties go to the one whose latest attempt is latest. */
export function dominantUnreachableResult(attempts: readonly AttemptFacts[]): UnreachableResult | null {
  const counts = new Map<UnreachableResult, { n: number; last: number }>();
  chronological(attempts).forEach((a, index) => {
    if (!isUnreachable(a.result)) return;
    const c = counts.get(a.result) ?? { n: 0, last: -1 };
    c.n++;
    c.last = index;
    counts.set(a.result, c);
  });
  let best: UnreachableResult | null = null;
  let bestN = 0;
  let bestLast = -1;
  for (const [result, c] of counts) {
    if (c.n > bestN || (c.n === bestN && c.last > bestLast)) {
      best = result;
      bestN = c.n;
      bestLast = c.last;
    }
  }
  return best;
}

export function deriveContactFacts(attempts: readonly AttemptFacts[], campaign: CampaignRules): ContactFacts {
  const counts: ContactCounts = {
    callsMade: callsMade(attempts),
    closed: isClosed(attempts),
    unreachableAttempts: unreachableAttempts(attempts),
  };
  return {
    ...counts,
    attemptsRemaining: attemptsRemainingFor(counts, campaign),
    flaggedBad: flaggedBadFor(counts, campaign.badAfter),
    currentStatus: currentStatus(attempts),
    dominantUnreachableResult: dominantUnreachableResult(attempts),
    stopReason: stopReasonFor(counts, campaign),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Lookup keys

/** Canonical contact id key: uppercase letters and digits only ("c-1042" -> "C1042"). */
export function contactIdKey(text: string): string {
  // ASCII fast path (the importer keys every contact)
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase().replace(/[^0-9A-Z]+/g, '');
  return text.normalize('NFC').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Keys to try for a typed contact id, in order: its key, and for digits-only input also "C" + digits. */
export function contactIdKeyCandidates(text: string): string[] {
  const key = contactIdKey(text);
  if (!key) return [];
  return /^[0-9]+$/.test(key) ? [key, `C${key}`] : [key];
}

/** All digits of a phone text ("+1 (555) 010-0142" -> "15550100142"). */
export function phoneDigits(text: string): string {
  return text.replace(/[^0-9]+/g, '');
}

/**
 * The stored side of phone matching: the digits without leading zeros, so that a number stored in national form
 * ("020 7946 0006") lines up with the international one ("+44 20 7946 0006") on the suffix rule.
 */
export function phoneMatchKey(text: string): string {
  return phoneDigits(text).replace(/^0+/, '');
}

/** The typed side of phone matching: the digits as typed, and without leading zeros ("00 44 20...", "0100142"). */
export function phoneQueryKeys(text: string): string[] {
  const digits = phoneDigits(text);
  const stripped = digits.replace(/^0+/, '');
  return [...new Set([digits, stripped])].filter(Boolean);
}

/** Shortest digit string allowed to match as a suffix of a longer one. */
export const PHONE_SUFFIX_MIN_DIGITS = 7;

function digitsMatch(x: string, y: string): boolean {
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= PHONE_SUFFIX_MIN_DIGITS && long.endsWith(short);
}

/**
 * Does a typed phone match a stored one? Some typed key (phoneQueryKeys) and the stored key (phoneMatchKey) are
 * equal, or one is a suffix of the other and the shorter has >= 7 digits (national vs international forms).
 */
export function phonesMatch(typed: string, stored: string): boolean {
  const key = phoneMatchKey(stored);
  return key !== '' && phoneQueryKeys(typed).some((q) => digitsMatch(q, key));
}

/**
 * Keys one edit away from `key` for digit-bearing ids: each digit replaced by another, adjacent characters
 * swapped, one character dropped, one digit inserted.
 */
export function keyVariants(key: string): string[] {
  const out = new Set<string>();
  const digits = '0123456789';
  for (let i = 0; i < key.length; i++) {
    if (/[0-9]/.test(key[i]!)) for (const d of digits) out.add(key.slice(0, i) + d + key.slice(i + 1));
    if (i + 1 < key.length) out.add(key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2));
    out.add(key.slice(0, i) + key.slice(i + 1));
  }
  for (let i = 0; i <= key.length; i++) {
    if (i === 0 || /[0-9]/.test(key[i - 1]!) || /[0-9]/.test(key[i] ?? '')) for (const d of digits) out.add(key.slice(0, i) + d + key.slice(i));
  }
  out.delete(key);
  out.delete('');
  return [...out];
}

export function reverseString(text: string): string {
  let out = '';
  for (let i = text.length - 1; i >= 0; i--) out += text[i];
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// ISO 8601

export interface ParsedDateTime {
  /** ms since the epoch; for texts without an offset, the wall time read as UTC. */
  ms: number;
  hasTime: boolean;
  hasOffset: boolean;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48; // NaN past the end
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Parses an ISO 8601 calendar date or date-time: "2024-03-01", "2024-03-01T14:05", "2024-03-01 14:05:09.5-06:00",
 * "2024-03-01T20:05:09Z", offsets as ±HH:MM, ±HHMM or ±HH. Null when not valid (including impossible dates such
 * as 2024-02-30). Hand-written rather than a regex: it runs for every attempt of an import.
 */
export function parseIsoDateTime(text: string): ParsedDateTime | null {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null; // '-'
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (n === 10) return { ms: Date.UTC(year, month - 1, day), hasTime: false, hasOffset: false };
  const sep = text.charCodeAt(10);
  if ((sep !== 84 && sep !== 116 && sep !== 32) || n < 16 || text.charCodeAt(13) !== 58) return null; // T t ' ' / ':'
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let pos = 16;
  let second = 0;
  let millis = 0;
  if (pos < n && text.charCodeAt(pos) === 58) {
    second = digitsAt(text, pos + 1, 2);
    if (second < 0 || second > 59 || pos + 3 > n) return null;
    pos += 3;
    const dot = text.charCodeAt(pos);
    if (pos < n && (dot === 46 || dot === 44)) {
      pos++;
      let fractionDigits = 0;
      let scale = 100;
      while (pos < n) {
        const c = text.charCodeAt(pos) - 48;
        if (!(c >= 0 && c <= 9)) break;
        millis += c * scale;
        scale /= 10;
        fractionDigits++;
        pos++;
      }
      if (fractionDigits === 0 || fractionDigits > 9) return null;
      millis = Math.floor(millis);
    }
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (pos === n) return { ms, hasTime: true, hasOffset: false };
  const zone = text.charCodeAt(pos);
  if (zone === 90 || zone === 122) return pos + 1 === n ? { ms, hasTime: true, hasOffset: true } : null; // Z z
  if (zone !== 43 && zone !== 45) return null; // + -
  const oh = digitsAt(text, pos + 1, 2);
  if (oh < 0 || oh > 23 || pos + 3 > n) return null;
  pos += 3;
  let om = 0;
  if (pos < n) {
    if (text.charCodeAt(pos) === 58) pos++;
    om = digitsAt(text, pos, 2);
    if (om < 0 || om > 59 || pos + 2 !== n) return null;
  }
  ms -= (zone === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  return { ms, hasTime: true, hasOffset: true };
}
