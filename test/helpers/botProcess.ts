import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import { projectPath } from '../../src/platform/paths';

export interface SpawnedBot {
  child: ChildProcess;
  /** Everything written to stdout so far (the JSON log lines). */
  stdout(): string;
  /** Everything written to stderr so far (Node's warnings, a failed start's plain message). */
  stderr(): string;
  /** stdout and stderr together, for failure messages and greps. */
  output(): string;
  /** The exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** Resolves once stdout matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves once `marker` occurs `count` times in stdout. */
  waitForCount(marker: string, count: number, timeoutMs?: number): Promise<void>;
}

/** A source entry point run through tsx (to skip the build), or a built JavaScript file run by plain node. */
export type BotEntry = 'index' | 'start' | { script: string };

/**
 * The real entry point, on a free port, without auth: the bot's own process (`index`), or what `npm start` runs
 * (`start`: with WEB_CONCURRENCY, a cluster).
 */
export function spawnBot(env: NodeJS.ProcessEnv, entry: BotEntry = 'index'): SpawnedBot {
  const args = typeof entry === 'string' ? ['--import', 'tsx', projectPath('src', `${entry}.ts`)] : [entry.script];
  const child = spawn(process.execPath, args, {
    cwd: projectPath(),
    env: { ...process.env, PORT: '0', MicrosoftAppId: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const waitFor = <T>(what: string, found: (output: string) => T | undefined, timeoutMs: number): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = found(stdout);
        if (match === undefined) return;
        done();
        resolve(match);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} in the bot's output within ${timeoutMs} ms:\n${stdout.slice(-5000)}\n${stderr}`));
      }, timeoutMs);
      const onExit = (): void => {
        done();
        reject(new Error(`the bot exited before printing ${what}:\n${stdout.slice(-5000)}\n${stderr}`));
      };
      const done = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      listeners.add(check);
      child.once('exit', onExit);
      check();
    });
  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> => waitFor(String(pattern), (output) => pattern.exec(output) ?? undefined, timeoutMs);
  const waitForCount = (marker: string, count: number, timeoutMs = 30_000): Promise<void> =>
    waitFor(`${count} × ${marker}`, (output) => (output.split(marker).length - 1 >= count ? true : undefined), timeoutMs).then(() => undefined);
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => stdout + stderr, exited, waitForOutput, waitForCount };
}

/** Spawns the bot and waits until it says where it listens. */
export async function startBot(env: NodeJS.ProcessEnv, entry: BotEntry = 'index'): Promise<SpawnedBot & { url: string }> {
  const bot = spawnBot(env, entry);
  try {
    const [, url] = await bot.waitForOutput(/"event":"server\.listening","url":"(http:\/\/[^"]+)"/);
    await bot.waitForOutput(/"event":"server\.endpoints"/);
    return { ...bot, url: url! };
  } catch (error) {
    bot.child.kill('SIGKILL');
    throw error;
  }
}

/** SIGTERM, then the exit code (SIGKILL after `graceMs`, which fails the caller's expectations). */
export async function stopBot(bot: SpawnedBot, graceMs = 20_000): Promise<number | string> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
  const killer = setTimeout(() => bot.child.kill('SIGKILL'), graceMs);
  const code = await bot.exited;
  clearTimeout(killer);
  return code;
}

/** GET /healthz on a fresh connection (a cluster's primary hands each new connection to the next worker): the pid that answered. */
export function healthPid(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/healthz`, { agent: false }, (res) => {
        res.resume();
        res.once('end', () => (res.statusCode === 200 ? resolve(Number(res.headers['x-bot-pid'])) : reject(new Error(`healthz answered ${res.statusCode}`))));
      })
      .once('error', reject);
  });
}

/** Asks until `count` distinct processes have answered (no timing: a bounded number of tries). */
export async function answeringPids(url: string, count: number, tries = 200): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < tries && pids.size < count; i++) pids.add(await healthPid(url));
  return pids;
}
