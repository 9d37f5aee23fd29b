import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPlayground {
  /** The web UI, e.g. http://localhost:56150/ */
  url: string;
  port: number;
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint. */
  endpoint: string;
  channelId: 'msteams' | 'webchat' | 'directline' | 'emulator';
  startTimeoutMs?: number;
}

/**
 * Keeps it off the internet: --dt turns its telemetry off, but the Application Insights SDK inside still sends its
 * own usage data ("statsbeat": the Azure metadata address, then *.in.applicationinsights.azure.com) unless told not to.
 * TEAMSAPPTESTER_BROWSER=none stops it opening a browser itself.
 */
const OFFLINE_ENV = { TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts Microsoft 365 Agents Playground (agentsplayground) against a bot, in a scratch folder for its log files. */
export async function startPlayground({ endpoint, channelId, startTimeoutMs = 30_000 }: PlaygroundOptions): Promise<RunningPlayground> {
  const cwd = mkdtempSync(join(tmpdir(), 'agents-playground-'));
  const wanted = await freePort();
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(process.execPath, [cli, '--app-endpoint', endpoint, '--channel-id', channelId, '--disable-telemetry', '--port', String(wanted)], {
    cwd,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited(child);
      clearTimeout(killer);
    }
    rmSync(cwd, { recursive: true, force: true });
  };

  // It prints "Listening on <port>"; the port may differ from the one asked for when that one was taken meanwhile.
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agentsplayground did not start in ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const check = (): void => {
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agentsplayground exited with code ${code}:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return { url: `http://localhost:${port}/`, port, output: () => output, stop };
}
