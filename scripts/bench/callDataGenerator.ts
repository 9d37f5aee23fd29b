/**
 * The call-campaign data generator behind both `scripts/make-demo-data.ts` (the demo set) and the benchmarks'
 * synthetic sets (`syntheticData.ts`): campaigns, contacts and attempts in the import contract's CSV format,
 * deterministic (seeded PRNG, no dependency), written as a stream so that a million contacts take little memory.
 *
 * Realistic timing: weekdays, 9:00-20:00 campaign-local time, more answers in the afternoon, timestamps with the
 * zone's real UTC offset. The caller chooses the campaigns, the ids, the phone numbers, and may adjust a contact
 * after it is drawn (the demo's fixed points). A campaign may also opt into working-day offsets, a last day of
 * calls and a change of result mix from a given day (the demo's campaigns do; left out, the draws are as before).
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import type { AttemptResult, CampaignStatus, PauseReason } from '../../src/domain/statusKeys';
import { Random } from './prng';

// ---------------------------------------------------------------------------------------------------------
// Campaigns

export type Country = 'US' | 'MX' | 'UK' | 'ES' | 'CO';
export type Language = 'en' | 'es';

export interface CampaignSpec {
  id: string;
  name: string;
  status: CampaignStatus;
  maxAttempts: number;
  badAfter: number;
  /** Empty when not paused. */
  pauseReason: PauseReason | '';
  /** YYYY-MM-DD. */
  startsAt: string;
  endsAt: string;
  /** IANA time zone. */
  timezone: string;
  language: Language;
  country: Country;
  contacts: number;
  /** Days (from starts_at) during which calls were made. */
  activeDays: number;
  /** Share of contacts not reached yet (no attempt). */
  untouched: number;
  /** Base result weights; the hour of day shifts them (more answers in the afternoon). */
  weights: Partial<Record<AttemptResult, number>>;
  // Optional shaping, for the demo's campaigns (left out, the data is drawn as before):
  /** Day offsets count working days (Monday-Friday); without it, calendar days with a weekend day moved to the Monday. */
  workdays?: boolean;
  /** The last day offset with calls (the campaign was paused, or the data exported, that day): later calls are not made. */
  lastCallDay?: number;
  /** Something changed on day `fromDay` (the team moved calls to better hours...): from then on the result weights are multiplied by these. */
  change?: { fromDay: number; factors: Partial<Record<AttemptResult, number>> };
}

// ---------------------------------------------------------------------------------------------------------
// Time zones: local wall time -> ISO 8601 with the zone's offset at that instant

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Offsets by zone and 15-minute UTC bucket. Every offset change of the time zone database falls on a quarter hour
 * (UTC), so an offset is constant within a bucket and the memo gives exactly what Intl gives, 50x faster.
 */
const offsetMemo = new Map<string, Map<number, number>>();
const QUARTER_HOUR_MS = 15 * 60_000;

/** Offset of `timeZone` at instant `ms`, in minutes east of UTC. */
function offsetMinutes(timeZone: string, ms: number): number {
  let memo = offsetMemo.get(timeZone);
  if (!memo) {
    memo = new Map();
    offsetMemo.set(timeZone, memo);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR_MS);
  let offset = memo.get(bucket);
  if (offset === undefined) {
    offset = intlOffsetMinutes(timeZone, ms);
    memo.set(bucket, offset);
  }
  return offset;
}

