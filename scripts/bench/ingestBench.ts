/**
 * The live-data part of `npm run bench:data`: the bot as `npm start` runs it (its own process, INGEST_TOKEN set,
 * logging at info to a file, its audit log on) on the benchmark's database, driven over HTTP from this process:
 *   1. questions alone: contact and campaign questions (POST /api/messages, expectReplies), one at a time;
 *   2. the ingest alone: batches of 1,000 new attempts of contacts drawn uniformly from the whole data set (the worst
 *      case for the pages a batch touches), POST /api/data/attempts one after another;
 *   3. both at once: the same kind of questions, one at a time, while batches are posted back to back.
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
import { syntheticContactId, type SampledContact } from './syntheticData';
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

export interface IngestBenchResult {
  questionsAlone: LatencySummary;
  questionsDuring: LatencySummary;
  ingestAlone: Throughput;
  ingestDuring: Throughput;
  /** Questions whose reply was not the expected kind, and ingest requests not answered 200. */
  mismatches: number;
  failedBatches: number;
  examples: string[];
  /** How the bot was run. */
  server: string;
}

/** The batches' bodies: new attempts (ids after `first`) of random contacts, a minute apart from the day after the data. */
function makeBatches(count: number, first: number, contacts: number, random: Random): string[] {
  const start = Date.UTC(2025, 8, 1, 8);
  return Array.from({ length: count }, (_, b) => {
    const rows = Array.from({ length: ROWS_PER_BATCH }, (_, i) => {
      const n = first + b * ROWS_PER_BATCH + i;
      return {
        attempt_id: `ING-${n}`,
        contact_id: syntheticContactId(Math.floor(random.next() * contacts)),
        started_at: new Date(start + n * 60_000).toISOString().replace('.000Z', 'Z'),
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
    const aloneBatches = makeBatches(options.batches, 0, options.contacts, random);
    // more than the questions can outlast: the ingest stops when they are done
    const duringBatches = makeBatches(Math.max(options.batches * 4, 200), options.batches * ROWS_PER_BATCH, options.contacts, random);
    // warm-up: the recognizer trained, the first statements prepared, the writer's connection open
    await ask(questions(30));
    await ingest(aloneBatches.slice(0, 2));

    const questionsAlone = summarize(await ask(questions(options.questions)));
    const ingestAlone = await ingest(aloneBatches.slice(2));
    let asking = true;
    const during = ingest(duringBatches, () => asking);
    const questionsDuring = summarize(
      await ask(questions(options.questions)).finally(() => {
        asking = false;
      }),
    );
    const ingestDuring = await during;
    return { questionsAlone, questionsDuring, ingestAlone, ingestDuring, mismatches, failedBatches, examples, server: compiled ? 'dist/src/start.js' : 'src/start.ts under tsx' };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

export function ingestReport(results: readonly { contacts: number; ingest: IngestBenchResult }[], questions: number): string[] {
  const server = results[0]?.ingest.server ?? '';
  const cpu = (t: Throughput): string => (t.cpuPerBatch ? `${formatInt(t.cpuPerBatch.totalMs)} / ${formatInt(t.cpuPerBatch.mainThreadMs)}` : 'n/a');
  return [
    `Live data: POST /api/data/attempts with batches of ${formatInt(ROWS_PER_BATCH)} new attempts of contacts drawn at random from the whole set, one request after another, to the bot in its own process (${server}, logging at info, audit log on); questions (contact and campaign answers, POST /api/messages, expectReplies) one at a time, ${questions} without the ingest and ${questions} while batches are posted back to back; all over HTTP from the benchmark's process`,
    formatTable(
      ['contacts', 'batches', 'rows/s', 'batch p50', 'batch p99', 'bot CPU ms/batch (all / JS)', 'q p99 alone', 'q p99 during', 'p99 ratio', 'rows/s during', 'q p50 alone / during', 'mismatches'],
      results.map(({ contacts, ingest: r }) => [
        formatInt(contacts),
        formatInt(r.ingestAlone.batches),
        formatInt(r.ingestAlone.rowsPerSecond),
        formatMs(r.ingestAlone.latency.p50),
        formatMs(r.ingestAlone.latency.p99),
        cpu(r.ingestAlone),
        formatMs(r.questionsAlone.p99),
        formatMs(r.questionsDuring.p99),
        formatRatio(r.questionsDuring.p99 / r.questionsAlone.p99),
        formatInt(r.ingestDuring.rowsPerSecond),
        `${formatMs(r.questionsAlone.p50)} / ${formatMs(r.questionsDuring.p50)}`,
        `${r.mismatches}/${r.questionsAlone.count + r.questionsDuring.count}${r.failedBatches ? ` (${r.failedBatches} batches failed)` : ''}`,
      ]),
    ),
    ...results.flatMap(({ contacts, ingest }) => ingest.examples.map((e) => `  ${formatInt(contacts)} live data: ${e}`)),
  ];
}

/** The targets' lines for the result at the target size (undefined: not measured). */
export function ingestTargets(at: IngestBenchResult | undefined, size: string, mark: (ok: boolean) => string): string[] {
  const rows = `ingest of ${formatInt(ROWS_PER_BATCH)}-row attempt batches >= ${formatInt(INGEST_TARGETS.rowsPerSecond)} rows/s`;
  const ratio = `question p99 during the ingest <= ${INGEST_TARGETS.p99Ratio}x the p99 without it`;
  if (!at) return [`[ -- ] ${rows}: not measured (needs the ${size} size)`, `[ -- ] ${ratio}: not measured (needs the ${size} size)`];
  const r = at.questionsDuring.p99 / at.questionsAlone.p99;
  return [
    `${mark(at.ingestAlone.rowsPerSecond >= INGEST_TARGETS.rowsPerSecond)} ${rows}: ${formatInt(at.ingestAlone.rowsPerSecond)} rows/s (${formatInt(at.ingestDuring.rowsPerSecond)} while questions are asked)`,
    `${mark(r <= INGEST_TARGETS.p99Ratio)} ${ratio}: ${formatRatio(r)} (${formatMs(at.questionsAlone.p99)} -> ${formatMs(at.questionsDuring.p99)} ms)`,
  ];
}
