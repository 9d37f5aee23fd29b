/**
 * npm run bench:data [-- --sizes 10000,100000,1000000 | --quick] [--questions 300] [--warmup 100] [--seed 20250314] [--ingest-batches 30]
 *   [--engines sqlite,postgres | --engines postgres]
 *
 * How the campaign-data path scales: for each size, a synthetic data set (syntheticData.ts) is written as CSV to a
 * temporary folder (not timed), imported with `importFolder` into a fresh SQLite file (timed: rows/s), and then
 * questions are asked THROUGH THE BOT (createBot with the SqliteCampaignStore, driven by botbuilder's TestAdapter:
 * recognition, store, answer composition and rendering all inside each turn's time). Each reply is checked to be the
 * expected kind of answer. Then the live data (ingestBench.ts): the bot in its own process on the same file, 1,000-row
 * attempt batches posted to it over HTTP in two workloads (dialer order, the target's: the running campaigns' next
 * contacts in list order; random: contacts drawn from the whole set, the worst case), and question latency with and
 * without them. Prints per-size import figures,
 * per-question p50/p99, the growth from the smallest to the largest size, and the targets with pass/miss. When
 * PostgreSQL's server binaries are on this machine, the same data sets are then imported into PostgreSQL and asked over
 * HTTP of the bot started with DATABASE_URL (pgDataBench.ts). A benchmark: it prints figures and exits 0 unless it breaks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createBot, listQueriesOf } from '../../src/app';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { BotDriver } from './botDriver';
import { formatLoad, formatMachineInfo, loadAverage, machineInfo } from './machineInfo';
import { msSince, summarize, type LatencySummary } from './percentiles';
import { Random } from './prng';
import { makeQuestions, QUESTION_TYPES, type Question, type QuestionType } from './questions';
import { writeSyntheticDataSet } from './syntheticData';
import { formatInt, formatMs, formatRatio, formatTable } from './table';
import { createTempDir, removeSqliteFiles } from './tempDir';
import { parseCount, parseCounts } from './counts';
import { LIST_TARGETS, runListBench, type ListBenchResult } from './listBench';
import { ingestReport, ingestTargets, runIngestBench, type IngestBenchResult } from './ingestBench';
import { projectPath } from '../../src/platform/paths';
import { PostgresDataBench, postgresReport, type PgSizeResult } from './pgDataBench';
import type { SyntheticDataSet } from './syntheticData';

const ALL_SIZES = [10_000, 100_000, 1_000_000];
const QUICK_SIZES = [10_000, 100_000];
const TARGET_SIZE = 1_000_000;
const BASE_SIZE = 10_000;

const TARGETS = {
  importRowsPerSecond: 100_000,
  contactP99Ms: 10,
  summaryP99Ms: 50,
  contactP50Growth: 1.5,
};

interface Options {
  sizes: number[];
  questions: number;
  warmup: number;
  seed: number;
  /** Batches of the live-data ingest measured alone (0: no live-data part). */
  ingestBatches: number;
  /** SQLite's part (import, questions in process, lists, live data); without it only the data sets are written. */
  sqlite: boolean;
  /** Also PostgreSQL (when its binaries are here). */
  postgres: boolean;
}

interface TypeResult {
  latency: LatencySummary;
  mismatches: number;
  errors: number;
  /** A few mismatching questions and the start of their replies, for the analysis. */
  examples: string[];
}

interface SizeResult {
  contacts: number;
  campaigns: number;
  attempts: number;
  rows: number;
  csvBytes: number;
  generateSeconds: number;
  importSeconds: number;
  rowsPerSecond: number;
  strategy: string;
  dbBytes: number;
  botStartSeconds: number;
  maxRssBytes: number;
  byType: Record<QuestionType, TypeResult>;
  lists: ListBenchResult;
  ingest?: IngestBenchResult;
}

