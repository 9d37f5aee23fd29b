/**
 * A store's operations under way, so that closing waits for them, and every operation after the close rejects (what
 * each store interface asks of `close`).
 */
export class OperationGate {
  private readonly running = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly closedMessage: string) {}

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Runs the operation, or rejects when the store is closed or closing. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error(this.closedMessage));
    const running = operation();
    this.running.add(running);
    const forget = (): void => void this.running.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Refuses new operations, waits for those under way, then runs `release` once; harmless twice. */
  close(release: () => Promise<void>): Promise<void> {
    this.closing ??= Promise.allSettled([...this.running]).then(release);
    return this.closing;
  }
}
