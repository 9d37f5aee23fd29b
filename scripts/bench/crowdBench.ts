/**
 * The crowd part of `npm run bench` (`--only crowd`): the bot tried as a host would try it, with a crowd of
 * conversations (5,000, one user each, so nobody nears the rate limit) over HTTP `expectReplies`:
 *   - a closed loop of 32 connections against one process and against `WEB_CONCURRENCY=2` (node:cluster), and when
 *     this machine has PostgreSQL's binaries against one process with DATABASE_URL (crowdPostgres.ts), in alternating
 *     rounds: the turns/s of each and their ratios;
 *   - an open loop at a steady 100 turns/s against one process, latency from each turn's scheduled send time (its
 *     client in a process of its own: openLoadProcess.ts);
 *   - the resident memory of every process (the cluster's primary and workers too) after the load;
 *   - start-up, spawn to a healthy /healthz, with the demo database already there.
 * Figures and targets, never a failing test. With `profile`, the one-process server runs under --cpu-prof.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botServerSpec, hrUs, keepProfile, type ProfiledLoad } from './httpBench';
import { LoadGenerator, type LoadResult } from './httpLoad';
import { type OpenLoadResult } from './openLoad';
import { runOpenLoadApart } from './openLoadProcess';
import { percentile, summarize, type LatencySummary } from './percentiles';
import { childPids, readProcessMemory, readTreeCpu, type ProcessMemory } from './procStatus';
import { startBenchPostgres, type BenchPostgres } from './crowdPostgres';
import { startServerProcess, type RunningServerProcess } from './serverProcess';
import { formatInt, formatMs, formatRatio, formatTable } from './table';
import { loadDemoContacts } from './turnMix';

export const CROWD_TARGETS = { clusterRatio: 1.5, postgresRatio: 0.7, openP99Ms: 15, openP50Ms: 3, rssMb: 250, startupMs: 1000 };

export interface CrowdBenchOptions {
  projectRoot: string;
  tempDir: string;
  /** The crowd: conversations, one user each. */
  conversations: number;
  connections: number;
  /** Closed-loop rounds per server (alternating between one process and two). */
  rounds: number;
  roundMs: number;
  warmupMs: number;
  /** The open loop: turns per second, and for how long. */
  openRate: number;
  openMs: number;
  starts: number;
  profile: boolean;
  seed: number;
  log: (message: string) => void;
}

export interface ProcessMemoryReading {
  role: string;
  pid: number;
  memory?: ProcessMemory;
}

export interface ClosedFigures {
  /** The server, for the tables: "one process", "WEB_CONCURRENCY=2", "one process, PostgreSQL". */
  label: string;
  processes: number;
  rounds: LoadResult[];
  turnsPerSecond: number;
  latency: LatencySummary;
  errors: number;
  errorExamples: string[];
  /** CPU per turn of the whole process tree (primary and workers), all threads. */
  cpuMsPerTurn?: number;
  /** Seconds of load this server took (warm-up, rounds, and the open loop for one process). */
  loadSeconds: number;
  memory: ProcessMemoryReading[];
}

export interface CrowdBenchResult {
  options: CrowdBenchOptions;
  one: ClosedFigures;
  two: ClosedFigures;
  /** One process with DATABASE_URL, when PostgreSQL's binaries are there; with the server's version. */
  postgres?: ClosedFigures & { version: string };
  open: OpenLoadResult & { latency: LatencySummary };
  startupMs: number[];
  /** The two-process cluster's start-up, once (both workers listening). */
  clusterStartupMs: number;
  profile?: ProfiledLoad;
}

const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);
const mb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / 2 ** 20).toFixed(0));
const mark = (ok: boolean): string => (ok ? '[pass]' : '[MISS]');

function memoryOf(server: RunningServerProcess, processes: number): ProcessMemoryReading[] {
  const own = { role: processes > 1 ? 'primary' : 'process', pid: server.pid, memory: readProcessMemory(server.pid) };
  if (processes === 1) return [own];
  return [own, ...childPids(server.pid).map((pid, i) => ({ role: `worker ${i + 1}`, pid, memory: readProcessMemory(pid) }))];
}