function usage(): string {
  return [
    'Usage: npm run bench:data -- [--sizes 10000,100000,1000000] [--quick] [--questions N] [--warmup N] [--seed N]',
    '  --sizes      contacts per data set, comma-separated (default 10000,100000,1000000; 1k, 100k, 1M accepted)',
    '  --quick      10000 and 100000 only (under a minute)',
    '  --questions  measured questions per question type and size (default 300, half English, half Spanish)',
    '  --warmup     warm-up questions per question type and size, not measured (default 100)',
    '  --seed       data and question seed (default 20250314)',
    '  --ingest-batches  1,000-row batches of the live-data part measured alone, per size (default 30; 0 leaves the part out)',
    '  --engines    sqlite, postgres or both (default both; postgres needs its server binaries on this machine; postgres',
    '               alone leaves out the SQLite part, for a quicker look at PostgreSQL)',
  ].join('\n');
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      questions: { type: 'string', default: '300' },
      warmup: { type: 'string', default: '100' },
      seed: { type: 'string', default: '20250314' },
      'ingest-batches': { type: 'string', default: '30' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  if (values.sizes && values.quick) throw new Error('--sizes and --quick exclude each other');
  const sizes = values.sizes ? parseCounts(values.sizes) : values.quick ? QUICK_SIZES : ALL_SIZES;
  if (!sizes.length) throw new Error('--sizes names no size');
  const engines = values.engines.split(',').map((e) => e.trim());
  if (!engines.length || engines.some((e) => e !== 'sqlite' && e !== 'postgres')) throw new Error('--engines: sqlite, postgres, or sqlite,postgres');
  return {
    sqlite: engines.includes('sqlite'),
    postgres: engines.includes('postgres'),
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    questions: parseCount(values.questions),
    warmup: parseCount(values.warmup),
    seed: parseCount(values.seed),
    ingestBatches: values['ingest-batches'] === '0' ? 0 : parseCount(values['ingest-batches']),
  };
}

const progress = (message: string): void => void process.stderr.write(`[bench:data] ${message}\n`);

function fileBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += fs.statSync(`${file}${suffix}`).size;
    } catch {
      // absent
    }
  }
  return total;
}

async function runSize(contacts: number, options: Options, tempDir: string): Promise<{ result: SizeResult; data: SyntheticDataSet }> {
  const label = formatInt(contacts);
  const csvFolder = path.join(tempDir, `csv-${contacts}`);
  const dbPath = path.join(tempDir, `bench-${contacts}.sqlite`);

  progress(`${label} contacts: writing CSV…`);
  const data = await writeSyntheticDataSet(csvFolder, contacts, { seed: options.seed });
  progress(`${label} contacts: ${formatInt(data.attempts)} attempts, ${(data.bytes / 1e6).toFixed(1)} MB of CSV in ${data.seconds.toFixed(1)} s; importing…`);

  const importStart = process.hrtime.bigint();
  const summary = await importFolder(dbPath, csvFolder);
  const importSeconds = msSince(importStart) / 1000;
  const rows = summary.campaigns + summary.contacts + summary.attempts;
  const dbBytes = fileBytes(dbPath);
  progress(`${label} contacts: imported ${formatInt(rows)} rows in ${importSeconds.toFixed(2)} s; asking questions…`);

  const store = await SqliteCampaignStore.open(dbPath);
  let result: SizeResult;
  try {
    const botStart = process.hrtime.bigint();
    const campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    const { bot } = createBot({ store, campaigns });
    const botStartSeconds = msSince(botStart) / 1000;
    const driver = new BotDriver(bot);
    const random = new Random(options.seed + contacts);
    const campaignNames = campaigns.map((c) => c.name);
    const batch = (count: number): Question[] =>
      random.shuffle(QUESTION_TYPES.flatMap((type) => makeQuestions(type, count, data.sample, campaignNames, random)));

    for (const q of batch(options.warmup)) await driver.ask(q.text, q.locale);

    const latencies = Object.fromEntries(QUESTION_TYPES.map((t) => [t, [] as number[]])) as Record<QuestionType, number[]>;
    const byType = Object.fromEntries(
      QUESTION_TYPES.map((t) => [t, { latency: summarize([]), mismatches: 0, errors: 0, examples: [] as string[] }]),
    ) as Record<QuestionType, TypeResult>;
    for (const q of batch(options.questions)) {
      const turn = await driver.ask(q.text, q.locale);
      latencies[q.type].push(turn.ms);
      const result = byType[q.type];
      const text = turn.replies[0]?.text ?? '';
      if (turn.error) result.errors++;
      if (turn.error || turn.replies.length !== 1 || !q.check(text)) {
        result.mismatches++;
        if (result.examples.length < 3) {
          const got = turn.error ? `error: ${turn.error.message}` : `${turn.replies.length} replies: ${text.slice(0, 110).replace(/\s+/g, ' ')}`;
          result.examples.push(`"${q.text}" (${q.locale}) -> ${got}`);
        }
      }
    }
    for (const t of QUESTION_TYPES) byType[t].latency = summarize(latencies[t]);
    progress(`${label} contacts: list questions and the CSV export…`);
    const lists = await runListBench(driver, listQueriesOf(store)!, await store.listCampaigns(), random, options.questions, options.warmup);

    result = {
      contacts: summary.contacts,
      campaigns: summary.campaigns,
      attempts: summary.attempts,
      rows,
      csvBytes: data.bytes,
      generateSeconds: data.seconds,
      importSeconds,
      rowsPerSecond: rows / importSeconds,
      strategy: summary.strategy,
      dbBytes,
      botStartSeconds,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      byType,
      lists,
    };
  } finally {
    await store.close();
  }
  try {
    if (options.ingestBatches > 0) {
      progress(`${label} contacts: live data (the bot in its own process, over HTTP)…`);
      result.ingest = await runIngestBench({
        projectRoot: projectPath(),
        tempDir,
        dbPath,
        contacts,
        sample: data.sample,
        campaignNames: data.campaignNames,
        questions: options.questions,
        batches: options.ingestBatches,
        seed: options.seed + contacts,
      });
    }
  } finally {
    removeSqliteFiles(dbPath);
  }
  return { result, data };
}

