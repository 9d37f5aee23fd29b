import { accessSync, constants, statSync } from 'node:fs';

/** Why a database path cannot be opened, before SQLite is asked: a folder, or a file this process may not read. */
export function databaseFileProblem(path: string): string | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return undefined; // missing: it will be created
  }
  if (!isFile) return 'it is a directory (or another kind of non-file), not a database file';
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return 'this process may not read it (check its owner and permissions)';
  }
  return undefined;
}

/** A SQLite error in words for whoever set the path. */
export function describeDatabaseError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'SQLITE_NOTADB':
      return 'it is not a SQLite database (random or encrypted bytes, or another kind of file)';
    case 'SQLITE_CORRUPT':
      return `it is damaged (${message})`;
    case 'SQLITE_CANTOPEN':
      return 'SQLite cannot open it (a directory, a missing folder, or no permission)';
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
      return 'this process may not read and write it (check its owner and permissions)';
    default:
      return message;
  }
}
