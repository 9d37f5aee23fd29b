/**
 * The crowd part of `npm run bench` (`--only crowd`): the bot tried as a host would try it, with a crowd of
 * conversations (5,000, one user each, so nobody nears the rate limit) over HTTP `expectReplies`:
 *   - a closed loop of 32 connections against one process and against `WEB_CONCURRENCY=2` (node:cluster) in
 *     alternating rounds, then, when this machine has PostgreSQL's binaries, against one process and one with
 *     DATABASE_URL (crowdPostgres.ts) in alternating rounds: the turns/s of each and their ratios;
 *   - an open loop at a steady 100 turns/s against one process, the other servers stopped, latency from each turn's
 *     scheduled send time (its client in a process of its own: openLoadProcess.ts);
 *   - the resident memory of every process (the cluster's primary and workers too) after the load;
 *   - start-up, spawn to a healthy /healthz, with the demo database already there.
 * Figures and targets, never a failing test. With `profile`, the one-process server runs under --cpu-prof.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botServerSpec, hrUs, keepProfile, type ProfiledLoad } from './httpBench';
import { LoadGenerator, type LoadPlan, type LoadResult } from './httpLoad';
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
  /** CPU per turn of the load generator (this process) during the rounds. */
  clientCpuMsPerTurn: number;
  /** Seconds of load this server took (warm-up, rounds, and the open loop for one process). */
  loadSeconds: number;
  memory: ProcessMemoryReading[];
}

export interface CrowdBenchResult {
  options: CrowdBenchOptions;
  one: ClosedFigures;
  two: ClosedFigures;
  /**
   * One process with DATABASE_URL, when PostgreSQL's binaries are there, with the server's version, and the one
   * SQLite process's rounds alternating with it (the ratio's other side, measured under the same conditions).
   */
  postgres?: ClosedFigures & { version: string; sqliteTurnsPerSecond: number };
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

/** A closed-loop round, with the CPU the server's processes and the load generator used in it. */
interface Round extends LoadResult {
  serverCpuMs?: number;
  clientCpuMs: number;
}

/** A server under closed-loop load, with what it has been through so far. */
class Target {
  private loadMs = 0;
  /** Turns answered, warm-ups included (what a profile of the process covers). */
  turns = 0;
  /** Rounds per comparison it took part in (the one process takes part in two). */
  readonly roundsBy = new Map<string, Round[]>();

  constructor(
    readonly label: string,
    readonly processes: number,
    readonly server: RunningServerProcess,
    readonly generator: LoadGenerator,
  ) {}

  async run(plan: LoadPlan, comparison?: string): Promise<LoadResult> {
    const before = readTreeCpu(this.server.pid);
    const client = process.cpuUsage();
    const result = await this.generator.run(plan);
    const clientUsed = process.cpuUsage(client);
    const after = readTreeCpu(this.server.pid);
    this.loadMs += plan.durationMs ?? 0;
    this.turns += result.turns;
    if (comparison === undefined) return result;
    const round: Round = { ...result, serverCpuMs: before && after ? after.totalMs - before.totalMs : undefined, clientCpuMs: (clientUsed.user + clientUsed.system) / 1000 };
    this.roundsBy.set(comparison, [...(this.roundsBy.get(comparison) ?? []), round]);
    return result;
  }

  addLoad(ms: number): void {
    this.loadMs += ms;
  }

  /** Its figures over `rounds` (by default every round it ran), memory read now (after the load). */
  figures(rounds: readonly Round[] = [...this.roundsBy.values()].flat()): ClosedFigures {
    const turns = rounds.reduce((s, r) => s + r.turns, 0);
    const serverCpuMs = rounds.every((r) => r.serverCpuMs !== undefined) ? rounds.reduce((s, r) => s + r.serverCpuMs!, 0) : 0;
    return {
      label: this.label,
      processes: this.processes,
      rounds: [...rounds],
      turnsPerSecond: median(rounds.map((r) => r.turnsPerSecond)),
      latency: summarize(rounds.flatMap((r) => r.latenciesMs)),
      errors: rounds.reduce((s, r) => s + r.errors, 0),
      errorExamples: rounds.flatMap((r) => r.errorExamples).slice(0, 5),
      cpuMsPerTurn: turns && serverCpuMs > 0 ? serverCpuMs / turns : undefined,
      clientCpuMsPerTurn: turns ? rounds.reduce((s, r) => s + r.clientCpuMs, 0) / turns : 0,
      loadSeconds: this.loadMs / 1000,
      memory: memoryOf(this.server, this.processes),
    };
  }
}

/**
 * Warms each target up, then runs `rounds` rounds of each in turn (a, b, a, b...), so that whatever else the machine
 * does falls on both alike.
 */
async function alternate(comparison: string, targets: readonly Target[], options: CrowdBenchOptions): Promise<void> {
  const plan = { connections: options.connections, conversations: options.conversations, durationMs: options.roundMs };
  for (const target of targets) {
    options.log(`crowd: warm-up, ${target.label}, ${options.warmupMs / 1000} s…`);
    await target.run({ ...plan, durationMs: options.warmupMs });
  }
  for (let r = 0; r < options.rounds; r++) {
    for (const target of targets) {
      const result = await target.run(plan, comparison);
      options.log(`crowd round ${r + 1}/${options.rounds} (${comparison}), ${target.label}: ${formatInt(result.turnsPerSecond)} turns/s, ${result.errors} errors`);
    }
  }
}

/**
 * Three phases, each with only the servers it compares running: one process against WEB_CONCURRENCY=2; then (with
 * PostgreSQL's binaries) one process against one on PostgreSQL, the cluster stopped; then the open loop on the one
 * process alone, every other server and PostgreSQL stopped, so that their background work (a checkpoint, autovacuum)
 * does not land in its tail.
 */
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

