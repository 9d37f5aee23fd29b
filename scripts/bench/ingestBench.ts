/**
 * The live-data part of `npm run bench:data`: the bot as `npm start` runs it (its own process, INGEST_TOKEN set,
 * logging at info to a file, its audit log on) on the benchmark's database, driven over HTTP from this process:
 *   1. questions alone: contact and campaign questions (POST /api/messages, expectReplies), one at a time;
 *   then, for each of two workloads (what a batch holds):
 *   2. the ingest alone: batches of 1,000 new attempts, POST /api/data/attempts one after another;
 *   3. both at once: the same kind of questions, one at a time, while batches are posted back to back.
 * The workloads:
 *   - dialer order (the target's): what a dialer sends, the results of the last seconds of the campaigns it is running
 *     (the data set's campaigns in progress), each campaign's contacts called in its list's order (the order they were
 *     loaded in, which is their ids' order), one campaign's result after another's, attempt times increasing; each
 *     batch carries on where the one before it stopped, and a campaign's list starts over when it is through;
 *   - random (a record of the worst case): attempts of contacts drawn uniformly from the whole data set, so every
 *     attempt writes pages at random places of the file.
 * The request bodies are made before the clock starts.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { botServerSpec } from './httpBench';
import { messageActivity, postJson, repliesOf } from './httpLoad';
import { msSince, summarize, type LatencySummary } from './percentiles';
import { Random } from './prng';
import { makeQuestions, type Question } from './questions';
import { cpuDelta, type ProcessCpu } from './procStatus';
import { startServerProcess } from './serverProcess';
import { syntheticCampaigns, syntheticContactId, type SampledContact } from './syntheticData';
import { formatInt, formatMs, formatRatio, formatTable } from './table';

export const INGEST_TARGETS = { rowsPerSecond: 20_000, p99Ratio: 2 };

const ROWS_PER_BATCH = 1000;
const RESULT_WEIGHTS = { completed: 28, no_response: 24, busy: 12, failed: 8, ivr: 16, incorrect_number: 5, canceled: 7 };
const QUESTION_TYPES = ['contact.why_bad', 'contact.attempts', 'campaign.summary'] as const;
const TOKEN = `bench-${Math.random().toString(36).slice(2)}-${Date.now()}`;

export interface IngestBenchOptions {
  projectRoot: string;
  tempDir: string;
  dbPath: string;
  contacts: number;
  sample: readonly SampledContact[];
  campaignNames: readonly string[];
  /** Questions in each of the question phases. */
  questions: number;
  /** Batches posted in the ingest-alone phase. */
  batches: number;
  seed: number;
}

export interface Throughput {
  batches: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** ms per request. */
  latency: LatencySummary;
  /** The bot process's CPU per batch (all threads, and its JavaScript thread). */
  cpuPerBatch?: ProcessCpu;
}

/** What the batches hold (see the header). */
export type IngestWorkload = 'dialer' | 'random';

export const WORKLOADS: readonly IngestWorkload[] = ['dialer', 'random'];

export interface WorkloadResult {
  workload: IngestWorkload;
  ingestAlone: Throughput;
  ingestDuring: Throughput;
  /** The questions asked while this workload's batches were posted. */
  questionsDuring: LatencySummary;
}

export interface IngestBenchResult {
  questionsAlone: LatencySummary;
  /** Dialer order first, then random. */
  workloads: WorkloadResult[];
  /** The campaigns the dialer-order workload runs, with their contacts. */
  running: { name: string; contacts: number }[];
  /** Questions whose reply was not the expected kind, and ingest requests not answered 200. */
  mismatches: number;
  failedBatches: number;
  examples: string[];
  /** How the bot was run. */
  server: string;
}

/** The day after the data: the ingest's attempts start then. */
const INGEST_START_MS = Date.UTC(2025, 8, 1, 8);

/** A source of batch bodies; each call carries on from the last. */
type BatchMaker = (count: number) => string[];

