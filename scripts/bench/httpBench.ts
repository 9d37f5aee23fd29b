/**
 * Parts 1 and 3 of `npm run bench`: the bot and the echo bot (the floor of botbuilder + restify) as child processes
 * on this machine, started a few times each (start-up: spawn to a healthy /healthz), then loaded over HTTP in
 * alternating rounds, with their memory (idle and after the load) and CPU time per turn read from /proc. With
 * `profile`, the bot runs under `--cpu-prof` and the report says where its main thread spent the load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { analyseProfile, readCpuProfile, type ProfileAnalysis, type TimeWindow } from './cpuProfile';
import { keepAliveAgent, LoadGenerator, messageActivity, postJson, repliesOf, type LoadPlan, type LoadResult } from './httpLoad';
import { percentile, summarize, type LatencySummary } from './percentiles';
import { cpuDelta, type ProcessCpu, type ProcessMemory } from './procStatus';
import { startServerProcess, type RunningServerProcess, type ServerSpec } from './serverProcess';
import { formatInt, formatMs, formatRatio, formatTable } from './table';
import { loadDemoContacts, standaloneQuestions, TURNS_PER_CONVERSATION, type DemoContact, type TurnKind } from './turnMix';

export const HTTP_TARGETS = { throughputRatio: 0.8, botP99Ms: 50 };

const TURN_MIX = `${TURNS_PER_CONVERSATION} turns each, half English, half Spanish: status questions with follow-ups, contact questions by id and by phone`;

export interface HttpBenchOptions {
  projectRoot: string;
  tempDir: string;
  /** Measured rounds per server. */
  rounds: number;
  roundMs: number;
  warmupMs: number;
  connections: number;
  conversations: number;
  /** Turns sent one at a time (one connection), for the latency of a turn without queueing. */
  serialTurns: number;
  /** Starts of each server timed for the start-up figure. */
  starts: number;
  /** How long after a start the idle memory is read. */
  idleMs: number;
  profile: boolean;
  seed: number;
  log: (message: string) => void;
}

type TargetName = 'bot' | 'echo';
const TARGETS: readonly TargetName[] = ['bot', 'echo'];

export interface TargetFigures {
  name: TargetName;
  rounds: LoadResult[];
  /** Median of the rounds' turns/s. */
  turnsPerSecond: number;
  /** Every turn of every measured round. */
  latency: LatencySummary;
  byKind: Partial<Record<TurnKind, LatencySummary>>;
  errors: number;
  errorExamples: string[];
  /** CPU per turn over the measured rounds (all threads, and the JS thread alone). */
  cpuPerTurn?: ProcessCpu;
  /** CPU of this process (the load generator) per turn over the measured rounds: it shares the machine's cores. */
  clientCpuMsPerTurn: number;
  /** Log bytes written per turn over the measured rounds. */
  logBytesPerTurn: number;
  serial: LatencySummary;
  startupMs: number[];
  idle?: ProcessMemory;
  afterLoad?: ProcessMemory;
}

export interface RecognitionCheck {
  checked: number;
  mismatches: string[];
}

export interface HttpBenchResult {
  options: HttpBenchOptions;
  bot: TargetFigures;
  echo: TargetFigures;
  /** The bot's very first start, which creates its campaign database from the demo CSVs. */
  firstStartMs: number;
  recognition: RecognitionCheck;
  /** `file` is a copy of the .cpuprofile kept after the run (open it in Chrome DevTools' Performance panel). */
  profile?: ProfiledLoad;
}

const EXPECTED_INTENT: Partial<Record<TurnKind, string>> = { status: 'status.explain', 'contact.why_bad': 'contact.why_bad', 'contact.attempts': 'contact.attempts' };

/** Each standalone question of the mix once, on channel `emulator` (whose first reply is the RecognizerResult trace). */
async function checkRecognition(url: string, contacts: readonly DemoContact[]): Promise<RecognitionCheck> {
  const agent = keepAliveAgent(1);
  const target = new URL('/api/messages', url);
  const mismatches: string[] = [];
  const questions = standaloneQuestions(contacts);
  try {
    for (const [i, q] of questions.entries()) {
      const conversation = { id: `bench-check-${i}`, user: `bench-check-user-${i}`, locale: q.language === 'en' ? 'en-US' : 'es-MX' };
      const replies = repliesOf(await postJson(agent, target, JSON.stringify(messageActivity(conversation, q.text, 'emulator'))));
      if ('problem' in replies) {
        mismatches.push(`"${q.text}": ${replies.problem}`);
        continue;
      }
      const trace = replies.activities.find((a) => a.type === 'trace' && String(a.valueType).endsWith('recognizerResult'));
      const intents = (trace?.value as { intents?: Record<string, unknown> } | undefined)?.intents ?? {};
      const top = Object.keys(intents)[0] ?? '(no trace)';
      if (top !== EXPECTED_INTENT[q.kind]) mismatches.push(`"${q.text}": expected ${EXPECTED_INTENT[q.kind]}, got ${top}`);
    }
  } finally {
    agent.destroy();
  }
  return { checked: questions.length, mismatches };
}