interface Target {
  label: string;
  processes: number;
  server: RunningServerProcess;
}

export async function runCrowdBench(options: CrowdBenchOptions): Promise<CrowdBenchResult> {
  const { log, projectRoot, tempDir } = options;
  const contacts = loadDemoContacts();
  const profileDir = options.profile ? path.join(tempDir, 'crowd-profile') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  // one campaign database for the SQLite servers (created on the first start), a state file each
  const spec = (processes: number, profile?: string, env: Record<string, string> = {}, name = processes === 1 ? 'bot' : `bot x${processes}`) =>
    botServerSpec(projectRoot, tempDir, {
      name,
      profileDir: profile,
      env: { WEB_CONCURRENCY: String(processes), STATE_DB: path.join(tempDir, `state-${processes}.sqlite`), ...env },
    });

  log('crowd: first start (creates the campaign database from the demo CSVs)…');
  await (await startServerProcess(spec(1))).stop();
  const startupMs: number[] = [];
  for (let i = 0; i < options.starts; i++) {
    const server = await startServerProcess(spec(1));
    startupMs.push(server.startupMs);
    await server.stop();
  }
  log(`crowd: start-up ${startupMs.map((ms) => ms.toFixed(0)).join(', ')} ms`);

  const servers: (RunningServerProcess | undefined)[] = [];
  let postgres: BenchPostgres | undefined;
  try {
    const one = await startServerProcess(spec(1, profileDir));
    servers.push(one);
    const two = await startServerProcess(spec(2));
    servers.push(two);
    // healthy means one worker answers: wait until both have started
    for (let waited = 0; childPids(two.pid).length < 2 && waited < 10_000; waited += 50) await sleep(50);
    const clusterStartupMs = two.startupMs;
    const targets: Target[] = [
      { label: 'one process', processes: 1, server: one },
      { label: 'WEB_CONCURRENCY=2', processes: 2, server: two },
    ];
    postgres = await startBenchPostgres(log);
    if (postgres) {
      // its first start gives the empty database the schemas and the demo data
      const onPostgres = await startServerProcess(spec(1, undefined, { DATABASE_URL: postgres.url }, 'bot on PostgreSQL'));
      servers.push(onPostgres);
      targets.push({ label: 'one process, PostgreSQL', processes: 1, server: onPostgres });
    }
    const generators = targets.map(
      ({ server }, i) => new LoadGenerator(server.url, contacts, { connections: options.connections, seed: options.seed, channelId: 'webchat', label: `crowd${i + 1}` }),
    );
    const plan = { connections: options.connections, conversations: options.conversations, durationMs: options.roundMs };
    const rounds: LoadResult[][] = targets.map(() => []);
    const cpuMs = targets.map(() => 0);
    const loadMs = targets.map(() => 0);
    let profiledTurns = 0;
    const profileFrom = hrUs();
    let open: OpenLoadResult;
    try {
      for (const [i, generator] of generators.entries()) {
        log(`crowd: warm-up, ${targets[i]!.label}, ${options.warmupMs / 1000} s…`);
        const warm = await generator.run({ ...plan, durationMs: options.warmupMs });
        loadMs[i]! += options.warmupMs;
        if (i === 0) profiledTurns += warm.turns;
      }
      for (let r = 0; r < options.rounds; r++) {
        for (const [i, generator] of generators.entries()) {
          const { server, label } = targets[i]!;
          const before = readTreeCpu(server.pid);
          const result = await generator.run(plan);
          const after = readTreeCpu(server.pid);
          if (before && after) cpuMs[i]! += after.totalMs - before.totalMs;
          loadMs[i]! += options.roundMs;
          rounds[i]!.push(result);
          if (i === 0) profiledTurns += result.turns;
          log(`crowd round ${r + 1}/${options.rounds}, ${label}: ${formatInt(result.turnsPerSecond)} turns/s, ${result.errors} errors`);
        }
      }
    } finally {
      for (const generator of generators) generator.close();
    }
    log(`crowd: open loop, ${options.openRate} turns/s for ${options.openMs / 1000} s on one process…`);
    open = await runOpenLoadApart({ baseUrl: one.url, plan: { rate: options.openRate, durationMs: options.openMs, conversations: options.conversations }, options: { seed: options.seed + 7, label: 'open' } });
    loadMs[0]! += options.openMs;
    profiledTurns += open.turns;
    const profileTo = hrUs();

    const figures = (i: number): ClosedFigures => {
      const { processes, server, label } = targets[i]!;
      const all = rounds[i]!;
      const turns = all.reduce((s, r) => s + r.turns, 0);
      return {
        label,
        processes,
        rounds: all,
        turnsPerSecond: median(all.map((r) => r.turnsPerSecond)),
        latency: summarize(all.flatMap((r) => r.latenciesMs)),
        errors: all.reduce((s, r) => s + r.errors, 0),
        errorExamples: all.flatMap((r) => r.errorExamples).slice(0, 5),
        cpuMsPerTurn: turns && cpuMs[i]! > 0 ? cpuMs[i]! / turns : undefined,
        loadSeconds: loadMs[i]! / 1000,
        memory: memoryOf(server, processes),
      };
    };
    const result: CrowdBenchResult = {
      options,
      one: figures(0),
      two: figures(1),
      postgres: postgres && targets[2] ? { ...figures(2), version: postgres.version } : undefined,
      open: { ...open, latency: summarize(open.latenciesMs) },
      startupMs,
      clusterStartupMs,
    };
    for (const [i, { server, label }] of targets.entries()) {
      const code = await server.stop();
      if (code !== 0) log(`crowd: the ${label} server exited with ${code} (see ${server.logFile})`);
      servers[i] = undefined;
    }
    if (profileDir) result.profile = keepProfile(profileDir, { fromUs: profileFrom, toUs: profileTo }, projectRoot, profiledTurns);
    return result;
  } finally {
    for (const server of servers) await server?.stop();
    await postgres?.stop();
  }
}

