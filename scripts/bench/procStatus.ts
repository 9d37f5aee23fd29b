/**
 * Memory and CPU time of another process, read from Linux's /proc. Elsewhere every reading is undefined and the
 * reports say "n/a".
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

export interface ProcessMemory {
  /** Resident set size now (VmRSS). */
  rssBytes: number;
  /** The highest resident set size so far (VmHWM). */
  peakRssBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory | undefined {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number | undefined => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const rss = kb('VmRSS');
  const peak = kb('VmHWM');
  return rss === undefined || peak === undefined ? undefined : { rssBytes: rss, peakRssBytes: peak };
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), in which /proc reports CPU time; 100 on nearly every Linux. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time from a /proc stat line, in ms (fields 14 and 15, counted after the parenthesised name). */
function statCpuMs(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

export interface ProcessCpu {
  /** All threads: the JS thread, libuv's pool (SQLite, file writes), V8's GC and compiler threads. */
  totalMs: number;
  /** The main (JavaScript) thread only: what a CPU profile of the process sees. */
  mainThreadMs: number;
}

export function readProcessCpu(pid: number): ProcessCpu | undefined {
  try {
    return {
      totalMs: statCpuMs(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')),
      mainThreadMs: statCpuMs(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

export const cpuDelta = (before: ProcessCpu | undefined, after: ProcessCpu | undefined): ProcessCpu | undefined =>
  before && after ? { totalMs: after.totalMs - before.totalMs, mainThreadMs: after.mainThreadMs - before.mainThreadMs } : undefined;

/** The pids of a process's children (a cluster's workers), from /proc; empty elsewhere or when it has none. */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU time of a process and its children (a cluster: the primary and its workers), or undefined when unreadable. */
export function readTreeCpu(pid: number): ProcessCpu | undefined {
  const all = [pid, ...childPids(pid)].map(readProcessCpu);
  if (all.some((cpu) => cpu === undefined)) return undefined;
  return all.reduce<ProcessCpu>((sum, cpu) => ({ totalMs: sum.totalMs + cpu!.totalMs, mainThreadMs: sum.mainThreadMs + cpu!.mainThreadMs }), { totalMs: 0, mainThreadMs: 0 });
}
