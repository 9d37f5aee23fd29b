/**
 * The PostgreSQL part of `npm run bench:data`, run when PostgreSQL's server binaries are on this machine: a throwaway
 * cluster as the tests start one (test/helpers/pgCluster.ts), but durable (fsync on) with the memory a server of its
 * own would be given; each size's CSV files imported into a new database with the store's batch write (what
 * `npm run import` runs with DATABASE_URL, timed: rows/s, with the CPU time of this process and of the server, which
 * say what limits it when the machine is shared), then VACUUM ANALYZE (timed apart: what autovacuum does after a load
 * anyway, so the answers are measured in the steady state and not against it), then the bot started as a process
 * with DATABASE_URL and asked the same questions over HTTP (POST /api/messages, expectReplies, Web Chat's channel): one
 * at a time for the latency of an answer, then from 8 connections at once for the pool under load.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { Client } from 'pg';
import { importCsvFolder } from '../../src/data/importer';
import { PgCampaignStore } from '../../src/data/pg/pgStore';
import { projectPath } from '../../src/platform/paths';
import { postgresMissing, startCluster, type PgCluster } from '../../test/helpers/pgCluster';
import { keepAliveAgent, messageActivity, postJson, repliesOf } from './httpLoad';
import { msSince, summarize, type LatencySummary } from './percentiles';
import { Random } from './prng';
import { makeQuestions, QUESTION_TYPES, type Question, type QuestionType } from './questions';
import { startServerProcess } from './serverProcess';
import type { SyntheticDataSet } from './syntheticData';
import { formatInt, formatMs, formatTable } from './table';

export const PG_TARGETS = { importRowsPerSecond: 150_000, answerP99Ms: 25 };
const CONCURRENT_CONNECTIONS = 8;

/** What the benchmark's server is given: memory for its caches, room for a large load between checkpoints. */
const SERVER_SETTINGS = { shared_buffers: "'1GB'", max_wal_size: "'8GB'", effective_cache_size: "'4GB'" };

export interface PgAnswers {
  latency: LatencySummary;
  mismatches: number;
  examples: string[];
}

export interface PgSizeResult {
  contacts: number;
  rows: number;
  importSeconds: number;
  rowsPerSecond: number;
  /** CPU seconds of this process (reading, validating, COPY) and of the server's processes during the import. */
  clientCpuSeconds: number;
  serverCpuSeconds: number;
  vacuumSeconds: number;
  strategy: string;
  dbBytes: number;
  botStartMs: number;
  byType: Record<QuestionType, PgAnswers>;
  serial: LatencySummary;
  concurrent: { latency: LatencySummary; turnsPerSecond: number; mismatches: number };
}

const CLOCK_TICKS = 100;

