/** What a benchmark ran on, printed with its figures so that runs on different machines are not compared blindly. */
import * as os from 'node:os';

export interface MachineInfo {
  /** Logical cores the process may use. */
  cores: number;
  cpuModel: string;
  totalMemoryBytes: number;
  freeMemoryBytes: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages (other work on the machine skews the figures). */
  loadAverage: [number, number, number];
  /** When the run started, ISO 8601 (UTC). */
  date: string;
}

export function machineInfo(now = new Date()): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU',
    totalMemoryBytes: os.totalmem(),
    freeMemoryBytes: os.freemem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage: loadAverage(),
    date: now.toISOString(),
  };
}

export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return [one, five, fifteen];
}

export const formatLoad = (load: readonly number[]): string => load.map((l) => l.toFixed(2)).join(' / ');

export const formatGiB = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** Two lines: the machine (with its load when the run started), and the date. */
export function formatMachineInfo(info: MachineInfo): string[] {
  return [
    `Machine: ${info.cores} cores (${info.cpuModel}), ${formatGiB(info.totalMemoryBytes)} memory (${formatGiB(info.freeMemoryBytes)} free), Node ${info.node}, ${info.platform}; load ${formatLoad(info.loadAverage)} (1/5/15 min)`,
    `Date:    ${info.date}`,
  ];
}
