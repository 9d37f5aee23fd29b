/**
 * The list part of npm run bench:data: contact and campaign list questions through the bot (one turn each), and the
 * CSV export of the largest campaign's list, written row by row to a sink that drops the bytes (as a socket would send
 * them), timed, with the process's RSS sampled during the export to check it stays flat.
 */
import { Writable } from 'node:stream';
import type { ListQueries } from '../../src/data/lists';
import type { Campaign } from '../../src/data/types';
import { csvPieces } from '../../src/http/listExport';
import type { BotDriver } from './botDriver';
import { msSince, summarize, type LatencySummary } from './percentiles';
import type { Random } from './prng';

export const LIST_TARGETS = { listP99Ms: 50, exportRows: 100_000, exportSeconds: 2 };

export interface ListBenchResult {
  latency: LatencySummary;
  mismatches: number;
  examples: string[];
  /** The export of the largest campaign's contacts called at least once. */
  exportCampaign: string;
  exportRows: number;
  exportSeconds: number;
  /** Time to the 100,000th row (NaN when the list is shorter). */
  first100kSeconds: number;
  exportBytes: number;
  rssBeforeMb: number;
  rssPeakMb: number;
}

function questions(campaigns: readonly Campaign[], random: Random, count: number): { text: string; locale: string; check: RegExp }[] {
  const en = [
    (n: string) => `which contacts in ${n} are flagged bad?`,
    (n: string) => `list contacts with no attempts left in ${n}`,
    (n: string) => `contacts in Busy in ${n}`,
    (n: string) => `which contacts in ${n} were never called`,
  ];
  const es = [
    (n: string) => `contactos sin intentos restantes en ${n}`,
    (n: string) => `quiénes en ${n} están marcados como malos`,
  ];
  const campaignQuestions = [
    { text: 'which campaigns are paused?', locale: 'en-US' },
    { text: '¿qué campañas están en curso?', locale: 'es-ES' },
    { text: 'which campaign has the most failed calls?', locale: 'en-US' },
  ];
  const out: { text: string; locale: string; check: RegExp }[] = [];
  for (let i = 0; i < count; i++) {
    const name = campaigns[random.int(0, campaigns.length - 1)]!.name;
    const pick = random.int(0, 9);
    // a Spanish campaign name may turn an English question Spanish: either language's list answer is right
    const contactList = /^\*\*[\d.,\s]+ (of|de) [\d.,\s]+\*\* (contacts in|contactos de)|^(No contact in|Ningún contacto de)/;
    if (pick < 5) out.push({ text: en[pick % en.length]!(name), locale: 'en-US', check: contactList });
    else if (pick < 8) out.push({ text: es[pick % es.length]!(name), locale: 'es-ES', check: contactList });
    else out.push({ ...campaignQuestions[random.int(0, campaignQuestions.length - 1)]!, check: /campa/i });
  }
  return out;
}

export async function runListBench(driver: BotDriver, lists: ListQueries, campaigns: readonly Campaign[], random: Random, count: number, warmup: number): Promise<ListBenchResult> {
  for (const q of questions(campaigns, random, warmup)) await driver.ask(q.text, q.locale);
  const times: number[] = [];
  let mismatches = 0;
  const examples: string[] = [];
  for (const q of questions(campaigns, random, count)) {
    const turn = await driver.ask(q.text, q.locale);
    times.push(turn.ms);
    const text = turn.replies[0]?.text ?? '';
    if (turn.error || !q.check.test(text)) {
      mismatches++;
      if (examples.length < 3) examples.push(`"${q.text}" -> ${turn.error ? turn.error.message : text.slice(0, 100).replace(/\s+/g, ' ')}`);
    }
  }

  // the largest campaign, its contacts called at least once: the biggest list the data has
  const sizes = await lists.campaignRows(campaigns.map((c) => c.id));
  const largest = sizes.sort((a, b) => b.contacts - a.contacts)[0]!;
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      setImmediate(done);
    },
  });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
  const started = process.hrtime.bigint();
  let rows = 0;
  let first100k = Number.NaN;
  for await (const piece of csvPieces(lists.contactRows({ campaignIds: [largest.campaign.id], filter: { kind: 'min_calls', minCalls: 1 } }), false)) {
    const before = rows;
    rows += piece.rows;
    if (!sink.write(piece.text)) await new Promise((resolve) => sink.once('drain', resolve));
    if (before < LIST_TARGETS.exportRows && rows >= LIST_TARGETS.exportRows) first100k = msSince(started) / 1000;
  }
  await new Promise<void>((resolve) => sink.end(resolve));
  const exportSeconds = msSince(started) / 1000;
  clearInterval(sampler);
  return {
    latency: summarize(times),
    mismatches,
    examples,
    exportCampaign: `${largest.campaign.name} (${largest.contacts} contacts)`,
    exportRows: rows,
    exportSeconds,
    first100kSeconds: first100k,
    exportBytes: bytes,
    rssBeforeMb: rssBefore / 1e6,
    rssPeakMb: rssPeak / 1e6,
  };
}
