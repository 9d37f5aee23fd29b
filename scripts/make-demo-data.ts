/**
 * Writes the demo data set (data/demo/campaigns.csv, contacts.csv, attempts.csv) deterministically: a seeded
 * PRNG, no dependency, same bytes on every run. Usage: `npx tsx scripts/make-demo-data.ts [folder]`.
 *
 * Five campaigns (English and Spanish), about 2,000 contacts and 4,000 attempts with realistic timing: weekdays,
 * 9:00-20:00 campaign-local time, more answers in the afternoon, timestamps with the zone's real UTC offset.
 * Fixed points the README and tests rely on:
 * - C-1042 (Spring Renewals, +1 (555) 010-0142): flagged bad (busy, canceled, no_response), 1 attempt remaining.
 * - +1 (555) 010-0177 is the phone of C-1077 (Spring Renewals) and of a Welcome Calls contact.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AttemptResult } from '../src/core/statusKeys';

// ---------------------------------------------------------------------------------------------------------
// PRNG (mulberry32)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20240301);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function weighted<T extends string>(weights: Partial<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

// ---------------------------------------------------------------------------------------------------------
// Time zones: local wall time -> ISO 8601 with the zone's offset at that instant

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` at instant `ms`, in minutes east of UTC. */
function offsetMinutes(timeZone: string, ms: number): number {
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

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 of a campaign-local wall time, with the zone's offset ("2025-03-10T15:42:10-04:00", or Z for UTC). */
function zonedIso(timeZone: string, y: number, mo: number, d: number, h: number, mi: number, s: number): { iso: string; ms: number } {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let ms = wall - offsetMinutes(timeZone, wall) * 60000;
  ms = wall - offsetMinutes(timeZone, ms) * 60000;
  const off = offsetMinutes(timeZone, ms);
  const zone = off === 0 && timeZone === 'UTC' ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return { iso: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${zone}`, ms };
}

// ---------------------------------------------------------------------------------------------------------
// Campaigns

interface DemoCampaign {
  id: string;
  name: string;
  status: string;
  maxAttempts: number;
  badAfter: number;
  pauseReason: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  language: 'en' | 'es';
  country: 'US' | 'MX' | 'UK' | 'ES';
  contacts: number;
  /** Days (from starts_at) during which calls were made. */
  activeDays: number;
  /** Share of contacts not reached yet (no attempt). */
  untouched: number;
  /** Base result weights; the hour of day shifts them (more answers in the afternoon). */
  weights: Partial<Record<AttemptResult, number>>;
}

const CAMPAIGNS: DemoCampaign[] = [
  {
    id: 'CMP-SPRING', name: 'Spring Renewals', status: 'paused', maxAttempts: 3, badAfter: 2, pauseReason: 'out_of_minutes',
    startsAt: '2025-03-03', endsAt: '2025-04-30', timezone: 'America/New_York', language: 'en', country: 'US',
    contacts: 500, activeDays: 30, untouched: 0.12,
    weights: { completed: 27, no_response: 23, busy: 13, failed: 7, ivr: 18, incorrect_number: 5, canceled: 7 },
  },
  {
    id: 'CMP-COBRANZA', name: 'Cobranza Marzo', status: 'paused', maxAttempts: 4, badAfter: 2, pauseReason: 'system_failure',
    startsAt: '2025-03-01', endsAt: '2025-03-31', timezone: 'America/Mexico_City', language: 'es', country: 'MX',
    contacts: 450, activeDays: 17, untouched: 0.15,
    weights: { completed: 22, no_response: 24, busy: 12, failed: 18, ivr: 10, incorrect_number: 6, canceled: 8 },
  },
  {
    id: 'CMP-SUMMER', name: 'Summer Upsell', status: 'in_progress', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-06-02', endsAt: '2025-08-29', timezone: 'Europe/London', language: 'en', country: 'UK',
    contacts: 400, activeDays: 40, untouched: 0.18,
    weights: { completed: 34, no_response: 22, busy: 10, failed: 5, ivr: 18, incorrect_number: 5, canceled: 6 },
  },
  {
    id: 'CMP-ENCUESTA', name: 'Encuesta de Satisfacción', status: 'in_progress', maxAttempts: 2, badAfter: 2, pauseReason: '',
    startsAt: '2025-05-05', endsAt: '2025-07-31', timezone: 'Europe/Madrid', language: 'es', country: 'ES',
    contacts: 350, activeDays: 45, untouched: 0.15,
    weights: { completed: 38, no_response: 22, busy: 12, failed: 4, ivr: 12, incorrect_number: 5, canceled: 7 },
  },
  {
    id: 'CMP-WELCOME', name: 'Welcome Calls', status: 'finished', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-01-06', endsAt: '2025-02-28', timezone: 'UTC', language: 'en', country: 'US',
    contacts: 300, activeDays: 50, untouched: 0.03,
    weights: { completed: 42, no_response: 20, busy: 10, failed: 5, ivr: 12, incorrect_number: 5, canceled: 6 },
  },
];

// ---------------------------------------------------------------------------------------------------------
// People and phones

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

function personName(language: 'en' | 'es'): string {
  if (language === 'en') return `${pick(EN_FIRST)} ${pick(EN_LAST)}`;
  // Spanish names often carry both surnames
  return random() < 0.6 ? `${pick(ES_FIRST)} ${pick(ES_LAST)} ${pick(ES_LAST)}` : `${pick(ES_FIRST)} ${pick(ES_LAST)}`;
}

/** A fictional but realistic phone number for the n-th contact of a campaign, in one of the common formats. */
function phoneFor(campaign: DemoCampaign, n: number): string {
  const style = n % 4;
  switch (campaign.country) {
    case 'US': {
      // NANP fictional numbers: 555-01XX style; Spring uses exchange 010, Welcome 011
      const exchange = campaign.id === 'CMP-WELCOME' ? '011' : '010';
      const line = pad(101 + n, 4); // C-1042 (n = 41) -> 0142
      if (style === 0) return `+1 (555) ${exchange}-${line}`;
      if (style === 1) return `+1-555-${exchange}-${line}`;
      if (style === 2) return `(555) ${exchange}-${line}`;
      return `+1 555 ${exchange} ${line}`;
    }
    case 'UK': {
      // Ofcom drama numbers: 020 7946 0000-0999
      const line = pad(n, 4);
      return style === 2 ? `020 7946 ${line}` : `+44 20 7946 ${line}`;
    }
    case 'MX': {
      const a = pad(1000 + ((n * 37) % 9000), 4);
      const b = pad(2000 + ((n * 53) % 8000), 4);
      return style === 1 ? `+52 (55) ${a}-${b}` : `+52 55 ${a} ${b}`;
    }
    case 'ES': {
      const a = pad(100 + ((n * 29) % 900), 3);
      const b = pad((n * 71) % 10000, 4);
      return style === 1 ? `+34 6${pad(n % 100)} ${a} ${b.slice(0, 3)}` : `+34 91 ${a} ${b.slice(0, 2)} ${b.slice(2)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Attempts

const ERRORS = ['SIP 503 Service Unavailable', 'SIP 480 Temporarily Unavailable', 'SIP 408 Request Timeout', 'Carrier network error', 'SIP 500 Server Internal Error'];

interface DemoAttempt {
  result: AttemptResult;
  iso: string;
  ms: number;
  durationS: number | null;
  error: string | null;
}

/** Day `offset` after `start` (YYYY-MM-DD), skipping weekends. */
function workday(start: string, offset: number): { y: number; m: number; d: number } {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  let t = Date.UTC(y, m - 1, d) + offset * 86_400_000;
  while ([0, 6].includes(new Date(t).getUTCDay())) t += 86_400_000;
  const date = new Date(t);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** Result weights at a local hour: answers peak in the afternoon, no answer in the morning and at lunch. */
function weightsAt(campaign: DemoCampaign, hour: number): Partial<Record<AttemptResult, number>> {
  const w = { ...campaign.weights };
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

/** Local hour of a call, 9..19, more in the afternoon. */
function localHour(): number {
  return Number(weighted<string>({ '9': 6, '10': 9, '11': 10, '12': 9, '13': 7, '14': 11, '15': 12, '16': 12, '17': 11, '18': 8, '19': 5 }));
}

function attemptAt(campaign: DemoCampaign, dayOffset: number, result?: AttemptResult): DemoAttempt {
  const { y, m, d } = workday(campaign.startsAt, dayOffset);
  const hour = localHour();
  const { iso, ms } = zonedIso(campaign.timezone, y, m, d, hour, int(0, 59), int(0, 59));
  const r = result ?? weighted(weightsAt(campaign, hour));
  let durationS: number | null = null;
  let error: string | null = null;
  if (r === 'completed') durationS = int(35, 540);
  else if (r === 'ivr') durationS = int(8, 55);
  else if (r === 'incorrect_number') durationS = int(3, 20);
  else if (r === 'no_response') durationS = random() < 0.5 ? null : int(25, 45);
  else if (r === 'busy') durationS = random() < 0.5 ? null : 0;
  else if (r === 'failed') error = pick(ERRORS);
  return { result: r, iso, ms, durationS, error };
}

/** A contact's attempts: calls until closed, out of attempts, or the campaign stopped reaching it. */
function attemptsFor(campaign: DemoCampaign): DemoAttempt[] {
  if (random() < campaign.untouched) return [];
  // how many calls this contact got before the data cut (paused/in-progress campaigns stop early)
  const budget = campaign.status === 'finished' ? campaign.maxAttempts : Math.max(int(1, campaign.maxAttempts), int(2, campaign.maxAttempts));
  const out: DemoAttempt[] = [];
  let day = int(0, Math.max(0, campaign.activeDays - 6));
  let calls = 0;
  while (calls < budget) {
    const a = attemptAt(campaign, day);
    out.push(a);
    if (a.result !== 'canceled') calls++;
    if (a.result === 'completed' || a.result === 'incorrect_number') break;
    day += int(1, 3);
    if (day > campaign.activeDays) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// CSV

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

// ---------------------------------------------------------------------------------------------------------

function main(): void {
  const folder = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'data', 'demo'));
  fs.mkdirSync(folder, { recursive: true });

  let campaignsCsv = csvLine(['campaign_id', 'name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone']);
  for (const c of CAMPAIGNS) {
    campaignsCsv += csvLine([c.id, c.name, c.status, c.maxAttempts, c.badAfter, c.pauseReason || null, c.startsAt, c.endsAt, c.timezone]);
  }

  let contactsCsv = csvLine(['contact_id', 'campaign_id', 'name', 'phone']);
  let attemptsCsv = csvLine(['attempt_id', 'contact_id', 'started_at', 'result', 'duration_s', 'error']);
  let contactNo = 1001;
  let attemptNo = 100001;
  let contacts = 0;
  let attempts = 0;
  for (const campaign of CAMPAIGNS) {
    for (let n = 0; n < campaign.contacts; n++) {
      const id = `C-${contactNo++}`;
      let phone = phoneFor(campaign, n);
      let name = personName(campaign.language);
      let list = attemptsFor(campaign);
      if (id === 'C-1042') {
        // the README's contact: flagged bad with one attempt remaining (canceled is not a call)
        name = 'Laura Bennett';
        phone = '+1 (555) 010-0142';
        list = [attemptAt(campaign, 3, 'busy'), attemptAt(campaign, 5, 'canceled'), attemptAt(campaign, 8, 'no_response')];
      }
      if (campaign.id === 'CMP-WELCOME' && n === 7) phone = '+1 555 010 0177'; // = C-1077's phone, another campaign
      contactsCsv += csvLine([id, campaign.id, name, phone]);
      contacts++;
      list.sort((a, b) => a.ms - b.ms);
      for (const a of list) {
        attemptsCsv += csvLine([`A-${attemptNo++}`, id, a.iso, a.result, a.durationS, a.error]);
        attempts++;
      }
    }
  }

  fs.writeFileSync(path.join(folder, 'campaigns.csv'), campaignsCsv);
  fs.writeFileSync(path.join(folder, 'contacts.csv'), contactsCsv);
  fs.writeFileSync(path.join(folder, 'attempts.csv'), attemptsCsv);
  console.log(`wrote ${CAMPAIGNS.length} campaigns, ${contacts} contacts, ${attempts} attempts to ${folder}`);
}

main();
