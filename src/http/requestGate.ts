import type { Request, Response, Server } from 'restify';

export interface DrainResult {
  /** Whether everything in flight finished in time. */
  complete: boolean;
  /** Requests (and other work) still running when the wait ended. */
  pending: number;
  waitedMs: number;
}

/**
 * Counts the requests in flight and, once draining, answers new ones 503 (with `Connection: close`, so keep-alive
 * clients go elsewhere) while the ones in flight finish.
 */
export class RequestGate {
  private inFlight = 0;
  private draining = false;

  /** Register right after the request log (so refusals are logged too), before the body parser. */
  register(server: Server): void {
    server.pre((_req: Request, res: Response, next) => {
      if (this.draining) {
        res.setHeader('Connection', 'close');
        res.setHeader('Retry-After', '5');
        res.send(503, { error: 'The bot is stopping; try again in a moment.' });
        return next(false);
      }
      this.inFlight++;
      res.once('close', () => this.inFlight--);
      return next();
    });
  }

  get pending(): number {
    return this.inFlight;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Stops taking requests, then waits until none is in flight and `otherWork()` (turns started by requests already
   * answered, e.g. Direct Line's) is 0, or `timeoutMs` has passed.
   */
  async drain(timeoutMs: number, otherWork: () => number = () => 0): Promise<DrainResult> {
    this.draining = true;
    const started = Date.now();
    const pending = (): number => this.inFlight + otherWork();
    while (pending() > 0 && Date.now() - started < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 20));
    return { complete: pending() === 0, pending: pending(), waitedMs: Date.now() - started };
  }
}
