/**
 * npm run bench [-- --quick] [--profile] [--only http,nlu,data] [--no-doc] [...]
 *
 * The benchmarks of the bot, in one process tree, on this machine, in this run (`npm run bench` builds first: the
 * servers run the compiled dist/ under plain node):
 *   1. turns over HTTP: the bot against an echo bot on the same botbuilder + restify (httpBench.ts);
 *   2. understanding: our recognizer against nlp.js on the development set (nluBench.ts);
 *   3. start-up time and memory of both servers (httpBench.ts, with part 1);
 *   4. the campaign-data benchmark at 10k, 100k and 1M contacts (dataBench.ts);
 *   5. a crowd: 5,000 conversations against one process and WEB_CONCURRENCY=2, a steady open loop, memory after the
 *      load and start-up (crowdBench.ts).
 * Prints every table and the targets with pass/miss, and after a complete run (every part, no profiler) writes them
 * to docs/benchmarks.md. A benchmark: it exits 0 unless it breaks, and is no part of `npm test`.
 */
import { parseArgs } from 'node:util';
import { projectPath } from '../../src/platform/paths';
import { writeBenchmarksDoc, type DocSection } from './benchmarksDoc';
import { runDataBench } from './dataBenchRun';
import { httpReport, profileReport, runHttpBench, startupReport, type HttpBenchOptions } from './httpBench';
import { formatLoad, formatMachineInfo, loadAverage, machineInfo } from './machineInfo';
import { nluReport, runNluBench } from './nluBench';
import { msSince } from './percentiles';
import { createTempDir } from './tempDir';
import { crowdReport, runCrowdBench } from './crowdBench';
import { parseCount, parseCounts } from './counts';

const PARTS = ['http', 'nlu', 'data', 'crowd'] as const;
type Part = (typeof PARTS)[number];

interface Settings {
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
  serialTurns: number;
  starts: number;
  nluPasses: number;
  dataSizes: number[];
  /**
   * The crowd part: closed-loop rounds per server, their length, the warm-up before them (long enough for a cluster's
   * workers, each given half the turns, to have their hot code compiled), and the open loop's length.
   */
  crowdRounds: number;
  crowdRoundSeconds: number;
  crowdWarmupSeconds: number;
  openSeconds: number;
}

const FULL: Settings = { rounds: 5, roundSeconds: 10, warmupSeconds: 5, serialTurns: 300, starts: 3, nluPasses: 3, dataSizes: [10_000, 100_000, 1_000_000], crowdRounds: 4, crowdRoundSeconds: 15, crowdWarmupSeconds: 20, openSeconds: 60 };
const QUICK: Settings = { rounds: 3, roundSeconds: 3, warmupSeconds: 2, serialTurns: 100, starts: 2, nluPasses: 2, dataSizes: [10_000, 100_000], crowdRounds: 2, crowdRoundSeconds: 3, crowdWarmupSeconds: 2, openSeconds: 10 };

interface Options extends Settings {
  quick: boolean;
  profile: boolean;
  parts: Part[];
  doc: boolean;
  seed: number;
}

