/** A database call that ran past its time limit: it was interrupted (or abandoned, when waiting on a lock). */
export class QueryTimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';

  constructor(
    readonly file: string,
    readonly timeoutMs: number,
  ) {
    super(`Database query on ${file} took longer than ${timeoutMs} ms and was stopped.`);
    this.name = 'QueryTimeoutError';
  }
}

/** How long a query may run by default; the busy timeout (waiting on another connection's lock) stays below it. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5000;
/** After an interrupt, how long to wait for the query to report back before giving up on it. */
const INTERRUPT_GRACE_MS = 1000;

/**
 * Runs `start` (which calls back once with the query's outcome) with a deadline: past it, `interrupt` stops the
 * connection's running statement, and the call fails with a QueryTimeoutError, at the latest INTERRUPT_GRACE_MS later.
 * A query that still completes within the grace period keeps its result. `timeoutMs` 0 means no limit.
 */
export function withDeadline<T>(
  file: string,
  timeoutMs: number,
  interrupt: () => void,
  start: (done: (error: Error | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const settle = (error: Error | null, value?: T): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      if (!error) resolve(value as T);
      else reject(timedOut && (error as { code?: unknown }).code === 'SQLITE_INTERRUPT' ? new QueryTimeoutError(file, timeoutMs) : error);
    };
    if (timeoutMs > 0) {
      timers.push(
        setTimeout(() => {
          timedOut = true;
          try {
            interrupt();
          } catch {
            // the connection is closed: nothing runs on it any more
          }
          timers.push(setTimeout(() => settle(new QueryTimeoutError(file, timeoutMs)), INTERRUPT_GRACE_MS));
        }, timeoutMs),
      );
    }
    start(settle);
  });
}
