/**
 * docs/benchmarks.md, written by `npm run bench` at the end of a complete run: the date, the machine, the command,
 * the targets at a glance and every table. The "How to read this" section is hand-written: the generator keeps the
 * text between its markers from the file it overwrites (and writes the text below when there is none).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatGiB, formatLoad, type MachineInfo } from './machineInfo';

const START = '<!-- how-to-read:start -->';
const END = '<!-- how-to-read:end -->';

const DEFAULT_HOW_TO_READ = `All four parts run in one \`npm run bench\`, on one machine, one after the other; the load generator and the
servers share its cores, so compare figures only between runs on the same machine, and prefer the ratios (bot / echo
bot, ours / nlp.js) to absolute numbers when machines differ. \`--quick\` runs are short and noisy: for trying it out.

- **HTTP turns** are a closed loop: 32 connections, each sending its next turn as soon as the last one is answered.
  Throughput is what the server sustains; latency under that load is mostly queueing (Little's law: latency ≈ 32 /
  turns per second), so the *one turn at a time* table is the cost of a single turn. The echo bot is the floor: the same
  restify server, body parser and botbuilder CloudAdapter with no work in the turn; whatever the bot costs beyond it is
  ours. CPU per turn counts all the server's threads (SQLite runs on libuv's pool) and the JavaScript thread alone; the
  bot logs as in production (level info, two lines per turn, to a file).
- **Understanding** times each utterance alone, in process, after a warm-up pass; accuracy comes from the same scorer as
  \`npm run eval\` on the labelled development set (data/dev), which neither model was trained on.
- **Start-up** is from the spawn of \`node dist/...\` to the first 200 on \`/healthz\`, with the campaign database already
  there (the first start, which creates it from the demo CSVs, is shown apart). RSS is the resident memory from /proc.
- **Campaign data** is \`npm run bench:data\`: synthetic data sets imported into SQLite, then questions through the bot in
  process (no HTTP), so its latencies are the turn's own cost at each size.

To see where a turn's time goes, \`npm run bench -- --only http --profile\` runs the bot under \`--cpu-prof\` and prints its
costs by concern, package, function and file (per turn), and keeps the profile for Chrome DevTools.`;

export interface DocSection {
  title: string;
  /** A short name for the targets summary ("HTTP", "understanding"). */
  part: string;
  lines: string[];
}

export interface DocInput {
  file: string;
  info: MachineInfo;
  endLoad: readonly number[];
  command: string;
  runSeconds: number;
  sections: DocSection[];
}

/** The hand-written section of the existing file, if it has one. */
function keptHowToRead(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return undefined;
  const kept = text.slice(start + START.length, end).trim();
  return kept || undefined;
}

/** Target lines ("[pass] ...", "[MISS] ...", "[ -- ] ...") of every section, for the summary at the top. */
function targetLines(sections: readonly DocSection[]): string[] {
  return sections.flatMap((s) => s.lines.filter((line) => /^\[(pass|MISS| -- )\]/.test(line)).map((line) => `${line} (${s.part})`));
}

export function writeBenchmarksDoc(input: DocInput): void {
  const { info } = input;
  const howToRead = keptHowToRead(input.file) ?? DEFAULT_HOW_TO_READ;
  const out: string[] = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (scripts/bench/index.ts) at the end of a complete run: edit only the text between the how-to-read markers, which the next run keeps. -->',
    '',
    `- **Date**: ${info.date}`,
    `- **Machine**: ${info.cores} cores (${info.cpuModel}), ${formatGiB(info.totalMemoryBytes)} memory, Node ${info.node}, ${info.platform}; load average ${formatLoad(info.loadAverage)} at the start, ${formatLoad(input.endLoad)} at the end (1/5/15 min)`,
    `- **Command**: \`${input.command}\` (${Math.round(input.runSeconds)} s)`,
    '',
    '## Targets',
    '',
    '```text',
    ...targetLines(input.sections),
    '```',
    '',
    '## How to read this',
    '',
    START,
    howToRead,
    END,
  ];
  for (const section of input.sections) out.push('', `## ${section.title}`, '', '```text', ...section.lines, '```');
  fs.mkdirSync(path.dirname(input.file), { recursive: true });
  fs.writeFileSync(input.file, `${out.join('\n')}\n`);
}
