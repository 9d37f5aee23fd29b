import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/core/paths';
import { Db } from '../../src/data/db';

/** A scratch folder, removed by the returned function. */
export function tempFolder(prefix: string): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A state row as stored, read with a connection of its own. */
export async function storedRow(path: string, key: string): Promise<{ etag: string; json: string; updated_at: number } | undefined> {
  const db = await Db.open(path, { readonly: true });
  try {
    return await db.get<{ etag: string; json: string; updated_at: number }>('SELECT etag, json, updated_at FROM state WHERE key = ?', [key]);
  } finally {
    await db.close();
  }
}

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

/** Starts the real entry point as `npm start` would (through tsx, to skip the build) and waits for its address. */
export function startBotProcess(env: NodeJS.ProcessEnv): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'index.ts')], {
    cwd: projectPath(),
    env: { ...process.env, PORT: '0', MicrosoftAppId: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)[\s\S]*endpoint/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the bot exited with ${code ?? signal}:\n${output}`)));
  });
}

/** Sends the signal and resolves with the exit code (or the signal's name). */
export function stopBotProcess(bot: BotProcess, signal: NodeJS.Signals): Promise<number | string | null> {
  const { child } = bot;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig)));
  child.kill(signal);
  return exited;
}