function usage(): string {
  return [
    'Usage: npm run bench -- [--quick] [--profile] [--only http,nlu,data,crowd] [--rounds N] [--round-seconds S] [--data-sizes 10k,100k] [--seed N] [--no-doc]',
    '  --quick          short rounds, two NLU passes, data sizes 10k and 100k (about a minute); the default is the full run (the crowd part alone takes about 7 minutes on 2 cores)',
    '  --profile        run the bot under --cpu-prof and print where its JS thread spends the HTTP load (and the crowd\'s)',
    '  --only           the parts to run: http (turns over HTTP, with start-up and memory), nlu, data, crowd',
    '  --rounds         measured HTTP rounds per server (full 5, quick 3)',
    '  --round-seconds  length of an HTTP round (full 10, quick 3)',
    '  --data-sizes     contacts per data set for the data benchmark (full 10k,100k,1M)',
    '  --seed           seed of the conversations and data sets (default 20250314)',
    '  --no-doc         do not write docs/benchmarks.md (it is written only after a complete run without --profile)',
  ].join('\n');
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      only: { type: 'string' },
      rounds: { type: 'string' },
      'round-seconds': { type: 'string' },
      'data-sizes': { type: 'string' },
      seed: { type: 'string', default: '20250314' },
      'no-doc': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const base = values.quick ? QUICK : FULL;
  const parts = values.only ? values.only.split(/[\s,]+/).filter(Boolean) : [...PARTS];
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: no part "${part}" (${PARTS.join(', ')})`);
  return {
    ...base,
    rounds: values.rounds ? parseCount(values.rounds) : base.rounds,
    roundSeconds: values['round-seconds'] ? Number(values['round-seconds']) : base.roundSeconds,
    dataSizes: values['data-sizes'] ? parseCounts(values['data-sizes']) : base.dataSizes,
    quick: values.quick,
    profile: values.profile,
    parts: parts as Part[],
    doc: !values['no-doc'],
    seed: parseCount(values.seed),
  };
}

const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = readOptions(argv);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const info = machineInfo();
  const started = process.hrtime.bigint();
  const sections: DocSection[] = [];
  const print = (section: DocSection): void => {
    sections.push(section);
    console.log(`\n== ${section.title}\n\n${section.lines.join('\n')}`);
  };
  console.log([`Benchmarks (${command})`, ...formatMachineInfo(info)].join('\n'));

  if (options.parts.includes('http')) {
    const temp = createTempDir('campaign-bench-http-');
    try {
      const http: HttpBenchOptions = {
        projectRoot: projectPath(),
        tempDir: temp.dir,
        rounds: options.rounds,
        roundMs: options.roundSeconds * 1000,
        warmupMs: options.warmupSeconds * 1000,
        connections: 32,
        conversations: 200,
        serialTurns: options.serialTurns,
        starts: options.starts,
        idleMs: 2000,
        profile: options.profile,
        seed: options.seed,
        log: progress,
      };
      progress(`part 1 and 3: the bot and the echo bot over HTTP; temporary files in ${temp.dir}`);
      const result = await runHttpBench(http);
      print({ title: `1. Turns over HTTP: the bot against an echo bot${options.profile ? ' (the bot under --cpu-prof)' : ''}`, part: 'HTTP', lines: httpReport(result) });
      if (result.profile) print({ title: 'Profile of the bot over the HTTP load', part: 'profile', lines: profileReport(result.profile) });
      print({ title: '3. Start-up and memory', part: 'start-up', lines: startupReport(result) });
    } finally {
      temp.cleanup();
    }
  }

  if (options.parts.includes('nlu')) {
    progress('part 2: our recognizer against nlp.js');
    const result = await runNluBench({ passes: options.nluPasses, log: progress });
    print({ title: '2. Understanding: our recognizer against nlp.js', part: 'understanding', lines: nluReport(result) });
  }

  if (options.parts.includes('data')) {
    progress(`part 4: the campaign-data benchmark at ${options.dataSizes.join(', ')} contacts`);
    const result = await runDataBench(projectPath(), options.dataSizes, options.seed);
    print({ title: `4. Campaign data (npm run bench:data -- --sizes ${result.sizes.join(',')})`, part: 'data', lines: result.lines });
  }

  if (options.parts.includes('crowd')) {
    const temp = createTempDir('campaign-bench-crowd-');
    try {
      progress(`part 5: a crowd against one process and two; temporary files in ${temp.dir}`);
      const result = await runCrowdBench({
        projectRoot: projectPath(),
        tempDir: temp.dir,
        conversations: 5000,
        connections: 32,
        rounds: options.crowdRounds,
        roundMs: options.crowdRoundSeconds * 1000,
        warmupMs: options.crowdWarmupSeconds * 1000,
        openRate: 100,
        openMs: options.openSeconds * 1000,
        starts: options.starts,
        profile: options.profile,
        seed: options.seed,
        log: progress,
      });
      print({ title: `5. A crowd: one process, two, a steady load${options.profile ? ' (one process under --cpu-prof)' : ''}`, part: 'crowd', lines: crowdReport(result) });
      if (result.profile) print({ title: 'Profile of one process over the crowd', part: 'crowd profile', lines: profileReport(result.profile, 'the crowd (warm-up, closed-loop rounds and the open loop') });
    } finally {
      temp.cleanup();
    }
  }

  const runSeconds = msSince(started) / 1000;
  const endLoad = loadAverage();
  console.log(`\nTotal run time ${runSeconds.toFixed(0)} s; load at the end ${formatLoad(endLoad)} (1/5/15 min).`);

  const complete = PARTS.every((p) => options.parts.includes(p)) && !options.profile;
  if (options.doc && complete) {
    const file = projectPath('docs', 'benchmarks.md');
    writeBenchmarksDoc({ file, info, endLoad, command, runSeconds, sections: [...sections].sort((a, b) => a.title.localeCompare(b.title)) });
    progress(`wrote ${file}`);
  } else if (options.doc) {
    progress('docs/benchmarks.md not written: only a complete run (every part, without --profile) writes it');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