// ---------------------------------------------------------------------------------------------------------
// Report

const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0);

function report(results: SizeResult[], options: Options): string[] {
  const out: string[] = [];
  out.push('Import (importFolder into a fresh SQLite file; CSV generation not timed)');
  out.push(
    formatTable(
      ['contacts', 'attempts', 'rows', 'CSV MB', 'gen s', 'import s', 'rows/s', 'strategy', 'DB MB', 'max RSS MB'],
      results.map((r) => [
        formatInt(r.contacts),
        formatInt(r.attempts),
        formatInt(r.rows),
        mb(r.csvBytes),
        r.generateSeconds.toFixed(1),
        r.importSeconds.toFixed(2),
        formatInt(r.rowsPerSecond),
        r.strategy,
        mb(r.dbBytes),
        mb(r.maxRssBytes),
      ]),
      ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right'],
    ),
  );
  out.push('');
  out.push(`Questions through the bot (createBot + TestAdapter, one turn each; ms per turn; ${options.questions} per type and size, half English, half Spanish, after ${options.warmup} warm-up per type)`);
  const rows: string[][] = [];
  for (const r of results) {
    for (const t of QUESTION_TYPES) {
      const { latency, mismatches, errors } = r.byType[t];
      rows.push([
        formatInt(r.contacts),
        t,
        formatMs(latency.p50),
        formatMs(latency.p90),
        formatMs(latency.p99),
        formatMs(latency.max),
        formatMs(latency.mean),
        `${mismatches}/${latency.count}${errors ? ` (${errors} errors)` : ''}`,
      ]);
    }
  }
  out.push(formatTable(['contacts', 'question', 'p50', 'p90', 'p99', 'max', 'mean', 'mismatches'], rows, ['right', 'left']));
  out.push('');
  out.push(`Lists: contact and campaign list questions through the bot (${options.questions} per size), and the CSV export of the largest campaign's contacts called at least once (rows written to a sink as a socket would take them; RSS sampled every 5 ms)`);
  out.push(
    formatTable(
      ['contacts', 'list p50', 'list p99', 'list max', 'mismatches', 'export of', 'rows', 'export s', 'to 100k s', 'MB', 'RSS before', 'RSS peak'],
      results.map((r) => [
        formatInt(r.contacts),
        formatMs(r.lists.latency.p50),
        formatMs(r.lists.latency.p99),
        formatMs(r.lists.latency.max),
        `${r.lists.mismatches}/${r.lists.latency.count}`,
        r.lists.exportCampaign,
        formatInt(r.lists.exportRows),
        r.lists.exportSeconds.toFixed(2),
        Number.isNaN(r.lists.first100kSeconds) ? '-' : r.lists.first100kSeconds.toFixed(2),
        mb(r.lists.exportBytes),
        r.lists.rssBeforeMb.toFixed(0),
        r.lists.rssPeakMb.toFixed(0),
      ]),
      ['right', 'right', 'right', 'right', 'right', 'left'],
    ),
  );
  const listExamples = results.flatMap((r) => r.lists.examples.map((e) => `  ${formatInt(r.contacts)} list: ${e}`));
  if (listExamples.length) out.push('List mismatch examples:', ...listExamples);
  const withIngest = results.flatMap((r) => (r.ingest ? [{ contacts: r.contacts, ingest: r.ingest }] : []));
  if (withIngest.length) out.push('', ...ingestReport(withIngest, options.questions));
  const examples = results.flatMap((r) =>
    QUESTION_TYPES.flatMap((t) => r.byType[t].examples.map((e) => `  ${formatInt(r.contacts)} ${t}: ${e}`)),
  );
  if (examples.length) out.push('', 'Mismatch examples:', ...examples);

  if (results.length > 1) {
    const first = results[0]!;
    const last = results[results.length - 1]!;
    out.push('');
    out.push(`Growth from ${formatInt(first.contacts)} to ${formatInt(last.contacts)} contacts (largest / smallest)`);
    out.push(
      formatTable(
        ['measure', 'p50 ratio', 'p99 ratio'],
        [
          ...QUESTION_TYPES.map((t) => [
            t,
            formatRatio(last.byType[t].latency.p50 / first.byType[t].latency.p50),
            formatRatio(last.byType[t].latency.p99 / first.byType[t].latency.p99),
          ]),
        ],
      ),
    );
    out.push(`import rows/s ratio: ${formatRatio(last.rowsPerSecond / first.rowsPerSecond)} (${formatInt(first.rowsPerSecond)} -> ${formatInt(last.rowsPerSecond)})`);
  }

  out.push('');
  out.push(`Targets (at ${formatInt(TARGET_SIZE)} contacts)`);
  const at = results.find((r) => r.contacts === TARGET_SIZE);
  const base = results.find((r) => r.contacts === BASE_SIZE);
  const mark = (ok: boolean): string => (ok ? '[pass]' : '[MISS]');
  const notRun = (what: string, needsBase = false): string =>
    `[ -- ] ${what}: not measured (needs ${needsBase ? `the ${formatInt(BASE_SIZE)} and ${formatInt(TARGET_SIZE)} sizes` : `the ${formatInt(TARGET_SIZE)} size`})`;
  const importTarget = `import >= ${formatInt(TARGETS.importRowsPerSecond)} rows/s`;
  out.push(at ? `${mark(at.rowsPerSecond >= TARGETS.importRowsPerSecond)} ${importTarget}: ${formatInt(at.rowsPerSecond)} rows/s` : notRun(importTarget));
  for (const t of ['contact.why_bad', 'contact.attempts'] as const) {
    const what = `${t} p99 <= ${TARGETS.contactP99Ms} ms`;
    out.push(at ? `${mark(at.byType[t].latency.p99 <= TARGETS.contactP99Ms)} ${what}: ${formatMs(at.byType[t].latency.p99)} ms` : notRun(what));
  }
  const summaryWhat = `campaign.summary p99 <= ${TARGETS.summaryP99Ms} ms`;
  out.push(
    at
      ? `${mark(at.byType['campaign.summary'].latency.p99 <= TARGETS.summaryP99Ms)} ${summaryWhat}: ${formatMs(at.byType['campaign.summary'].latency.p99)} ms`
      : notRun(summaryWhat),
  );
  for (const t of ['contact.why_bad', 'contact.attempts'] as const) {
    const what = `${t} p50 at ${formatInt(TARGET_SIZE)} <= ${TARGETS.contactP50Growth}x p50 at ${formatInt(BASE_SIZE)}`;
    if (at && base) {
      const ratio = at.byType[t].latency.p50 / base.byType[t].latency.p50;
      out.push(
        `${mark(ratio <= TARGETS.contactP50Growth)} ${what}: ${formatRatio(ratio)} (${formatMs(base.byType[t].latency.p50)} -> ${formatMs(at.byType[t].latency.p50)} ms)`,
      );
    } else {
      out.push(notRun(what, true));
    }
  }
  const listWhat = `list answer p99 <= ${LIST_TARGETS.listP99Ms} ms`;
  out.push(at ? `${mark(at.lists.latency.p99 <= LIST_TARGETS.listP99Ms)} ${listWhat}: ${formatMs(at.lists.latency.p99)} ms` : notRun(listWhat));
  const exportWhat = `CSV export of ${formatInt(LIST_TARGETS.exportRows)} rows < ${LIST_TARGETS.exportSeconds} s`;
  out.push(
    at && !Number.isNaN(at.lists.first100kSeconds)
      ? `${mark(at.lists.first100kSeconds < LIST_TARGETS.exportSeconds)} ${exportWhat}: ${at.lists.first100kSeconds.toFixed(2)} s (RSS ${at.lists.rssBeforeMb.toFixed(0)} -> peak ${at.lists.rssPeakMb.toFixed(0)} MB)`
      : notRun(exportWhat),
  );
  if (options.ingestBatches > 0) out.push(...ingestTargets(at?.ingest, formatInt(TARGET_SIZE), mark));
  const mismatches = results.reduce((s, r) => s + QUESTION_TYPES.reduce((n, t) => n + r.byType[t].mismatches, 0) + r.lists.mismatches + (r.ingest?.mismatches ?? 0), 0);
  out.push(`${mismatches === 0 ? '[pass]' : '[MISS]'} replies of the expected kind: ${mismatches} mismatches in all`);
  return out;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const info = machineInfo();
  const temp = createTempDir('campaign-bench-');
  const started = process.hrtime.bigint();
  const results: SizeResult[] = [];
  const pgResults: PgSizeResult[] = [];
  const pgMissing = options.postgres ? PostgresDataBench.missing() : 'not asked for (--engines sqlite)';
  if (pgMissing && !options.sqlite) throw new Error(`--engines postgres: ${pgMissing}`);
  const pg = pgMissing ? undefined : await PostgresDataBench.start();
  try {
    progress(`sizes ${options.sizes.map(formatInt).join(', ')}; temporary files in ${temp.dir}`);
    for (const size of options.sizes) {
      let data: SyntheticDataSet;
      if (options.sqlite) {
        const run = await runSize(size, options, temp.dir);
        results.push(run.result);
        data = run.data;
      } else {
        progress(`${formatInt(size)} contacts: writing CSV…`);
        data = await writeSyntheticDataSet(path.join(temp.dir, `csv-${size}`), size, { seed: options.seed });
      }
      if (pg) pgResults.push(await pg.runSize(data, options, temp.dir, progress));
      fs.rmSync(data.folder, { recursive: true, force: true });
    }
  } finally {
    await pg?.stop();
    temp.cleanup();
  }
  const lines = [
    `Campaign data benchmark (npm run bench:data): ${options.sizes.map(formatInt).join(', ')} contacts, seed ${options.seed}`,
    ...formatMachineInfo(info),
    '',
    ...(options.sqlite ? report(results, options) : ['SQLite: not measured (--engines postgres)']),
    '',
    ...(pg ? postgresReport(pgResults, options, TARGET_SIZE) : [`PostgreSQL: not measured: ${pgMissing}`]),
    '',
    `Total run time ${(msSince(started) / 1000).toFixed(0)} s; load at the end ${formatLoad(loadAverage())} (1/5/15 min); temporary files removed.`,
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
