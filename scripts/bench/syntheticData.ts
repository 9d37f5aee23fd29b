/**
 * Synthetic campaign data sets of any size for the benchmarks: eight campaigns (English and Spanish; US, UK,
 * Mexico, Spain, Colombia; five time zones; paused, in progress and finished) with their own result mixes, about
 * two attempts per contact, every phone number unique. Written as a stream by callDataGenerator.ts, so a million
 * contacts take a few MB of memory; a uniform sample of the contacts is kept to ask questions about.
 */
import { pad, writeCallData, type CampaignSpec, type Country, type GeneratedCounts } from './callDataGenerator';
import { Random, Reservoir } from './prng';

/** A campaign of the synthetic sets, without its size: `share` of the contacts go to it. */
type CampaignTemplate = Omit<CampaignSpec, 'contacts'> & { share: number };

const TEMPLATES: readonly CampaignTemplate[] = [
  {
    id: 'CMP-SPRING', name: 'Spring Renewals', status: 'paused', maxAttempts: 4, badAfter: 2, pauseReason: 'out_of_minutes',
    startsAt: '2025-03-03', endsAt: '2025-04-30', timezone: 'America/New_York', language: 'en', country: 'US',
    share: 0.18, activeDays: 30, untouched: 0.08,
    weights: { completed: 27, no_response: 23, busy: 13, failed: 7, ivr: 18, incorrect_number: 5, canceled: 7 },
  },
  {
    id: 'CMP-COBRANZA', name: 'Cobranza Marzo', status: 'paused', maxAttempts: 5, badAfter: 3, pauseReason: 'system_failure',
    startsAt: '2025-03-03', endsAt: '2025-03-31', timezone: 'America/Mexico_City', language: 'es', country: 'MX',
    share: 0.16, activeDays: 19, untouched: 0.1,
    weights: { completed: 20, no_response: 26, busy: 12, failed: 18, ivr: 10, incorrect_number: 6, canceled: 8 },
  },
  {
    id: 'CMP-SUMMER', name: 'Summer Upsell', status: 'in_progress', maxAttempts: 4, badAfter: 2, pauseReason: '',
    startsAt: '2025-06-02', endsAt: '2025-08-29', timezone: 'Europe/London', language: 'en', country: 'UK',
    share: 0.14, activeDays: 40, untouched: 0.12,
    weights: { completed: 30, no_response: 24, busy: 10, failed: 5, ivr: 20, incorrect_number: 5, canceled: 6 },
  },
  {
    id: 'CMP-ENCUESTA', name: 'Encuesta de Satisfacción', status: 'in_progress', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-05-05', endsAt: '2025-07-31', timezone: 'Europe/Madrid', language: 'es', country: 'ES',
    share: 0.12, activeDays: 45, untouched: 0.1,
    weights: { completed: 34, no_response: 24, busy: 12, failed: 4, ivr: 12, incorrect_number: 7, canceled: 7 },
  },
  {
    id: 'CMP-WELCOME', name: 'Welcome Calls', status: 'finished', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-01-06', endsAt: '2025-02-28', timezone: 'UTC', language: 'en', country: 'US',
    share: 0.1, activeDays: 50, untouched: 0.02,
    weights: { completed: 42, no_response: 20, busy: 10, failed: 5, ivr: 12, incorrect_number: 5, canceled: 6 },
  },
  {
    id: 'CMP-CITAS', name: 'Recordatorio de Citas', status: 'in_progress', maxAttempts: 4, badAfter: 2, pauseReason: '',
    startsAt: '2025-04-07', endsAt: '2025-06-27', timezone: 'America/Bogota', language: 'es', country: 'CO',
    share: 0.12, activeDays: 35, untouched: 0.06,
    weights: { completed: 38, no_response: 22, busy: 9, failed: 6, ivr: 9, incorrect_number: 9, canceled: 7 },
  },
  {
    id: 'CMP-DONATIONS', name: 'Holiday Donations', status: 'finished', maxAttempts: 4, badAfter: 3, pauseReason: '',
    startsAt: '2024-11-04', endsAt: '2024-12-20', timezone: 'America/Los_Angeles', language: 'en', country: 'US',
    share: 0.1, activeDays: 33, untouched: 0.04,
    weights: { completed: 25, no_response: 30, busy: 11, failed: 4, ivr: 22, incorrect_number: 3, canceled: 5 },
  },
  {
    id: 'CMP-POLIZAS', name: 'Renovación de Pólizas', status: 'paused', maxAttempts: 4, badAfter: 2, pauseReason: 'manual',
    startsAt: '2025-02-03', endsAt: '2025-04-25', timezone: 'America/Mexico_City', language: 'es', country: 'MX',
    share: 0.08, activeDays: 28, untouched: 0.15,
    weights: { completed: 29, no_response: 21, busy: 14, failed: 9, ivr: 13, incorrect_number: 8, canceled: 6 },
  },
];

