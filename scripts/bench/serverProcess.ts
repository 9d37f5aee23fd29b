/**
 * A compiled HTTP server (the bot or the echo bot) run as a child process under plain `node`, on a free loopback port,
 * its output going to a log file the way a production log collector would take it. Start-up time is from the spawn to
 * the first 200 on GET /healthz.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { msSince } from './percentiles';
import { readProcessCpu, readProcessMemory, type ProcessCpu, type ProcessMemory } from './procStatus';

/** The Node flags both servers run with (those of `npm start`), so the two are compared like for like. */
export const SERVER_NODE_FLAGS: readonly string[] = ['--disable-warning=DEP0111', '--heap-growing-percent=100'];

export interface ServerSpec {
  /** For messages: "bot", "echo". */
  name: string;
  /** The compiled entry point. */
  script: string;
  cwd: string;
  /** Added to this process's environment; PORT and HOST are set here. */
  env: Record<string, string>;
  /** Node flags besides SERVER_NODE_FLAGS (e.g. --cpu-prof). */
  extraNodeFlags?: readonly string[];
  /** Where stdout and stderr go (appended). */
  logFile: string;
  /** How long to wait for a healthy /healthz (default 60 s). */
  startTimeoutMs?: number;
}

export interface RunningServerProcess {
  name: string;
  pid: number;
  url: string;
  /** From the spawn to the first 200 on /healthz. */
  startupMs: number;
  logFile: string;
  memory(): ProcessMemory | undefined;
  cpu(): ProcessCpu | undefined;
  /** Bytes written to the log file so far. */
  logBytes(): number;
  /** SIGTERM, then the exit code or signal (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | string>;
}

/** A port free right now on the loopback interface (the OS picks it; the child binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether GET /healthz answers 200 (a fresh connection each time, so the server's keep-alive is not involved). */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, { agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function tail(file: string, chars = 3000): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-chars);
  } catch {
    return '(no output)';
  }
}

const HEALTH_POLL_MS = 20;

export async function startServerProcess(spec: ServerSpec): Promise<RunningServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(spec.logFile, 'a');
  const started = process.hrtime.bigint();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(spec.extraNodeFlags ?? []), spec.script], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', out, out],
    });
  } finally {
    fs.closeSync(out);
  }
  let exit: number | string | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve(exit);
    }),
  );
  const deadline = Date.now() + (spec.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exit !== undefined) throw new Error(`${spec.name} exited (${exit}) before /healthz answered; its output:\n${tail(spec.logFile)}`);
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${spec.name}: no 200 on ${url}/healthz within ${spec.startTimeoutMs ?? 60_000} ms; its output:\n${tail(spec.logFile)}`);
    }
    await sleep(HEALTH_POLL_MS);
  }
  const startupMs = msSince(started);
  const pid = child.pid!;
  return {
    name: spec.name,
    pid,
    url,
    startupMs,
    logFile: spec.logFile,
    memory: () => (exit === undefined ? readProcessMemory(pid) : undefined),
    cpu: () => (exit === undefined ? readProcessCpu(pid) : undefined),
    logBytes: () => fileSize(spec.logFile),
    stop: async (graceMs = 20_000) => {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
