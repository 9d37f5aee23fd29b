/** The problems of a rejected import: each names the file, the line and what is wrong. */

export const MAX_PROBLEMS = 20;

export interface ImportProblem {
  /** File name (e.g. `contacts.csv`), or the folder for folder-level problems. */
  file: string;
  /** Physical line in the file (header = 1); 0 when the problem is about the whole file. */
  line: number;
  message: string;
}

export function formatProblem(p: ImportProblem): string {
  return p.line > 0 ? `${p.file} line ${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}

export class ImportError extends Error {
  constructor(
    readonly problems: ImportProblem[],
    /** True when reading stopped at the problem limit (there may be more). */
    readonly truncated = false,
  ) {
    super(
      `import rejected, nothing was imported:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n') +
        (truncated ? `\n  (stopped after ${problems.length} problems)` : ''),
    );
    this.name = 'ImportError';
  }
}

/** The problems found so far, up to a limit. */
export class Problems {
  readonly list: ImportProblem[] = [];
  constructor(readonly max: number) {}
  get full(): boolean {
    return this.list.length >= this.max;
  }
  add(file: string, line: number, message: string): ImportProblem | null {
    if (this.full) return null;
    const problem = { file, line, message };
    this.list.push(problem);
    return problem;
  }
}