/** Random workload: new attempts of contacts drawn uniformly from the whole set, a minute apart. */
function randomBatches(contacts: number, random: Random): BatchMaker {
  let n = 0;
  return (count) =>
    Array.from({ length: count }, () => {
      const rows = Array.from({ length: ROWS_PER_BATCH }, () => {
        const i = n++;
        return {
          attempt_id: `ING-R-${i}`,
          contact_id: syntheticContactId(Math.floor(random.next() * contacts)),
          started_at: new Date(INGEST_START_MS + i * 60_000).toISOString().replace('.000Z', 'Z'),
          result: random.weighted(RESULT_WEIGHTS),
          duration_s: Math.floor(random.next() * 300),
        };
      });
      return JSON.stringify(rows);
    });
}

/** The campaigns a dialer is running (those in progress), each with the range of contact numbers it holds. */
function runningCampaigns(contacts: number): { name: string; first: number; contacts: number }[] {
  let first = 0;
  const ranges = syntheticCampaigns(contacts).map((c) => {
    const range = { name: c.name, status: c.status, first, contacts: c.contacts };
    first += c.contacts;
    return range;
  });
  return ranges.filter((c) => c.status === 'in_progress' && c.contacts > 0).map(({ name, first, contacts }) => ({ name, first, contacts }));
}

/**
 * Dialer-order workload: the running campaigns' results one after another (a row of each in turn), each campaign
 * going through its contacts in list order (syntheticData.ts numbers a campaign's contacts one after another, and
 * their ids sort in that order within a number of digits), starting over at its end; 100 ms apart, the batch after
 * the dialer's last one in time.
 */
function dialerBatches(contacts: number, random: Random): BatchMaker {
  const campaigns = runningCampaigns(contacts).map((c) => ({ ...c, next: 0 }));
  let n = 0;
  return (count) =>
    Array.from({ length: count }, () => {
      const rows = Array.from({ length: ROWS_PER_BATCH }, () => {
        const i = n++;
        const campaign = campaigns[i % campaigns.length]!;
        const k = campaign.first + (campaign.next++ % campaign.contacts);
        return {
          attempt_id: `ING-D-${i}`,
          contact_id: syntheticContactId(k),
          started_at: new Date(INGEST_START_MS + i * 100).toISOString(),
          result: random.weighted(RESULT_WEIGHTS),
          duration_s: Math.floor(random.next() * 300),
        };
      });
      return JSON.stringify(rows);
    });
}