  const running: Target[] = [];
  let postgres: BenchPostgres | undefined;
  const start = async (label: string, processes: number, serverSpec: ReturnType<typeof spec>): Promise<Target> => {
    const server = await startServerProcess(serverSpec);
    const generator = new LoadGenerator(server.url, contacts, { connections: options.connections, seed: options.seed, channelId: 'webchat', label: `crowd${running.length + 1}` });
    const target = new Target(label, processes, server, generator);
    running.push(target);
    return target;
  };
  const stop = async (target: Target): Promise<void> => {
    target.generator.close();
    running.splice(running.indexOf(target), 1);
    const code = await target.server.stop();
    if (code !== 0) log(`crowd: the ${target.label} server exited with ${code} (see ${target.server.logFile})`);
  };
  try {
    const one = await start('one process', 1, spec(1, profileDir));
    const profileFrom = hrUs();
    const two = await start('WEB_CONCURRENCY=2', 2, spec(2));
    // healthy means one worker answers: wait until both have started
    for (let waited = 0; childPids(two.server.pid).length < 2 && waited < 10_000; waited += 50) await sleep(50);
    const clusterStartupMs = two.server.startupMs;
    await alternate('cluster', [one, two], options);
    const twoFigures = two.figures();
    await stop(two);

    let postgresFigures: CrowdBenchResult['postgres'];
    postgres = await startBenchPostgres(log);
    if (postgres) {
      // its first start gives the empty database the schemas and the demo data
      const onPostgres = await start('one process, PostgreSQL', 1, spec(1, undefined, { DATABASE_URL: postgres.url }, 'bot on PostgreSQL'));
      await alternate('postgres', [one, onPostgres], options);
      const sqliteRounds = one.roundsBy.get('postgres') ?? [];
      postgresFigures = { ...onPostgres.figures(), version: postgres.version, sqliteTurnsPerSecond: median(sqliteRounds.map((r) => r.turnsPerSecond)) };
      await stop(onPostgres);
      await postgres.stop();
      postgres = undefined;
    }

    log(`crowd: open loop, ${options.openRate} turns/s for ${options.openMs / 1000} s on one process, alone…`);
    const open = await runOpenLoadApart({ baseUrl: one.server.url, plan: { rate: options.openRate, durationMs: options.openMs, conversations: options.conversations }, options: { seed: options.seed + 7, label: 'open' } });
    one.addLoad(options.openMs);
    const profileTo = hrUs();
    const profiledTurns = one.turns + open.turns;

    const result: CrowdBenchResult = {
      options,
      one: one.figures(one.roundsBy.get('cluster')),
      two: twoFigures,
      postgres: postgresFigures,
      open: { ...open, latency: summarize(open.latenciesMs) },
      startupMs,
      clusterStartupMs,
    };
    await stop(one);
    if (profileDir) result.profile = keepProfile(profileDir, { fromUs: profileFrom, toUs: profileTo }, projectRoot, profiledTurns);
    return result;
  } finally {
    for (const target of [...running]) await stop(target).catch(() => undefined);
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
      `closed loop of ${options.connections} connections, ${options.rounds} rounds of ${options.roundMs / 1000} s per server after ${options.warmupMs / 1000} s of warm-up each: ` +
      `one process and WEB_CONCURRENCY=2 on SQLite alternating` +
      `${postgres ? `; then, the cluster stopped, one process on SQLite and one on PostgreSQL ${postgres.version} (DATABASE_URL: every store in it; a throwaway cluster on this machine with PostgreSQL's durable defaults) alternating` : ''}. ` +
      `CPU: all threads of all the server's processes, per turn; the load generator runs in the benchmark's process, on the same cores, and its CPU per turn is shown beside.`,
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
      f.clientCpuMsPerTurn.toFixed(2),
    ];
  };
  out.push(formatTable(['server', 'turns/s', '(rounds)', 'p50 ms', 'p99 ms', 'errors/turns', 'CPU ms/turn', 'load generator CPU ms/turn'], closed.map(row), ['left']));
  out.push(`WEB_CONCURRENCY=2 / one process: ${formatRatio(ratio)} the turns/s`);
  if (one.cpuMsPerTurn !== undefined) {
    const cores = os.availableParallelism();
    const perTurn = one.cpuMsPerTurn + one.clientCpuMsPerTurn;
    const ceiling = (cores * 1000) / perTurn;
    out.push(
      `Ceiling on this machine: ${cores} cores at one process's CPU per turn (${one.cpuMsPerTurn.toFixed(2)} ms, its JavaScript thread and the threads working for it, ` +
        `plus the load generator's ${one.clientCpuMsPerTurn.toFixed(2)}) give ${formatInt(ceiling)} turns/s, ${formatRatio(ceiling / one.turnsPerSecond)} one process's: ` +
        `what any number of processes would reach if a second one cost nothing of its own`,
    );
  }
  const postgresRatio = postgres && postgres.turnsPerSecond / postgres.sqliteTurnsPerSecond;
  if (postgres && postgresRatio !== undefined)
    out.push(
      `PostgreSQL / SQLite, one process each: ${formatRatio(postgresRatio)} the turns/s (${formatInt(postgres.sqliteTurnsPerSecond)} on SQLite in the rounds alternating with PostgreSQL's; CPU per turn counts the bot's processes, not PostgreSQL's)`,
    );
  else out.push('PostgreSQL: not measured (no PostgreSQL server binaries on this machine)');
  out.push('');
  out.push(
    `Steady load (open loop) on one process, the other servers stopped: ${options.openRate} turns/s for ${options.openMs / 1000} s, sent on a fixed schedule by a client in a process of its own; ` +
      `latency from each turn's scheduled send time, so queueing in the server or the client counts.`,
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