const median = (values: readonly number[]): number => percentile([...values].sort((a, b) => a - b), 50);

/**
 * The bot as the benchmarks run it: what `npm start` runs (the bundle, dist/bot.js), its files in `tempDir`, logging
 * at info to a file, no auth, open access. Profiled, it runs tsc's output instead (the same code, one file per module),
 * so that the profile can say which of our files each cost is in.
 */
export function botServerSpec(projectRoot: string, tempDir: string, options: { profileDir?: string; env?: Record<string, string>; name?: string } = {}): ServerSpec {
  const name = options.name ?? 'bot';
  return {
    name,
    script: options.profileDir ? path.join(projectRoot, 'dist', 'src', 'start.js') : path.join(projectRoot, 'dist', 'bot.js'),
    cwd: projectRoot,
    env: {
      CAMPAIGN_DB: path.join(tempDir, 'campaigns.sqlite'),
      STATE_DB: path.join(tempDir, 'state.sqlite'),
      AUDIT_LOG: path.join(tempDir, 'audit.log'),
      // the default level, as in production: one `turn` and one `http.request` line per turn
      LOG_LEVEL: 'info',
      // no authentication and open access, as `npm start` runs locally
      MicrosoftAppId: '',
      ACCESS_FILE: '',
      ...options.env,
    },
    // 500 µs: twice the default sampling rate, for short quick runs
    extraNodeFlags: options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-interval', '500'] : [],
    logFile: path.join(tempDir, `${name.replace(/\W+/g, '-')}.log`),
  };
}

function specFor(name: TargetName, options: HttpBenchOptions, profileDir?: string): ServerSpec {
  if (name === 'echo') {
    const logFile = path.join(options.tempDir, `${name}.log`);
    return { name: 'echo bot', script: path.join(options.projectRoot, 'dist', 'scripts', 'bench', 'echoBot.js'), cwd: options.projectRoot, env: {}, logFile };
  }
  return botServerSpec(options.projectRoot, options.tempDir, { profileDir });
}

