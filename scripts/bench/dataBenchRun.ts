/**
 * Part 4 of `npm run bench`: the campaign-data benchmark (dataBench.ts, `npm run bench:data`) as a child process,
 * compiled and under plain node like the servers, its progress passed through to stderr and its report captured.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { SERVER_NODE_FLAGS } from './serverProcess';

export interface DataBenchRun {
  sizes: number[];
  /** The report as dataBench.ts prints it, without its machine and date lines (the orchestrator prints those). */
  lines: string[];
  exitCode: number | string;
}

export async function runDataBench(projectRoot: string, sizes: readonly number[], seed: number): Promise<DataBenchRun> {
  const script = path.join(projectRoot, 'dist', 'scripts', 'bench', 'dataBench.js');
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script, '--sizes', sizes.join(','), '--seed', String(seed)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exitCode = await new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const lines = stdout
    .trimEnd()
    .split('\n')
    .filter((line) => !/^(Machine|Date):/.test(line));
  if (exitCode !== 0) lines.push(`(the data benchmark exited with ${exitCode})`);
  return { sizes: [...sizes], lines, exitCode };
}
