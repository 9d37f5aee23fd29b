/**
 * A temporary folder for a benchmark's files, removed at the end, on an error, and on Ctrl+C (SIGINT) or SIGTERM.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempDir {
  dir: string;
  /** Removes the folder (again and again harmlessly) and the signal handlers. */
  cleanup(): void;
}

export function createTempDir(prefix: string): TempDir {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let done = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.stderr.write(`\n${signal}: removed ${dir}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onExit = (): void => cleanup();
  function cleanup(): void {
    if (done) return;
    done = true;
    fs.rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  return { dir, cleanup };
}

/** Removes a SQLite database file and its WAL, shared-memory and journal files. */
export function removeSqliteFiles(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
}
