/**
 * The crowd part of `npm run bench` (`--only crowd`): the bot tried as a host would try it, with a crowd of
 * conversations (5,000, one user each, so nobody nears the rate limit) over HTTP `expectReplies`:
 *   - a closed loop of 32 connections against one process and against `WEB_CONCURRENCY=2` (node:cluster), in
 *     alternating rounds: the turns/s of each and their ratio;
 *   - an open loop at a steady 100 turns/s against one process, latency from each turn's scheduled send time;
 *   - the resident memory of every process (the cluster's primary and workers too) after the load;
 *   - start-up, spawn to a healthy /healthz, with the demo database already there.
 * Figures and targets, never a failing test. With `profile`, the one-process server runs under --cpu-prof.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { botServerSpec, hrUs, keepProfile, type ProfiledLoad } from './httpBench';
import { LoadGenerator, type LoadResult } from './httpLoad';
import { runOpenLoad, type OpenLoadResult } from './openLoad';
import { percentile, summarize, type LatencySummary } from './percentiles';
import { childPids, readProcessMemory, readTreeCpu, type ProcessMemory } from './procStatus';
import { startServerProcess, type RunningServerProcess } from './serverProcess';
import { formatInt, formatMs, formatRatio, formatTable } from './table';
import { loadDemoContacts } from './turnMix';

export const CROWD_TARGETS = { clusterRatio: 1.5, openP99Ms: 15, openP50Ms: 3, rssMb: 250, startupMs: 1000 };

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

export async function runCrowdBench(options: CrowdBenchOptions): Promise<CrowdBenchResult> {
  const { log, projectRoot, tempDir } = options;
  const contacts = loadDemoContacts();
  const profileDir = options.profile ? path.join(tempDir, 'crowd-profile') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  // one campaign database for both servers (created on the first start), a state file each
  const spec = (processes: number, profile?: string) =>
    botServerSpec(projectRoot, tempDir, {
      name: processes === 1 ? 'bot' : `bot x${processes}`,
      profileDir: profile,
      env: { WEB_CONCURRENCY: String(processes), STATE_DB: path.join(tempDir, `state-${processes}.sqlite`) },
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

  const servers: { one?: RunningServerProcess; two?: RunningServerProcess } = {};
  try {
    servers.one = await startServerProcess(spec(1, profileDir));
    servers.two = await startServerProcess(spec(2));
    // healthy means one worker answers: wait until both have started
    for (let waited = 0; childPids(servers.two.pid).length < 2 && waited < 10_000; waited += 50) await sleep(50);
    const clusterStartupMs = servers.two.startupMs;
    const targets = [
      { processes: 1, server: servers.one },
      { processes: 2, server: servers.two },
    ];
    const generators = targets.map(
      ({ processes, server }) => new LoadGenerator(server.url, contacts, { connections: options.connections, seed: options.seed, channelId: 'webchat', label: `crowd${processes}` }),
    );
    const plan = { connections: options.connections, conversations: options.conversations, durationMs: options.roundMs };
    const rounds: LoadResult[][] = [[], []];
    const cpuMs = [0, 0];
    const loadMs = [0, 0];
    let profiledTurns = 0;
    const profileFrom = hrUs();
    let open: OpenLoadResult;
    try {
      for (const [i, generator] of generators.entries()) {
        log(`crowd: warm-up, ${targets[i]!.processes} process(es), ${options.warmupMs / 1000} s…`);
        const warm = await generator.run({ ...plan, durationMs: options.warmupMs });
        loadMs[i]! += options.warmupMs;
        if (i === 0) profiledTurns += warm.turns;
      }
      for (let r = 0; r < options.rounds; r++) {
        for (const [i, generator] of generators.entries()) {
          const { server, processes } = targets[i]!;
          const before = readTreeCpu(server.pid);
          const result = await generator.run(plan);
          const after = readTreeCpu(server.pid);
          if (before && after) cpuMs[i]! += after.totalMs - before.totalMs;
          loadMs[i]! += options.roundMs;
          rounds[i]!.push(result);
          if (i === 0) profiledTurns += result.turns;
          log(`crowd round ${r + 1}/${options.rounds}, ${processes} process(es): ${formatInt(result.turnsPerSecond)} turns/s, ${result.errors} errors`);
        }
      }
    } finally {
      for (const generator of generators) generator.close();
    }
    log(`crowd: open loop, ${options.openRate} turns/s for ${options.openMs / 1000} s on one process…`);
    open = await runOpenLoad(servers.one.url, contacts, { rate: options.openRate, durationMs: options.openMs, conversations: options.conversations }, { seed: options.seed + 7, label: 'open' });
    loadMs[0]! += options.openMs;
    profiledTurns += open.turns;
    const profileTo = hrUs();

    const figures = (i: number): ClosedFigures => {
      const { processes, server } = targets[i]!;
      const all = rounds[i]!;
      const turns = all.reduce((s, r) => s + r.turns, 0);
      return {
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
    const result: CrowdBenchResult = { options, one: figures(0), two: figures(1), open: { ...open, latency: summarize(open.latenciesMs) }, startupMs, clusterStartupMs };
    for (const key of ['one', 'two'] as const) {
      const code = await servers[key]!.stop();
      if (code !== 0) log(`crowd: the ${key === 'one' ? 'one-process' : 'two-process'} server exited with ${code} (see ${servers[key]!.logFile})`);
      delete servers[key];
    }
    if (profileDir) result.profile = keepProfile(profileDir, { fromUs: profileFrom, toUs: profileTo }, projectRoot, profiledTurns);
    return result;
  } finally {
    for (const server of Object.values(servers)) await server?.stop();
  }
}

export function crowdReport(result: CrowdBenchResult): string[] {
  const { options, one, two, open } = result;
  const out: string[] = [];
  const ratio = two.turnsPerSecond / one.turnsPerSecond;
  out.push(
    `Crowd: POST /api/messages with deliveryMode expectReplies from ${formatInt(options.conversations)} conversations, one user each (the HTTP part's turn mix), ` +
      `closed loop of ${options.connections} connections, ${options.rounds} rounds of ${options.roundMs / 1000} s per server, one process and WEB_CONCURRENCY=2 alternating, ` +
      `after ${options.warmupMs / 1000} s of warm-up each. CPU: all threads of all the server's processes, per turn.`,
  );
  const row = (f: ClosedFigures): string[] => {
    const rates = f.rounds.map((r) => r.turnsPerSecond);
    return [
      f.processes === 1 ? 'one process' : `WEB_CONCURRENCY=${f.processes}`,
      formatInt(f.turnsPerSecond),
      `${formatInt(Math.min(...rates))}-${formatInt(Math.max(...rates))}`,
      formatMs(f.latency.p50),
      formatMs(f.latency.p99),
      `${f.errors}/${formatInt(f.latency.count)}`,
      f.cpuMsPerTurn === undefined ? 'n/a' : f.cpuMsPerTurn.toFixed(2),
    ];
  };
  out.push(formatTable(['server', 'turns/s', '(rounds)', 'p50 ms', 'p99 ms', 'errors/turns', 'CPU ms/turn'], [row(one), row(two)]));
  out.push(`WEB_CONCURRENCY=2 / one process: ${formatRatio(ratio)} the turns/s`);
  out.push('');
  out.push(
    `Steady load (open loop) on one process: ${options.openRate} turns/s for ${options.openMs / 1000} s, sent on a fixed schedule; latency from each turn's scheduled send time, ` +
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
  const memoryRows = [one, two].flatMap((f) =>
    f.memory.map((m) => [f.processes === 1 ? 'one process' : `WEB_CONCURRENCY=${f.processes}`, m.role, `${Math.round(f.loadSeconds)} s`, mb(m.memory?.rssBytes), mb(m.memory?.peakRssBytes)]),
  );
  out.push(formatTable(['server', 'process', 'load', 'RSS MB', 'peak MB'], memoryRows, ['left', 'left']));
  out.push('');
  out.push(
    `Start-up with the demo database present (spawn to the first 200 on /healthz): one process ${formatMs(median(result.startupMs))} ms (median of ${result.startupMs.map((ms) => ms.toFixed(0)).join(', ')}); ` +
      `WEB_CONCURRENCY=2 ${formatMs(result.clusterStartupMs)} ms (once).`,
  );
  const examples = [...one.errorExamples, ...two.errorExamples, ...open.errorExamples];
  if (examples.length) out.push('', 'Errors:', ...examples.map((e) => `  ${e}`));
  const maxRss = Math.max(...[one, two].flatMap((f) => f.memory.map((m) => m.memory?.rssBytes ?? 0))) / 2 ** 20;
  const heavily = [one, two].every((f) => f.loadSeconds >= 60);
  out.push('');
  out.push('Targets');
  out.push(`${mark(ratio >= CROWD_TARGETS.clusterRatio)} WEB_CONCURRENCY=2 turns/s >= ${CROWD_TARGETS.clusterRatio}x one process's: ${formatRatio(ratio)}`);
  out.push(`${mark(open.latency.p99 <= CROWD_TARGETS.openP99Ms)} steady ${options.openRate} turns/s on one process: p99 <= ${CROWD_TARGETS.openP99Ms} ms: ${formatMs(open.latency.p99)} ms`);
  out.push(`${mark(open.latency.p50 <= CROWD_TARGETS.openP50Ms)} steady ${options.openRate} turns/s on one process: p50 <= ${CROWD_TARGETS.openP50Ms} ms: ${formatMs(open.latency.p50)} ms`);
  out.push(
    `${mark(maxRss <= CROWD_TARGETS.rssMb)} RSS of every process after ${heavily ? 'at least 60 s' : 'a short (--quick)'} load <= ${CROWD_TARGETS.rssMb} MB: ${maxRss.toFixed(0)} MB at most`,
  );
  out.push(`${mark(median(result.startupMs) <= CROWD_TARGETS.startupMs)} start-up to a healthy /healthz with the demo database <= ${CROWD_TARGETS.startupMs} ms: ${formatMs(median(result.startupMs))} ms`);
  out.push(`${mark(one.errors + two.errors + open.errors === 0)} no failed turns: ${one.errors} (one process), ${two.errors} (two), ${open.errors} (open loop)`);
  return out;
}