export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const random = new Random(options.seed ^ 0x1a2b3c);
  // compiled (npm run bench) or under tsx (npm run bench:data): the same kind of entry point as this script
  const compiled = __filename.endsWith('.js');
  const spec = botServerSpec(options.projectRoot, options.tempDir, { name: 'ingest-bot', env: { CAMPAIGN_DB: options.dbPath, INGEST_TOKEN: `bench:${TOKEN}` } });
  if (!compiled) {
    spec.script = path.join(options.projectRoot, 'src', 'start.ts');
    spec.extraNodeFlags = ['--import', 'tsx'];
  }
  const server = await startServerProcess(spec);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const messages = new URL('/api/messages', server.url);
  const attempts = new URL('/api/data/attempts', server.url);
  const examples: string[] = [];
  let mismatches = 0;
  let failedBatches = 0;
  let asked = 0;

  const questions = (count: number): Question[] =>
    random.shuffle(QUESTION_TYPES.flatMap((type) => makeQuestions(type, Math.ceil(count / QUESTION_TYPES.length), options.sample, options.campaignNames, random))).slice(0, count);
  const ask = async (list: readonly Question[], keepGoing: () => boolean = () => true): Promise<number[]> => {
    const ms: number[] = [];
    for (const q of list) {
      if (!keepGoing()) break;
      const n = ++asked;
      const body = JSON.stringify(messageActivity({ id: `ingest-bench-${n}`, user: `ingest-bench-user-${n}`, locale: q.locale }, q.text, 'test'));
      const start = process.hrtime.bigint();
      const answer = await postJson(agent, messages, body);
      ms.push(msSince(start));
      const replies = repliesOf(answer);
      const text = 'activities' in replies ? (replies.activities.find((a) => a.type === 'message')?.text ?? '') : '';
      if (!q.check(text)) {
        mismatches++;
        if (examples.length < 3) examples.push(`"${q.text}" -> ${'problem' in replies ? replies.problem : text.slice(0, 100).replace(/\s+/g, ' ')}`);
      }
    }
    return ms;
  };
  const ingest = async (bodies: readonly string[], keepGoing: () => boolean = () => true): Promise<Throughput> => {
    const ms: number[] = [];
    const cpuBefore = server.cpu();
    const start = process.hrtime.bigint();
    for (const body of bodies) {
      if (!keepGoing()) break;
      const t = process.hrtime.bigint();
      const answer = await postJson(agent, attempts, body, { authorization: `Bearer ${TOKEN}` });
      ms.push(msSince(t));
      if (answer.status !== 200) {
        failedBatches++;
        if (examples.length < 6) examples.push(`ingest: HTTP ${answer.status} ${answer.body.slice(0, 150)}`);
      }
    }
    const seconds = msSince(start) / 1000;
    const rows = ms.length * ROWS_PER_BATCH;
    const cpu = cpuDelta(cpuBefore, server.cpu());
    const cpuPerBatch = cpu && ms.length ? { totalMs: cpu.totalMs / ms.length, mainThreadMs: cpu.mainThreadMs / ms.length } : undefined;
    return { batches: ms.length, rows, seconds, rowsPerSecond: rows / seconds, latency: summarize(ms), cpuPerBatch };
  };

  try {
    const makers: Record<IngestWorkload, BatchMaker> = { dialer: dialerBatches(options.contacts, random), random: randomBatches(options.contacts, random) };
    const bodies = WORKLOADS.map((workload) => ({
      workload,
      // two for the warm-up, then the measured ones
      alone: makers[workload](options.batches + 2),
      // more than the questions can outlast: the ingest stops when they are done
      during: makers[workload](Math.max(options.batches * 4, 200)),
    }));
    // warm-up: the recognizer trained, the first statements prepared, the writer's connection open
    await ask(questions(30));
    await ingest(bodies[0]!.alone.slice(0, 2));

    const questionsAlone = summarize(await ask(questions(options.questions)));
    const workloads: WorkloadResult[] = [];
    for (const { workload, alone, during } of bodies) {
      await ingest(alone.slice(0, 2));
      const ingestAlone = await ingest(alone.slice(2));
      let asking = true;
      const posting = ingest(during, () => asking);
      const questionsDuring = summarize(
        await ask(questions(options.questions)).finally(() => {
          asking = false;
        }),
      );
      workloads.push({ workload, ingestAlone, ingestDuring: await posting, questionsDuring });
    }
    const running = runningCampaigns(options.contacts).map(({ name, contacts }) => ({ name, contacts }));
    return { questionsAlone, workloads, running, mismatches, failedBatches, examples, server: compiled ? 'dist/src/start.js' : 'src/start.ts under tsx' };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const WORKLOAD_NAMES: Record<IngestWorkload, string> = { dialer: 'dialer order', random: 'random' };

export function ingestReport(results: readonly { contacts: number; ingest: IngestBenchResult }[], questions: number): string[] {
  const first = results[0]?.ingest;
  const server = first?.server ?? '';
  const running = first ? first.running.map((c) => c.name).join(', ') : '';
  const cpu = (t: Throughput): string => (t.cpuPerBatch ? `${formatInt(t.cpuPerBatch.totalMs)} / ${formatInt(t.cpuPerBatch.mainThreadMs)}` : 'n/a');
  return [
    `Live data: POST /api/data/attempts with batches of ${formatInt(ROWS_PER_BATCH)} new attempts, one request after another, to the bot in its own process (${server}, logging at info, audit log on); questions (contact and campaign answers, POST /api/messages, expectReplies) one at a time, ${questions} without the ingest and ${questions} while each workload's batches are posted back to back; all over HTTP from the benchmark's process. Two workloads:`,
    `  dialer order (the target's): each batch the next results of the campaigns a dialer is running (${running}: the data set's campaigns in progress), a row of each in turn, each campaign's contacts called in its list's order (by contact id) from where the last batch stopped, attempt times increasing;`,
    `  random (the worst case, a record): each attempt's contact drawn at random from the whole set, so every attempt writes pages at random places of the file.`,
    formatTable(
      ['contacts', 'workload', 'batches', 'rows/s', 'batch p50', 'batch p99', 'bot CPU ms/batch (all / JS)', 'q p99 alone', 'q p99 during', 'p99 ratio', 'rows/s during', 'q p50 alone / during', 'mismatches'],
      results.flatMap(({ contacts, ingest: r }) =>
        r.workloads.map((w, i) => [
          i === 0 ? formatInt(contacts) : '',
          WORKLOAD_NAMES[w.workload],
          formatInt(w.ingestAlone.batches),
          formatInt(w.ingestAlone.rowsPerSecond),
          formatMs(w.ingestAlone.latency.p50),
          formatMs(w.ingestAlone.latency.p99),
          cpu(w.ingestAlone),
          formatMs(r.questionsAlone.p99),
          formatMs(w.questionsDuring.p99),
          formatRatio(w.questionsDuring.p99 / r.questionsAlone.p99),
          formatInt(w.ingestDuring.rowsPerSecond),
          `${formatMs(r.questionsAlone.p50)} / ${formatMs(w.questionsDuring.p50)}`,
          i === 0
            ? `${r.mismatches}/${r.questionsAlone.count + r.workloads.reduce((n, x) => n + x.questionsDuring.count, 0)}${r.failedBatches ? ` (${r.failedBatches} batches failed)` : ''}`
            : '',
        ]),
      ),
    ),
    ...results.flatMap(({ contacts, ingest }) => ingest.examples.map((e) => `  ${formatInt(contacts)} live data: ${e}`)),
  ];
}

/** The targets' lines for the result at the target size (undefined: not measured): judged on the dialer-order workload, the random one given as a record. */
export function ingestTargets(at: IngestBenchResult | undefined, size: string, mark: (ok: boolean) => string): string[] {
  const rows = `ingest of ${formatInt(ROWS_PER_BATCH)}-row attempt batches in dialer order >= ${formatInt(INGEST_TARGETS.rowsPerSecond)} rows/s`;
  const ratio = `question p99 during the dialer-order ingest <= ${INGEST_TARGETS.p99Ratio}x the p99 without it`;
  const dialer = at?.workloads.find((w) => w.workload === 'dialer');
  if (!at || !dialer) return [`[ -- ] ${rows}: not measured (needs the ${size} size)`, `[ -- ] ${ratio}: not measured (needs the ${size} size)`];
  const r = dialer.questionsDuring.p99 / at.questionsAlone.p99;
  const random = at.workloads.find((w) => w.workload === 'random');
  return [
    `${mark(dialer.ingestAlone.rowsPerSecond >= INGEST_TARGETS.rowsPerSecond)} ${rows}: ${formatInt(dialer.ingestAlone.rowsPerSecond)} rows/s (${formatInt(dialer.ingestDuring.rowsPerSecond)} while questions are asked)`,
    `${mark(r <= INGEST_TARGETS.p99Ratio)} ${ratio}: ${formatRatio(r)} (${formatMs(at.questionsAlone.p99)} -> ${formatMs(dialer.questionsDuring.p99)} ms)`,
    ...(random
      ? [
          `[info] the same with contacts drawn at random from the whole set (the worst case, no target): ${formatInt(random.ingestAlone.rowsPerSecond)} rows/s (${formatInt(random.ingestDuring.rowsPerSecond)} while questions are asked), question p99 ${formatRatio(random.questionsDuring.p99 / at.questionsAlone.p99)} (${formatMs(at.questionsAlone.p99)} -> ${formatMs(random.questionsDuring.p99)} ms)`,
        ]
      : []),
  ];
}