/** Reads the profile the stopped bot wrote to `profileDir`, keeps a copy in the temporary folder, and analyses `window`. */
export function keepProfile(profileDir: string, window: TimeWindow, projectRoot: string, turns: number): ProfiledLoad {
  const profile = readCpuProfile(profileDir);
  const file = path.join(os.tmpdir(), `campaign-bot-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
  fs.copyFileSync(profile.file, file);
  return { analysis: analyseProfile(profile.profile, window, projectRoot), turns, file };
}

export const hrUs = (): number => Number(process.hrtime.bigint() / 1000n);

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const { log } = options;
  const profileDir = options.profile ? path.join(options.tempDir, 'cpu-profile') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const contacts = loadDemoContacts();

  log('first start of the bot (creates its campaign database from the demo CSVs)…');
  const first = await startServerProcess(specFor('bot', options));
  const firstStartMs = first.startupMs;
  await first.stop();

  const startupMs: Record<TargetName, number[]> = { bot: [], echo: [] };
  const running: Partial<Record<TargetName, RunningServerProcess>> = {};
  try {
    for (let i = 0; i < options.starts; i++) {
      for (const name of ['echo', 'bot'] as const) {
        const server = await startServerProcess(specFor(name, options));
        startupMs[name].push(server.startupMs);
        const keep = i === options.starts - 1 && !(profileDir && name === 'bot');
        if (keep) running[name] = server;
        else await server.stop();
      }
    }
    log(`start-up: bot ${startupMs.bot.map((ms) => ms.toFixed(0)).join(', ')} ms; echo bot ${startupMs.echo.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    if (!running.bot) running.bot = await startServerProcess(specFor('bot', options, profileDir));
    const bot = running.bot;
    const echo = running.echo!;

    await sleep(options.idleMs);
    const idle = { bot: bot.memory(), echo: echo.memory() };

    const recognition = await checkRecognition(bot.url, contacts);
    log(`recognition check: ${recognition.checked - recognition.mismatches.length}/${recognition.checked} questions of the mix recognised as intended`);

    const generators = {
      bot: new LoadGenerator(bot.url, contacts, { connections: options.connections, seed: options.seed, channelId: 'webchat', label: 'bot' }),
      echo: new LoadGenerator(echo.url, contacts, { connections: options.connections, seed: options.seed, channelId: 'webchat', label: 'echo' }),
    };
    const plan: LoadPlan = { connections: options.connections, conversations: options.conversations, durationMs: options.roundMs };
    const rounds: Record<TargetName, LoadResult[]> = { bot: [], echo: [] };
    const cpu: Record<TargetName, ProcessCpu> = { bot: { totalMs: 0, mainThreadMs: 0 }, echo: { totalMs: 0, mainThreadMs: 0 } };
    const logBytes: Record<TargetName, number> = { bot: 0, echo: 0 };
    const clientCpuMs: Record<TargetName, number> = { bot: 0, echo: 0 };
    const serial: Partial<Record<TargetName, LatencySummary>> = {};
    let botTurnsProfiled = 0;
    const profileFrom = hrUs();
    try {
      for (const name of TARGETS) {
        log(`warm-up: ${name}, ${options.warmupMs / 1000} s…`);
        const warm = await generators[name].run({ ...plan, durationMs: options.warmupMs });
        if (name === 'bot') botTurnsProfiled += warm.turns;
      }
      for (let r = 0; r < options.rounds; r++) {
        for (const name of TARGETS) {
          const server = running[name]!;
          const cpuBefore = server.cpu();
          const logBefore = server.logBytes();
          const clientBefore = process.cpuUsage();
          const result = await generators[name].run(plan);
          const client = process.cpuUsage(clientBefore);
          clientCpuMs[name] += (client.user + client.system) / 1000;
          const used = cpuDelta(cpuBefore, server.cpu());
          if (used) {
            cpu[name].totalMs += used.totalMs;
            cpu[name].mainThreadMs += used.mainThreadMs;
          }
          logBytes[name] += server.logBytes() - logBefore;
          rounds[name].push(result);
          if (name === 'bot') botTurnsProfiled += result.turns;
          const p50 = formatMs(percentile([...result.latenciesMs].sort((a, b) => a - b), 50));
          log(`round ${r + 1}/${options.rounds} ${name}: ${formatInt(result.turnsPerSecond)} turns/s, p50 ${p50} ms, ${result.errors} errors, RSS ${mb(server.memory()?.rssBytes)} MB`);
        }
      }
      for (const name of TARGETS) {
        const one = new LoadGenerator(running[name]!.url, contacts, { connections: 1, seed: options.seed + 1, channelId: 'webchat', label: `${name}-serial` });
        try {
          const result = await one.run({ connections: 1, conversations: options.conversations, turns: options.serialTurns });
          serial[name] = summarize(result.latenciesMs);
          if (name === 'bot') botTurnsProfiled += result.turns;
        } finally {
          one.close();
        }
      }
    } finally {
      generators.bot.close();
      generators.echo.close();
    }
    const profileTo = hrUs();
    const afterLoad = { bot: bot.memory(), echo: echo.memory() };

    const figures = (name: TargetName): TargetFigures => {
      const all = rounds[name];
      const latencies = all.flatMap((r) => r.latenciesMs);
      const kinds = all.flatMap((r) => r.kinds);
      const byKindSamples = new Map<TurnKind, number[]>();
      kinds.forEach((kind, i) => {
        const samples = byKindSamples.get(kind) ?? [];
        samples.push(latencies[i]!);
        byKindSamples.set(kind, samples);
      });
      const turns = latencies.length;
      return {
        name,
        rounds: all,
        turnsPerSecond: median(all.map((r) => r.turnsPerSecond)),
        latency: summarize(latencies),
        byKind: Object.fromEntries([...byKindSamples].map(([kind, values]) => [kind, summarize(values)])),
        errors: all.reduce((s, r) => s + r.errors, 0),
        errorExamples: all.flatMap((r) => r.errorExamples).slice(0, 5),
        cpuPerTurn: running[name]!.cpu() && turns ? { totalMs: cpu[name].totalMs / turns, mainThreadMs: cpu[name].mainThreadMs / turns } : undefined,
        clientCpuMsPerTurn: turns ? clientCpuMs[name] / turns : Number.NaN,
        logBytesPerTurn: turns ? logBytes[name] / turns : Number.NaN,
        serial: serial[name] ?? summarize([]),
        startupMs: startupMs[name],
        idle: idle[name],
        afterLoad: afterLoad[name],
      };
    };
    const result: HttpBenchResult = { options, bot: figures('bot'), echo: figures('echo'), firstStartMs, recognition };

    for (const name of TARGETS) {
      const code = await running[name]!.stop();
      delete running[name];
      if (code !== 0) log(`${name} exited with ${code} (see ${specFor(name, options).logFile})`);
    }
    if (profileDir) {
      result.profile = keepProfile(profileDir, { fromUs: profileFrom, toUs: profileTo }, options.projectRoot, botTurnsProfiled);
    }
    return result;
  } finally {
    for (const server of Object.values(running)) await server?.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const mb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : (bytes / 2 ** 20).toFixed(0));
const mark = (ok: boolean): string => (ok ? '[pass]' : '[MISS]');

export function httpReport(result: HttpBenchResult): string[] {
  const { bot, echo, options } = result;
  const out: string[] = [];
  const ratio = bot.turnsPerSecond / echo.turnsPerSecond;
  out.push(
    `HTTP turns: POST /api/messages with deliveryMode expectReplies, ${options.conversations} conversations (${TURN_MIX}), ${options.connections} connections, ` +
      `${options.rounds} rounds of ${options.roundMs / 1000} s per server, alternating, after ${options.warmupMs / 1000} s of warm-up each. ` +
      'turns/s: median of the rounds (min-max in brackets); latency: every turn of every round; CPU: user + system time per turn of the server process ' +
      '(all its threads, and its JavaScript thread alone) and of the load generator (this process, on the same cores).',
  );
  const row = (f: TargetFigures): string[] => {
    const rates = f.rounds.map((r) => r.turnsPerSecond);
    return [
      f.name === 'bot' ? 'bot' : 'echo bot',
      formatInt(f.turnsPerSecond),
      `${formatInt(Math.min(...rates))}-${formatInt(Math.max(...rates))}`,
      formatMs(f.latency.p50),
      formatMs(f.latency.p90),
      formatMs(f.latency.p99),
      formatMs(f.latency.max),
      `${f.errors}/${formatInt(f.latency.count)}`,
      f.cpuPerTurn ? `${f.cpuPerTurn.totalMs.toFixed(2)} / ${f.cpuPerTurn.mainThreadMs.toFixed(2)}` : 'n/a',
      f.clientCpuMsPerTurn.toFixed(2),
      Number.isFinite(f.logBytesPerTurn) ? formatInt(f.logBytesPerTurn) : 'n/a',
    ];
  };
  out.push(
    formatTable(
      ['server', 'turns/s', '(rounds)', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors/turns', 'server CPU ms/turn (all / JS thread)', 'client CPU ms/turn', 'log B/turn'],
      [row(bot), row(echo)],
    ),
  );
  out.push(`bot / echo bot: ${formatRatio(ratio)} the turns/s; p50 ${formatRatio(bot.latency.p50 / echo.latency.p50)}, p99 ${formatRatio(bot.latency.p99 / echo.latency.p99)} the latency`);
  out.push('');
  out.push(`One turn at a time (1 connection, ${options.serialTurns} turns each, after the rounds): the latency of a turn without queueing`);
  out.push(
    formatTable(
      ['server', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [bot, echo].map((f) => [f.name === 'bot' ? 'bot' : 'echo bot', formatMs(f.serial.p50), formatMs(f.serial.p90), formatMs(f.serial.p99), formatMs(f.serial.max)]),
    ),
  );
  out.push('');
  out.push('The bot under load, by kind of turn (ms)');
  out.push(
    formatTable(
      ['turn', 'turns', 'p50', 'p99'],
      (Object.entries(bot.byKind) as [TurnKind, LatencySummary][]).map(([kind, s]) => [kind, formatInt(s.count), formatMs(s.p50), formatMs(s.p99)]),
    ),
  );
  const examples = [...bot.errorExamples.map((e) => `bot: ${e}`), ...echo.errorExamples.map((e) => `echo bot: ${e}`)];
  if (examples.length) out.push('', 'Errors:', ...examples.map((e) => `  ${e}`));
  const { recognition } = result;
  out.push('', `Recognition check (each standalone question of the mix once, channel emulator): ${recognition.checked - recognition.mismatches.length}/${recognition.checked} as intended`);
  for (const m of recognition.mismatches) out.push(`  ${m}`);
  out.push('');
  out.push('Targets');
  out.push(`${mark(ratio >= HTTP_TARGETS.throughputRatio)} bot turns/s >= ${HTTP_TARGETS.throughputRatio.toFixed(2)} x the echo bot's: ${ratio.toFixed(2)}`);
  out.push(`${mark(bot.latency.p99 <= HTTP_TARGETS.botP99Ms)} bot p99 <= ${HTTP_TARGETS.botP99Ms} ms under load: ${formatMs(bot.latency.p99)} ms (one turn at a time: ${formatMs(bot.serial.p99)} ms)`);
  out.push(`${mark(bot.errors === 0 && echo.errors === 0)} no failed turns: ${bot.errors} (bot), ${echo.errors} (echo bot)`);
  return out;
}

export function startupReport(result: HttpBenchResult): string[] {
  const { bot, echo, options } = result;
  const out: string[] = [];
  out.push(
    `Start-up and memory: from the spawn (plain node, the same flags for both) to the first 200 on GET /healthz, polled every 20 ms; median of ${options.starts} starts each, alternating. ` +
      `RSS (VmRSS): ${options.idleMs / 1000} s after the start, and right after the HTTP load; peak is VmHWM.`,
  );
  out.push(
    formatTable(
      ['server', 'start-up ms', '(starts)', 'RSS idle MB', 'RSS after load MB', 'peak RSS MB'],
      [bot, echo].map((f) => [
        f.name === 'bot' ? 'bot' : 'echo bot',
        formatMs(median(f.startupMs)),
        f.startupMs.map((ms) => ms.toFixed(0)).join(', '),
        mb(f.idle?.rssBytes),
        mb(f.afterLoad?.rssBytes),
        mb(f.afterLoad?.peakRssBytes),
      ]),
    ),
  );
  out.push(`The bot's first start, which also creates its campaign database from the demo CSVs: ${formatMs(result.firstStartMs)} ms.`);
  return out;
}

export interface ProfiledLoad {
  analysis: ProfileAnalysis;
  turns: number;
  /** A copy of the .cpuprofile kept after the run. */
  file: string;
}

/** Where the bot's JS thread spent a load: `load` says which ("the HTTP load (warm-up, rounds and one-at-a-time turns"). */
export function profileReport(profile: ProfiledLoad | undefined, load = 'the HTTP load (warm-up, rounds and one-at-a-time turns'): string[] {
  if (!profile) return [];
  const { analysis, turns } = profile;
  const perTurn = (ms: number): string => (turns ? ((ms * 1000) / turns).toFixed(0) : 'n/a');
  const share = (ms: number): string => `${((100 * ms) / analysis.busyMs).toFixed(1)}%`;
  const out: string[] = [];
  out.push(
    `CPU profile of the bot's JS thread over ${load}: ${formatInt(turns)} turns, ${formatInt(analysis.samples)} samples at 500 µs): ` +
      `busy ${formatInt(analysis.busyMs)} ms = ${perTurn(analysis.busyMs)} µs per turn. The JS thread only: SQLite's work runs on libuv's pool, not here.`,
  );
  out.push(`The profile is kept in ${profile.file}.`);
  out.push('');
  out.push('By concern (inclusive: samples with any of its frames on the stack; indented lines are part of the line above; concerns overlap)');
  out.push(formatTable(['concern', 'inclusive', 'µs/turn'], analysis.concerns.map((c) => [c.concern, share(c.inclusiveMs), perTurn(c.inclusiveMs)])));
  out.push('');
  out.push('By package (inclusive: on the stack; self: at the top of it)');
  out.push(
    formatTable(
      ['package or folder', 'inclusive', 'µs/turn', 'self', 'µs/turn'],
      analysis.groups.slice(0, 25).map((g) => [g.group, share(g.inclusiveMs), perTurn(g.inclusiveMs), share(g.selfMs), perTurn(g.selfMs)]),
    ),
  );
  out.push('');
  out.push('Top functions by self time');
  out.push(
    formatTable(
      ['function', 'where', 'self', 'µs/turn'],
      analysis.selfTop.map((f) => [f.name.slice(0, 48), f.location.slice(0, 90), share(f.ms), perTurn(f.ms)]),
      ['left', 'left'],
    ),
  );
  out.push('');
  out.push('Our functions by inclusive time');
  out.push(
    formatTable(
      ['function', 'where', 'inclusive', 'µs/turn'],
      analysis.oursByFunction.map((f) => [f.name.slice(0, 48), f.location, share(f.ms), perTurn(f.ms)]),
      ['left', 'left'],
    ),
  );
  out.push('');
  out.push('Our files by inclusive time');
  out.push(formatTable(['file', 'inclusive', 'µs/turn'], analysis.oursByFile.map((f) => [f.file, share(f.ms), perTurn(f.ms)])));
  return out;
}