/** CPU seconds of every postgres process on this machine (the benchmark's cluster is the only one it starts). */
function serverCpuSeconds(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, and those of the children it waited for (a backend that ended)
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

interface Asked {
  ms: number;
  ok: boolean;
  got: string;
}

/** Posts one question as a new conversation of a new user and checks the answer. */
async function ask(agent: http.Agent, url: URL, q: Question, n: number): Promise<Asked> {
  const body = JSON.stringify(messageActivity({ id: `pg-bench-${n}`, user: `pg-user-${n}`, locale: q.locale }, q.text, 'webchat'));
  const sent = process.hrtime.bigint();
  const answer = await postJson(agent, url, body);
  const ms = msSince(sent);
  const replies = repliesOf(answer);
  if ('problem' in replies) return { ms, ok: false, got: replies.problem };
  const text = replies.activities.find((a) => a.type === 'message')?.text ?? '';
  return { ms, ok: q.check(text), got: text.slice(0, 110).replace(/\s+/g, ' ') };
}

export class PostgresDataBench {
  private constructor(private readonly cluster: PgCluster) {}

  /** Why this machine cannot run it (no server binaries), or undefined. */
  static missing(): string | undefined {
    return postgresMissing();
  }

  static async start(): Promise<PostgresDataBench> {
    return new PostgresDataBench(await startCluster({ durable: true, settings: SERVER_SETTINGS }));
  }

  async runSize(data: SyntheticDataSet, options: { questions: number; warmup: number; seed: number }, tempDir: string, progress: (m: string) => void): Promise<PgSizeResult> {
    const label = formatInt(data.contacts);
    const url = await this.cluster.createDatabase(`bench_${data.contacts}`);
    const store = await PgCampaignStore.open(url);
    let summary;
    let dbBytes = 0;
    let vacuumSeconds = 0;
    const serverBefore = serverCpuSeconds();
    const clientBefore = process.cpuUsage();
    let clientCpu;
    let serverCpu = 0;
    try {
      progress(`PostgreSQL, ${label} contacts: importing…`);
      summary = await importCsvFolder(store, data.folder);
      clientCpu = process.cpuUsage(clientBefore);
      serverCpu = serverCpuSeconds() - serverBefore;
      const client = new Client({ connectionString: url });
      await client.connect();
      const vacuum = process.hrtime.bigint();
      await client.query('VACUUM (ANALYZE)');
      vacuumSeconds = msSince(vacuum) / 1000;
      dbBytes = Number((await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows[0]!.bytes);
      await client.end();
    } finally {
      await store.close();
    }
    const rows = summary.campaigns + summary.contacts + summary.attempts;
    progress(`PostgreSQL, ${label} contacts: imported ${formatInt(rows)} rows in ${summary.seconds.toFixed(2)} s; the bot over HTTP…`);

    const compiled = __filename.endsWith('.js');
    const bot = await startServerProcess({
      name: 'bot (PostgreSQL)',
      script: compiled ? projectPath('dist', 'src', 'index.js') : projectPath('src', 'index.ts'),
      extraNodeFlags: compiled ? [] : ['--import', 'tsx'],
      cwd: projectPath(),
      env: {
        DATABASE_URL: url,
        CAMPAIGN_DB: path.join(tempDir, `unused-${data.contacts}.sqlite`),
        STATE_DB: path.join(tempDir, `pg-state-${data.contacts}.sqlite`),
        AUDIT_LOG: path.join(tempDir, `pg-audit-${data.contacts}.log`),
        MicrosoftAppId: '',
      },
      logFile: path.join(tempDir, `pg-bot-${data.contacts}.log`),
    });
    const agent = keepAliveAgent(CONCURRENT_CONNECTIONS);
    const endpoint = new URL('/api/messages', bot.url);
    const random = new Random(options.seed + data.contacts);
    const batch = (count: number): Question[] =>
      random.shuffle(QUESTION_TYPES.flatMap((type) => makeQuestions(type, count, data.sample, data.campaignNames, random)));
    let n = 0;
    try {
      for (const q of batch(options.warmup)) await ask(agent, endpoint, q, ++n);
      const byType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, { times: [] as number[], mismatches: 0, examples: [] as string[] }]));
      const all: number[] = [];
      for (const q of batch(options.questions)) {
        const answer = await ask(agent, endpoint, q, ++n);
        const mine = byType[q.type]!;
        mine.times.push(answer.ms);
        all.push(answer.ms);
        if (!answer.ok) {
          mine.mismatches++;
          if (mine.examples.length < 3) mine.examples.push(`"${q.text}" (${q.locale}) -> ${answer.got}`);
        }
      }
      progress(`PostgreSQL, ${label} contacts: ${CONCURRENT_CONNECTIONS} connections at once…`);
      const queue = batch(options.questions);
      const concurrentTimes: number[] = [];
      let concurrentMismatches = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: CONCURRENT_CONNECTIONS }, async () => {
          for (let q = queue.pop(); q; q = queue.pop()) {
            const answer = await ask(agent, endpoint, q, ++n);
            concurrentTimes.push(answer.ms);
            if (!answer.ok) concurrentMismatches++;
          }
        }),
      );
      const seconds = msSince(started) / 1000;
      return {
        contacts: summary.contacts,
        rows,
        importSeconds: summary.seconds,
        rowsPerSecond: rows / summary.seconds,
        clientCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
        serverCpuSeconds: serverCpu,
        vacuumSeconds,
        strategy: summary.strategy,
        dbBytes,
        botStartMs: bot.startupMs,
        byType: Object.fromEntries(
          QUESTION_TYPES.map((t) => [t, { latency: summarize(byType[t]!.times), mismatches: byType[t]!.mismatches, examples: byType[t]!.examples }]),
        ) as Record<QuestionType, PgAnswers>,
        serial: summarize(all),
        concurrent: { latency: summarize(concurrentTimes), turnsPerSecond: concurrentTimes.length / seconds, mismatches: concurrentMismatches },
      };
    } finally {
      agent.destroy();
      await bot.stop();
      await this.cluster.dropDatabase(`bench_${data.contacts}`);
    }
  }

  async stop(): Promise<void> {
    await this.cluster.destroy();
  }
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0);

