import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder holding package.json, found from this file whether it runs from src/ (tsx) or dist/src/ (compiled). */
function findProjectRoot(start: string): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + start);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
