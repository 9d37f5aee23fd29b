/**
 * Writes the demo data set (data/demo/campaigns.csv, contacts.csv, attempts.csv) deterministically: a seeded
 * PRNG, no dependency, same bytes on every run. Usage: `npx tsx scripts/make-demo-data.ts [folder]`.
 *
 * Five campaigns (English and Spanish), 2,000 contacts and about 3,300 attempts with realistic timing: working days,
 * 9:00-20:00 campaign-local time, more answers in the afternoon, timestamps with the zone's real UTC offset. The
 * paused and running campaigns' calls stop on a day (lastCallDay) rather than tailing off, so their last week is a
 * full one for the week-over-week figures. Spring Renewals is no-response-heavy (mostly in the mornings: the best
 * time to call advises the afternoon) and its team changed course in its last week (no response falls, answers rise).
 * Fixed points the README and tests rely on:
 * - C-1042 (Spring Renewals, +1 (555) 010-0142): flagged bad (busy, canceled, no_response), 1 attempt remaining.
 * - +1 (555) 010-0177 is the phone of C-1077 (Spring Renewals) and of a Welcome Calls contact.
 *
 * The generator itself (draws, time zones, attempts, CSV) is shared with the benchmarks' synthetic data sets:
 * scripts/bench/callDataGenerator.ts.
 */
import * as path from 'node:path';
import { pad, writeCallData, type CampaignSpec, type CallDataRandom, type ContactDraft } from './bench/callDataGenerator';

const SEED = 20240301;

// ---------------------------------------------------------------------------------------------------------
// Campaigns

const CAMPAIGNS: CampaignSpec[] = [
  {
    id: 'CMP-SPRING', name: 'Spring Renewals', status: 'paused', maxAttempts: 3, badAfter: 2, pauseReason: 'out_of_minutes',
    startsAt: '2025-03-03', endsAt: '2025-04-30', timezone: 'America/New_York', language: 'en', country: 'US',
    contacts: 500, activeDays: 30, untouched: 0.12, workdays: true, lastCallDay: 24,
    weights: { completed: 24, no_response: 36, busy: 13, failed: 7, ivr: 18, incorrect_number: 5, canceled: 7 },
    change: { fromDay: 20, factors: { no_response: 0.65, completed: 1.35 } },
  },
  {
    id: 'CMP-COBRANZA', name: 'Cobranza Marzo', status: 'paused', maxAttempts: 4, badAfter: 2, pauseReason: 'system_failure',
    startsAt: '2025-03-01', endsAt: '2025-03-31', timezone: 'America/Mexico_City', language: 'es', country: 'MX',
    contacts: 450, activeDays: 17, untouched: 0.15, workdays: true, lastCallDay: 13,
    weights: { completed: 22, no_response: 24, busy: 12, failed: 18, ivr: 10, incorrect_number: 6, canceled: 8 },
  },
  {
    id: 'CMP-SUMMER', name: 'Summer Upsell', status: 'in_progress', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-06-02', endsAt: '2025-08-29', timezone: 'Europe/London', language: 'en', country: 'UK',
    contacts: 400, activeDays: 40, untouched: 0.18, workdays: true, lastCallDay: 34,
    weights: { completed: 34, no_response: 22, busy: 10, failed: 5, ivr: 18, incorrect_number: 5, canceled: 6 },
  },
  {
    id: 'CMP-ENCUESTA', name: 'Encuesta de Satisfacción', status: 'in_progress', maxAttempts: 2, badAfter: 2, pauseReason: '',
    startsAt: '2025-05-05', endsAt: '2025-07-31', timezone: 'Europe/Madrid', language: 'es', country: 'ES',
    contacts: 350, activeDays: 45, untouched: 0.15, workdays: true, lastCallDay: 39,
    weights: { completed: 38, no_response: 22, busy: 12, failed: 4, ivr: 12, incorrect_number: 5, canceled: 7 },
  },
  {
    id: 'CMP-WELCOME', name: 'Welcome Calls', status: 'finished', maxAttempts: 3, badAfter: 2, pauseReason: '',
    startsAt: '2025-01-06', endsAt: '2025-02-28', timezone: 'UTC', language: 'en', country: 'US',
    contacts: 300, activeDays: 38, untouched: 0.03, workdays: true,
    weights: { completed: 42, no_response: 20, busy: 10, failed: 5, ivr: 12, incorrect_number: 5, canceled: 6 },
  },
];

// ---------------------------------------------------------------------------------------------------------
// Phones

/** A fictional but realistic phone number for the n-th contact of a campaign, in one of the common formats. */
function phoneFor(campaign: CampaignSpec, n: number): string {
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
    default:
      throw new Error(`no demo phone numbers for ${campaign.country}`);
  }
}

// ---------------------------------------------------------------------------------------------------------

/** The demo's fixed points, drawn after the contact's own draws so that everything else stays as it was. */
function adjust(contact: ContactDraft, draws: CallDataRandom): void {
  const { campaign, n } = contact;
  if (contact.id === 'C-1042') {
    // the README's contact: flagged bad with one attempt remaining (canceled is not a call)
    contact.name = 'Laura Bennett';
    contact.phone = '+1 (555) 010-0142';
    contact.attempts = [draws.attemptAt(campaign, 3, 'busy'), draws.attemptAt(campaign, 5, 'canceled'), draws.attemptAt(campaign, 8, 'no_response')];
  }
  if (campaign.id === 'CMP-WELCOME' && n === 7) contact.phone = '+1 555 010 0177'; // = C-1077's phone, another campaign
}

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'data', 'demo'));
  const counts = await writeCallData(folder, {
    seed: SEED,
    campaigns: CAMPAIGNS,
    contactId: (k) => `C-${1001 + k}`,
    attemptId: (k) => `A-${100001 + k}`,
    phoneFor,
    adjust,
  });
  console.log(`wrote ${counts.campaigns} campaigns, ${counts.contacts} contacts, ${counts.attempts} attempts to ${folder}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
