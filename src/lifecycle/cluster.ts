/**
 * `WEB_CONCURRENCY=N`: N bot processes on one port (node:cluster; the primary hands the connections out in turn).
 * The primary is small on purpose: it loads none of the bot, only forks, watches and stops the workers.
 *   - The first worker starts alone (it creates the campaign database from the demo data when there is none); the
 *     others follow once it listens. A worker that fails before any worker ever listened fails the start: exit 1.
 *   - A worker that dies later is replaced, after a back-off that grows while replacements keep dying young, so a
 *     crash loop does not spin.
 *   - SIGTERM (or SIGINT) is passed to every worker, each of which drains as a single process does
 *     (lifecycle/shutdown.ts); the primary exits once all have, 0 when every one of them exited 0.
 * The workers share what they must through the files (the state's compare-and-set, the Direct Line log) and the
 * primary relays the Direct Line's "new activities" notices between them (directLine/clusterRelay.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { logger } from '../logging/logger';

export interface ClusterOptions {
  workers: number;
  /** The worker's entry point (the compiled or tsx-run src/index). */
  exec: string;
  execArgv?: string[];
  /** Back-off before replacing a worker that died young: doubles from `min` up to `max` (default 250 ms .. 10 s). */
  restartDelayMs?: { min: number; max: number };
  /** A worker that lived this long is no crash loop: the back-off starts over (default 10 s). */
  healthyAfterMs?: number;
  /** How long a stop waits for the workers before killing them (default 25 s: their drain takes 10 s at most). */
  stopTimeoutMs?: number;
}

/** Messages the workers send the primary to hand to every other worker (the Direct Line's notices). */
export interface RelayMessage {
  relay: string;
  /** To this worker only. */
  to?: number;
  /** To one other worker (which may answer with `to` set to `replyTo`). */
  one?: boolean;
  replyTo?: number;
  [key: string]: unknown;
}

const isRelay = (message: unknown): message is RelayMessage => typeof message === 'object' && message !== null && typeof (message as { relay?: unknown }).relay === 'string';

/** Runs the primary until it has stopped; resolves to the exit code. */
export function runPrimary(options: ClusterOptions): Promise<number> {
  const restartDelay = options.restartDelayMs ?? { min: 250, max: 10_000 };
  const healthyAfterMs = options.healthyAfterMs ?? 10_000;
  // every worker signs and checks the web chat's tokens with the same key
  const env: Record<string, string> = {};
  if (!process.env.DIRECTLINE_SECRET?.trim()) env.DIRECTLINE_SECRET = randomBytes(32).toString('hex');
  cluster.setupPrimary({ exec: options.exec, execArgv: options.execArgv ?? process.execArgv });

  const bornAt = new Map<Worker, number>();
  let everListened = false;
  let stopping = false;
  let youngDeaths = 0;
  const pendingRestarts = new Set<NodeJS.Timeout>();
  const exitCodes: number[] = [];
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));

  // each worker has a slot (BOT_WORKER_SLOT, from 0): a replacement takes the slot of the one it replaces
  const slots = new Map<Worker, number>();
  const freeSlot = (): number => {
    const taken = new Set(slots.values());
    let slot = 0;
    while (taken.has(slot)) slot++;
    return slot;
  };
  const fork = (): Worker => {
    const slot = freeSlot();
    const worker = cluster.fork({ ...env, WEB_CONCURRENCY: String(options.workers), BOT_WORKER_SLOT: String(slot) });
    slots.set(worker, slot);
    bornAt.set(worker, Date.now());
    worker.on('message', (message: unknown) => {
      if (!isRelay(message)) return;
      const others = living().filter((other) => other !== worker && other.isConnected());
      if (message.to !== undefined) others.find((other) => other.id === message.to)?.send(message);
      else if (message.one) others[0]?.send({ ...message, replyTo: worker.id });
      else for (const other of others) other.send(message);
    });
    return worker;
  };
  const living = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  const finishIfAllGone = (): void => {
    if (!stopping || living().length > 0) return;
    const code = exitCodes.every((c) => c === 0) ? 0 : 1;
    logger.info({ event: 'cluster.stopped', exitCode: code }, 'Every worker has stopped.');
    resolveDone(code);
  };

  const stop = (signal: string, code?: number): void => {
    if (stopping) return;
    stopping = true;
    if (code !== undefined) exitCodes.push(code);
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
    logger.info({ event: 'cluster.stopping', signal, workers: living().length }, `${signal}: stopping ${living().length} worker(s).`);
    for (const worker of living()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of living()) worker.process.kill('SIGKILL');
      exitCodes.push(1);
    }, options.stopTimeoutMs ?? 25_000).unref();
    finishIfAllGone();
  };

  cluster.on('listening', (worker) => {
    if (!everListened) {
      everListened = true;
      for (let i = 1; i < options.workers; i++) fork();
    }
    logger.info({ event: 'cluster.workerListening', worker: worker.id, workerPid: worker.process.pid }, `Worker ${worker.id} listening.`);
  });

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (bornAt.get(worker) ?? Date.now());
    bornAt.delete(worker);
    slots.delete(worker);
    if (stopping) {
      exitCodes.push(code ?? 1);
      finishIfAllGone();
      return;
    }
    logger.error({ event: 'cluster.workerExited', worker: worker.id, workerPid: worker.process.pid, code, signal, livedMs: lived }, `Worker ${worker.id} exited (${signal ?? code}).`);
    if (!everListened) {
      // no worker ever started: the same failure would repeat (a bad database, a taken port)
      stop('startup failure', code === 0 ? 1 : (code ?? 1));
      return;
    }
    youngDeaths = lived < healthyAfterMs ? youngDeaths + 1 : 0;
    const delayMs = youngDeaths <= 1 ? 0 : Math.min(restartDelay.max, restartDelay.min * 2 ** (youngDeaths - 2));
    logger.info({ event: 'cluster.workerReplaced', delayMs }, `Replacing it${delayMs ? ` in ${delayMs} ms` : ''}.`);
    if (delayMs === 0) {
      fork();
      return;
    }
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) fork();
    }, delayMs);
    pendingRestarts.add(timer);
  });

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  logger.info({ event: 'cluster.start', workers: options.workers }, `Starting ${options.workers} workers (WEB_CONCURRENCY).`);
  fork();
  return done;
}
