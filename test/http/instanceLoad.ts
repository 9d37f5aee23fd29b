/**
 * A small steady load on several bot instances for the end-to-end tests: a few clients, each sending one turn after
 * another, alternating between the instances, every turn recorded (which instance, its status and text). Tests wait
 * for what the turns show (`until`), never for a time.
 */

export interface Turn {
  status: number;
  text: string;
}

export interface LoadLoop {
  /** Every turn so far, in the order they ended, with the index of the instance it was sent to. */
  readonly turns: readonly (Turn & { bot: number })[];
  /** Resolves once `done` holds for the turns so far; fails after `timeoutMs`. */
  until(done: (turns: readonly (Turn & { bot: number })[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops sending and waits for the turns in flight. */
  stop(): Promise<void>;
}

export function loadLoop<B>(bots: readonly B[], send: (bot: B, n: number) => Promise<Turn>, clients = 3): LoadLoop {
  const turns: (Turn & { bot: number })[] = [];
  const waiters = new Set<() => void>();
  let stopped = false;
  let n = 0;
  const client = async (first: number): Promise<void> => {
    for (let i = first; !stopped; i++) {
      const bot = i % bots.length;
      const turn = await send(bots[bot]!, n++);
      turns.push({ ...turn, bot });
      for (const waiter of [...waiters]) waiter();
    }
  };
  const running = Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
  return {
    turns,
    until: (done, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!done(turns)) return;
          finish();
          resolve();
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`the load did not get there within ${timeoutMs} ms; the last turns: ${JSON.stringify(turns.slice(-10))}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}