export function crowdReport(result: CrowdBenchResult): string[] {
  const { options, one, two, postgres, open } = result;
  const closed = [one, two, ...(postgres ? [postgres] : [])];
  const out: string[] = [];
  const ratio = two.turnsPerSecond / one.turnsPerSecond;
  out.push(
    `Crowd: POST /api/messages with deliveryMode expectReplies from ${formatInt(options.conversations)} conversations, one user each (the HTTP part's turn mix), ` +
      `closed loop of ${options.connections} connections, ${options.rounds} rounds of ${options.roundMs / 1000} s per server, one process and WEB_CONCURRENCY=2 on SQLite` +
      `${postgres ? ` and one process on PostgreSQL ${postgres.version} (DATABASE_URL: every store in it; a throwaway cluster on this machine with PostgreSQL's durable defaults)` : ''} alternating, ` +
      `after ${options.warmupMs / 1000} s of warm-up each. CPU: all threads of all the server's processes, per turn.`,
  );
  const row = (f: ClosedFigures): string[] => {
    const rates = f.rounds.map((r) => r.turnsPerSecond);
    return [
      f.label,
      formatInt(f.turnsPerSecond),
      `${formatInt(Math.min(...rates))}-${formatInt(Math.max(...rates))}`,
      formatMs(f.latency.p50),
      formatMs(f.latency.p99),
      `${f.errors}/${formatInt(f.latency.count)}`,
      f.cpuMsPerTurn === undefined ? 'n/a' : f.cpuMsPerTurn.toFixed(2),
    ];
  };
  out.push(formatTable(['server', 'turns/s', '(rounds)', 'p50 ms', 'p99 ms', 'errors/turns', 'CPU ms/turn'], closed.map(row), ['left']));
  out.push(`WEB_CONCURRENCY=2 / one process: ${formatRatio(ratio)} the turns/s`);
  const postgresRatio = postgres && postgres.turnsPerSecond / one.turnsPerSecond;
  if (postgresRatio !== undefined) out.push(`PostgreSQL / SQLite, one process each: ${formatRatio(postgresRatio)} the turns/s (CPU per turn counts the bot's processes, not PostgreSQL's)`);
  else out.push('PostgreSQL: not measured (no PostgreSQL server binaries on this machine)');
  out.push('');
  out.push(
    `Steady load (open loop) on one process: ${options.openRate} turns/s for ${options.openMs / 1000} s, sent on a fixed schedule by a client in a process of its own; latency from each turn's scheduled send time, ` +
      `so queueing in the server or the client counts.`,
  );
  out.push(
    formatTable(
      ['turns', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'client lag max ms'],
      [[formatInt(open.turns), formatMs(open.latency.p50), formatMs(open.latency.p90), formatMs(open.latency.p99), formatMs(open.latency.max), String(open.errors), formatMs(open.maxSendLagMs)]],
    ),
  );
  out.push('');
  out.push('Resident memory (VmRSS) of every process after the load, and its peak (VmHWM)');
  const memoryRows = closed.flatMap((f) =>
    f.memory.map((m) => [f.label, m.role, `${Math.round(f.loadSeconds)} s`, mb(m.memory?.rssBytes), mb(m.memory?.peakRssBytes)]),
  );
  out.push(formatTable(['server', 'process', 'load', 'RSS MB', 'peak MB'], memoryRows, ['left', 'left']));
  out.push('');
  out.push(
    `Start-up with the demo database present (spawn to the first 200 on /healthz): one process ${formatMs(median(result.startupMs))} ms (median of ${result.startupMs.map((ms) => ms.toFixed(0)).join(', ')}); ` +
      `WEB_CONCURRENCY=2 ${formatMs(result.clusterStartupMs)} ms (once).`,
  );
  const examples = [...closed.flatMap((f) => f.errorExamples), ...open.errorExamples];
  if (examples.length) out.push('', 'Errors:', ...examples.map((e) => `  ${e}`));
  const maxRss = Math.max(...closed.flatMap((f) => f.memory.map((m) => m.memory?.rssBytes ?? 0))) / 2 ** 20;
  const heavily = closed.every((f) => f.loadSeconds >= 60);
  out.push('');
  out.push('Targets');
  out.push(`${mark(ratio >= CROWD_TARGETS.clusterRatio)} WEB_CONCURRENCY=2 turns/s >= ${CROWD_TARGETS.clusterRatio}x one process's: ${formatRatio(ratio)}`);
  if (postgresRatio !== undefined) out.push(`${mark(postgresRatio >= CROWD_TARGETS.postgresRatio)} PostgreSQL turns/s >= ${CROWD_TARGETS.postgresRatio}x SQLite's, one process each: ${formatRatio(postgresRatio)}`);
  out.push(`${mark(open.latency.p99 <= CROWD_TARGETS.openP99Ms)} steady ${options.openRate} turns/s on one process: p99 <= ${CROWD_TARGETS.openP99Ms} ms: ${formatMs(open.latency.p99)} ms`);
  out.push(`${mark(open.latency.p50 <= CROWD_TARGETS.openP50Ms)} steady ${options.openRate} turns/s on one process: p50 <= ${CROWD_TARGETS.openP50Ms} ms: ${formatMs(open.latency.p50)} ms`);
  out.push(
    `${mark(maxRss <= CROWD_TARGETS.rssMb)} RSS of every process after ${heavily ? 'at least 60 s' : 'a short (--quick)'} load <= ${CROWD_TARGETS.rssMb} MB: ${maxRss.toFixed(0)} MB at most`,
  );
  out.push(`${mark(median(result.startupMs) <= CROWD_TARGETS.startupMs)} start-up to a healthy /healthz with the demo database <= ${CROWD_TARGETS.startupMs} ms: ${formatMs(median(result.startupMs))} ms`);
  const failed = closed.map((f) => `${f.errors} (${f.label})`).join(', ');
  out.push(`${mark(closed.reduce((sum, f) => sum + f.errors, open.errors) === 0)} no failed turns: ${failed}, ${open.errors} (open loop)`);
  return out;
}
