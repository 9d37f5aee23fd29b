import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../src/data/db';
import { startBot, type SpawnedBot } from '../helpers/botProcess';

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

export type BotProcess = SpawnedBot & { url: string };

/** Starts the real entry point (through tsx) and waits for its address: test/helpers/botProcess.ts does the work. */
export const startBotProcess = (env: NodeJS.ProcessEnv): Promise<BotProcess> => startBot(env);

/** Sends the signal and resolves with the exit code (or the signal's name). */
export function stopBotProcess(bot: BotProcess, signal: NodeJS.Signals): Promise<number | string> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
  return bot.exited;
}