export function postgresReport(results: readonly PgSizeResult[], options: { questions: number; warmup: number }, targetSize: number): string[] {
  const out: string[] = [];
  out.push('PostgreSQL (DATABASE_URL; a throwaway PostgreSQL cluster on this machine, fsync on, shared_buffers 1GB)');
  out.push('Import (the batch write npm run import runs: a first load COPY straight into the emptied tables, else into staging tables, then set-based; the same CSV files as above; CPU seconds of this process and of the server during it; then VACUUM ANALYZE, timed apart)');
  out.push(
    formatTable(
      ['contacts', 'rows', 'import s', 'rows/s', 'strategy', 'client CPU s', 'server CPU s', 'vacuum s', 'DB MB'],
      results.map((r) => [
        formatInt(r.contacts),
        formatInt(r.rows),
        r.importSeconds.toFixed(2),
        formatInt(r.rowsPerSecond),
        r.strategy,
        r.clientCpuSeconds.toFixed(1),
        r.serverCpuSeconds.toFixed(1),
        r.vacuumSeconds.toFixed(1),
        mb(r.dbBytes),
      ]),
      ['right', 'right', 'right', 'right', 'left', 'right', 'right', 'right', 'right'],
    ),
  );
  out.push('');
  out.push(
    `Answers over HTTP (the bot process with DATABASE_URL; POST /api/messages, expectReplies, channel webchat; ms per answer; ${options.questions} per type and size one at a time after ${options.warmup} warm-up, then ${options.questions * QUESTION_TYPES.length} from ${CONCURRENT_CONNECTIONS} connections at once)`,
  );
  const rows: string[][] = [];
  for (const r of results) {
    for (const t of QUESTION_TYPES) {
      const { latency, mismatches } = r.byType[t];
      rows.push([formatInt(r.contacts), t, formatMs(latency.p50), formatMs(latency.p90), formatMs(latency.p99), formatMs(latency.max), `${mismatches}/${latency.count}`]);
    }
    rows.push([formatInt(r.contacts), 'all, one at a time', formatMs(r.serial.p50), formatMs(r.serial.p90), formatMs(r.serial.p99), formatMs(r.serial.max), '']);
    const c = r.concurrent;
    rows.push([formatInt(r.contacts), `all, ${CONCURRENT_CONNECTIONS} at once (${formatInt(c.turnsPerSecond)}/s)`, formatMs(c.latency.p50), formatMs(c.latency.p90), formatMs(c.latency.p99), formatMs(c.latency.max), `${c.mismatches}/${c.latency.count}`]);
  }
  out.push(formatTable(['contacts', 'question', 'p50', 'p90', 'p99', 'max', 'mismatches'], rows, ['right', 'left']));
  const examples = results.flatMap((r) => QUESTION_TYPES.flatMap((t) => r.byType[t].examples.map((e) => `  ${formatInt(r.contacts)} ${t}: ${e}`)));
  if (examples.length) out.push('Mismatch examples:', ...examples);
  out.push('');
  out.push(`PostgreSQL targets (at ${formatInt(targetSize)} contacts)`);
  const at = results.find((r) => r.contacts === targetSize);
  const mark = (ok: boolean): string => (ok ? '[pass]' : '[MISS]');
  const importWhat = `import >= ${formatInt(PG_TARGETS.importRowsPerSecond)} rows/s`;
  const answerWhat = `answers over HTTP p99 <= ${PG_TARGETS.answerP99Ms} ms (one at a time)`;
  if (!at) return [...out, `[ -- ] ${importWhat}: not measured`, `[ -- ] ${answerWhat}: not measured`];
  out.push(`${mark(at.rowsPerSecond >= PG_TARGETS.importRowsPerSecond)} ${importWhat}: ${formatInt(at.rowsPerSecond)} rows/s`);
  out.push(`${mark(at.serial.p99 <= PG_TARGETS.answerP99Ms)} ${answerWhat}: ${formatMs(at.serial.p99)} ms`);
  return out;
}