/** The eight campaigns with `total` contacts shared out among them (exactly `total`). */
export function syntheticCampaigns(total: number): CampaignSpec[] {
  let assigned = 0;
  return TEMPLATES.map(({ share, ...template }, i) => {
    const contacts = i === TEMPLATES.length - 1 ? total - assigned : Math.floor(total * share);
    assigned += contacts;
    return { ...template, contacts };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Phones: every contact gets its own last seven digits, so no two contacts match the same phone question

/** 10^7 and a multiplier coprime with it: k -> (k * A + B) mod 10^7 is a permutation of the 7-digit numbers. */
const SUBSCRIBERS = 10_000_000;
const SPREAD = 3_141_593;
export const MAX_SYNTHETIC_CONTACTS = SUBSCRIBERS;

function subscriber(k: number): string {
  return pad((k * SPREAD + 1_234_567) % SUBSCRIBERS, 7);
}

/** National number (without the country code) from 7 unique digits `u`. */
function nationalNumber(country: Country, u: string): { cc: string; nsn: string } {
  switch (country) {
    case 'US':
      return { cc: '1', nsn: `555${u}` }; // fictional 555 numbers
    case 'UK':
      return { cc: '44', nsn: `207${u}` }; // London 020 7xxx xxxx
    case 'MX':
      return { cc: '52', nsn: `555${u}` }; // Mexico City 55 5xxx xxxx
    case 'ES':
      return { cc: '34', nsn: `61${u}` }; // mobile 61x xxx xxx
    case 'CO':
      return { cc: '57', nsn: `300${u}` }; // mobile 300 xxx xxxx
  }
}

/** The phone as stored, in one of the formats people use for that country (with or without the country code). */
function storedPhone(country: Country, k: number, style: number): string {
  const { cc, nsn } = nationalNumber(country, subscriber(k));
  switch (country) {
    case 'US': {
      const [a, b, c] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
      return [`+1 (${a}) ${b}-${c}`, `+1-${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `+1 ${a} ${b} ${c}`][style % 4]!;
    }
    case 'UK':
      return style % 3 === 2 ? `0${nsn.slice(0, 2)} ${nsn.slice(2, 6)} ${nsn.slice(6)}` : `+${cc} ${nsn.slice(0, 2)} ${nsn.slice(2, 6)} ${nsn.slice(6)}`;
    case 'MX':
      return style % 2 === 1 ? `+${cc} (${nsn.slice(0, 2)}) ${nsn.slice(2, 6)}-${nsn.slice(6)}` : `+${cc} ${nsn.slice(0, 2)} ${nsn.slice(2, 6)} ${nsn.slice(6)}`;
    case 'ES':
      return style % 2 === 1
        ? `${nsn.slice(0, 3)} ${nsn.slice(3, 5)} ${nsn.slice(5, 7)} ${nsn.slice(7)}`
        : `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`;
    case 'CO':
      return style % 3 === 1 ? `${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}` : `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`;
  }
}

/** The same phone as a user would type it in a question: international, grouped differently from most stored forms. */
function spokenPhone(country: Country, k: number): string {
  const { cc, nsn } = nationalNumber(country, subscriber(k));
  return `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`;
}

// ---------------------------------------------------------------------------------------------------------
// A data set

/** A contact to ask about. */
export interface SampledContact {
  id: string;
  campaignName: string;
  /** Its phone as a question would give it (not the stored format). */
  phone: string;
}

export interface SyntheticDataSet extends GeneratedCounts {
  folder: string;
  campaignNames: string[];
  sample: readonly SampledContact[];
  seconds: number;
}

export interface SyntheticOptions {
  /** Default 20250314. */
  seed?: number;
  /** Contacts kept to ask about (a uniform sample; default 2000). */
  sampleSize?: number;
}

export const syntheticContactId = (k: number): string => `C-${k + 1}`;

/** Writes a synthetic set of `contacts` contacts as campaigns.csv, contacts.csv and attempts.csv into `folder`. */
export async function writeSyntheticDataSet(folder: string, contacts: number, options: SyntheticOptions = {}): Promise<SyntheticDataSet> {
  if (!Number.isInteger(contacts) || contacts < TEMPLATES.length || contacts > MAX_SYNTHETIC_CONTACTS) {
    throw new RangeError(`contacts must be a whole number from ${TEMPLATES.length} to ${MAX_SYNTHETIC_CONTACTS}, got ${contacts}`);
  }
  const seed = options.seed ?? 20250314;
  const campaigns = syntheticCampaigns(contacts);
  const reservoir = new Reservoir<SampledContact>(options.sampleSize ?? 2000, new Random(seed ^ 0x5bd1e995));
  const started = process.hrtime.bigint();
  const counts = await writeCallData(folder, {
    seed,
    campaigns,
    contactId: syntheticContactId,
    attemptId: (k) => `A-${k + 1}`,
    phoneFor: (campaign, n, k) => storedPhone(campaign.country, k, n),
    onContact: (c) => reservoir.offer({ id: c.id, campaignName: c.campaign.name, phone: spokenPhone(c.campaign.country, c.k) }),
  });
  return {
    ...counts,
    folder,
    campaignNames: campaigns.map((c) => c.name),
    sample: reservoir.sample,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