function intlOffsetMinutes(timeZone: string, ms: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts['year']!, +parts['month']! - 1, +parts['day']!, +parts['hour']!, +parts['minute']!, +parts['second']!);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 of a campaign-local wall time, with the zone's offset ("2025-03-10T15:42:10-04:00", or Z for UTC). */
export function zonedIso(timeZone: string, y: number, mo: number, d: number, h: number, mi: number, s: number): { iso: string; ms: number } {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let ms = wall - offsetMinutes(timeZone, wall) * 60000;
  ms = wall - offsetMinutes(timeZone, ms) * 60000;
  const off = offsetMinutes(timeZone, ms);
  const zone = off === 0 && timeZone === 'UTC' ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return { iso: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`, ms };
}

// ---------------------------------------------------------------------------------------------------------
// People

const EN_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Emily', 'Matthew', 'Olivia', 'Anthony',
  'Grace', 'Mark', 'Chloe', 'Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava', 'Jack', 'Sophie', 'Noah', 'Lily', 'Ethan', 'Hannah'];
const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore',
  'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Evans', 'Roberts',
  'Hughes', 'Edwards', 'Green', 'Baker', "O'Connor", 'Patel', 'Cooper', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Collins'];
const ES_FIRST = ['José', 'María', 'Juan', 'Guadalupe', 'Luis', 'Carmen', 'Carlos', 'Lucía', 'Javier', 'Sofía', 'Miguel', 'Ana', 'Jorge',
  'Isabel', 'Alejandro', 'Valentina', 'Fernando', 'Ximena', 'Ricardo', 'Paula', 'Andrés', 'Elena', 'Raúl', 'Begoña', 'Sergio', 'Pilar',
  'Héctor', 'Rocío', 'Diego', 'Marisol', 'Iñaki', 'Nuria', 'Álvaro', 'Mónica', 'Jesús', 'Verónica', 'Óscar', 'Daniela'];
const ES_LAST = ['García', 'Martínez', 'López', 'Hernández', 'González', 'Rodríguez', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores',
  'Rivera', 'Gómez', 'Díaz', 'Reyes', 'Cruz', 'Morales', 'Ortiz', 'Gutiérrez', 'Chávez', 'Ruiz', 'Jiménez', 'Fernández', 'Muñoz',
  'Álvarez', 'Romero', 'Navarro', 'Domínguez', 'Vázquez', 'Castillo', 'Ibáñez', 'Peña', 'Herrera', 'Medina', 'Aguilar', 'Núñez'];

// ---------------------------------------------------------------------------------------------------------
// Attempts

const ERRORS = ['SIP 503 Service Unavailable', 'SIP 480 Temporarily Unavailable', 'SIP 408 Request Timeout', 'Carrier network error', 'SIP 500 Server Internal Error'];
const HOUR_WEIGHTS = { '9': 6, '10': 9, '11': 10, '12': 9, '13': 7, '14': 11, '15': 12, '16': 12, '17': 11, '18': 8, '19': 5 };

export interface GeneratedAttempt {
  result: AttemptResult;
  iso: string;
  ms: number;
  durationS: number | null;
  error: string | null;
}

const isWeekend = (t: number): boolean => [0, 6].includes(new Date(t).getUTCDay());

/**
 * Day `offset` of a campaign starting on `start` (YYYY-MM-DD): the offset-th working day when `workdays`, else
 * `offset` calendar days later, a weekend day moved to the Monday after.
 */
function workday(start: string, offset: number, workdays: boolean): { y: number; m: number; d: number } {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  let t = Date.UTC(y, m - 1, d);
  if (workdays) {
    while (isWeekend(t)) t += 86_400_000;
    for (let left = offset; left > 0; ) {
      t += 86_400_000;
      if (!isWeekend(t)) left--;
    }
  } else {
    t += offset * 86_400_000;
    while (isWeekend(t)) t += 86_400_000;
  }
  const date = new Date(t);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** Result weights at a local hour of a day: answers peak in the afternoon, no answer in the morning and at lunch. */
function weightsAt(campaign: CampaignSpec, hour: number, dayOffset: number): Partial<Record<AttemptResult, number>> {
  const w = { ...campaign.weights };
  if (campaign.change && dayOffset >= campaign.change.fromDay) {
    for (const [result, factor] of Object.entries(campaign.change.factors) as [AttemptResult, number][]) w[result] = (w[result] ?? 0) * factor;
  }
  const afternoon = hour >= 14 && hour <= 18;
  const morning = hour < 11;
  if (afternoon) w.completed = (w.completed ?? 0) * 1.6;
  if (morning) {
    w.completed = (w.completed ?? 0) * 0.6;
    w.no_response = (w.no_response ?? 0) * 1.3;
    w.ivr = (w.ivr ?? 0) * 1.3;
  }
  if (hour === 13) w.busy = (w.busy ?? 0) * 1.5;
  return w;
}

/** The draws of one data set, all from one seeded sequence (the order of the draws is part of the output). */
export class CallDataRandom {
  readonly random: Random;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  personName(language: Language): string {
    const r = this.random;
    if (language === 'en') return `${r.pick(EN_FIRST)} ${r.pick(EN_LAST)}`;
    // Spanish names often carry both surnames
    return r.next() < 0.6 ? `${r.pick(ES_FIRST)} ${r.pick(ES_LAST)} ${r.pick(ES_LAST)}` : `${r.pick(ES_FIRST)} ${r.pick(ES_LAST)}`;
  }

  /** Local hour of a call, 9..19, more in the afternoon. */
  private localHour(): number {
    return Number(this.random.weighted<string>(HOUR_WEIGHTS));
  }

  /** One attempt on day `dayOffset` of the campaign (weekends skipped); the result is drawn unless given. */
  attemptAt(campaign: CampaignSpec, dayOffset: number, result?: AttemptResult): GeneratedAttempt {
    const r = this.random;
    const { y, m, d } = workday(campaign.startsAt, dayOffset, campaign.workdays ?? false);
    const hour = this.localHour();
    const { iso, ms } = zonedIso(campaign.timezone, y, m, d, hour, r.int(0, 59), r.int(0, 59));
    const res = result ?? r.weighted(weightsAt(campaign, hour, dayOffset));
    let durationS: number | null = null;
    let error: string | null = null;
    if (res === 'completed') durationS = r.int(35, 540);
    else if (res === 'ivr') durationS = r.int(8, 55);
    else if (res === 'incorrect_number') durationS = r.int(3, 20);
    else if (res === 'no_response') durationS = r.next() < 0.5 ? null : r.int(25, 45);
    else if (res === 'busy') durationS = r.next() < 0.5 ? null : 0;
    else if (res === 'failed') error = r.pick(ERRORS);
    return { result: res, iso, ms, durationS, error };
  }

  /** A contact's attempts: calls until closed, out of attempts, or the campaign stopped reaching it. */
  attemptsFor(campaign: CampaignSpec): GeneratedAttempt[] {
    const r = this.random;
    if (r.next() < campaign.untouched) return [];
    // how many calls this contact got before the data cut (paused/in-progress campaigns stop early)
    const budget = campaign.status === 'finished' ? campaign.maxAttempts : Math.max(r.int(1, campaign.maxAttempts), r.int(2, campaign.maxAttempts));
    const out: GeneratedAttempt[] = [];
    let day = r.int(0, Math.max(0, campaign.activeDays - 6));
    let calls = 0;
    while (calls < budget) {
      if (campaign.lastCallDay !== undefined && day > campaign.lastCallDay) break;
      const a = this.attemptAt(campaign, day);
      out.push(a);
      if (a.result !== 'canceled') calls++;
      if (a.result === 'completed' || a.result === 'incorrect_number') break;
      day += r.int(1, 3);
      if (day > campaign.activeDays) break;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// CSV, streamed

export type CsvValue = string | number | null;

function csvField(value: CsvValue): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

const CHUNK_CHARS = 1 << 20;

/** Buffers rows into ~1 MB chunks for a write stream; the generator waits for `drain` when the stream is full. */
export class CsvFileWriter {
  private readonly stream: fs.WriteStream;
  private buffer = '';
  private full = false;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = fs.createWriteStream(file);
  }

  row(values: readonly CsvValue[]): void {
    this.buffer += csvLine(values);
    if (this.buffer.length >= CHUNK_CHARS) this.flush();
  }

  /** True when the caller should `await drain()` before writing more. */
  get mustWait(): boolean {
    return this.full;
  }

  async drain(): Promise<void> {
    if (!this.full) return;
    await once(this.stream, 'drain');
    this.full = false;
  }

  async close(): Promise<void> {
    this.flush();
    this.stream.end();
    await finished(this.stream);
  }

  /** Closes without waiting for the data (after a failure). */
  destroy(): void {
    this.stream.destroy();
  }

  private flush(): void {
    if (!this.buffer) return;
    const chunk = this.buffer;
    this.buffer = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) this.full = true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// A data set

/** One contact as drawn, before it is written (an `adjust` hook may change any of it). */
export interface ContactDraft {
  id: string;
  campaign: CampaignSpec;
  /** Index within its campaign (0-based). */
  n: number;
  /** Index within the data set (0-based). */
  k: number;
  name: string;
  phone: string;
  attempts: GeneratedAttempt[];
}

export interface GenerateOptions {
  seed: number;
  campaigns: readonly CampaignSpec[];
  contactId(k: number): string;
  attemptId(k: number): string;
  phoneFor(campaign: CampaignSpec, n: number, k: number): string;
  /** Changes a drawn contact before it is written; draws from `draws` continue the data set's sequence. */
  adjust?(contact: ContactDraft, draws: CallDataRandom): void;
  /** Sees every contact as written (attempts in chronological order), e.g. to sample some. */
  onContact?(contact: Readonly<ContactDraft>): void;
}

export interface GeneratedCounts {
  campaigns: number;
  contacts: number;
  attempts: number;
  bytes: number;
}

export const CAMPAIGNS_HEADER = ['campaign_id', 'name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'];
export const CONTACTS_HEADER = ['contact_id', 'campaign_id', 'name', 'phone'];
export const ATTEMPTS_HEADER = ['attempt_id', 'contact_id', 'started_at', 'result', 'duration_s', 'error'];

/** Contacts between two yields to the event loop (so Ctrl+C and stream writes get their turn). */
const YIELD_EVERY = 5000;

/** Writes campaigns.csv, contacts.csv and attempts.csv into `folder` (created if needed). */
export async function writeCallData(folder: string, options: GenerateOptions): Promise<GeneratedCounts> {
  fs.mkdirSync(folder, { recursive: true });
  const draws = new CallDataRandom(options.seed);
  const campaignsCsv = new CsvFileWriter(path.join(folder, 'campaigns.csv'));
  const contactsCsv = new CsvFileWriter(path.join(folder, 'contacts.csv'));
  const attemptsCsv = new CsvFileWriter(path.join(folder, 'attempts.csv'));
  const writers = [campaignsCsv, contactsCsv, attemptsCsv];
  try {
    campaignsCsv.row(CAMPAIGNS_HEADER);
    for (const c of options.campaigns) {
      campaignsCsv.row([c.id, c.name, c.status, c.maxAttempts, c.badAfter, c.pauseReason || null, c.startsAt, c.endsAt, c.timezone]);
    }
    contactsCsv.row(CONTACTS_HEADER);
    attemptsCsv.row(ATTEMPTS_HEADER);
    let k = 0;
    let attempts = 0;
    for (const campaign of options.campaigns) {
      for (let n = 0; n < campaign.contacts; n++, k++) {
        const contact: ContactDraft = {
          id: options.contactId(k),
          campaign,
          n,
          k,
          phone: options.phoneFor(campaign, n, k),
          name: draws.personName(campaign.language),
          attempts: draws.attemptsFor(campaign),
        };
        options.adjust?.(contact, draws);
        contactsCsv.row([contact.id, campaign.id, contact.name, contact.phone]);
        contact.attempts.sort((a, b) => a.ms - b.ms);
        for (const a of contact.attempts) attemptsCsv.row([options.attemptId(attempts++), contact.id, a.iso, a.result, a.durationS, a.error]);
        options.onContact?.(contact);
        for (const w of writers) if (w.mustWait) await w.drain();
        if (k % YIELD_EVERY === YIELD_EVERY - 1) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    for (const w of writers) await w.close();
    return { campaigns: options.campaigns.length, contacts: k, attempts, bytes: writers.reduce((s, w) => s + w.bytes, 0) };
  } catch (err) {
    for (const w of writers) w.destroy();
    throw err;
  }
}
