import { logger } from '../logging/logger';
import type { RunningServer } from '../server';

export interface Closable {
  /** What it is, for the log: `campaign store`, `state storage`. */
  name: string;
  close(): Promise<void>;
}

/** How long a stop waits for the requests and turns in flight. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * A clean stop: new requests get 503 while the ones in flight (and Direct Line turns) finish, up to `drainMs`, and
 * the `background` work (alert delivery: it sends through the server's channels) stops alongside, its sends under way
 * finished; then the server and `resources` (the databases) close, in order. Resolves to the exit code: 0 when
 * everything in flight finished and everything closed, 1 otherwise.
 */
export async function shutdown(signal: string, running: RunningServer, resources: readonly Closable[], drainMs = DRAIN_TIMEOUT_MS, background: readonly Closable[] = []): Promise<number> {
  logger.info({ event: 'shutdown.start', signal, drainMs }, `${signal} received: finishing requests in flight and stopping.`);
  const stopped = Promise.all(background.map(closeLogged));
  const drained = await running.drain(drainMs);
  if (drained.complete) logger.info({ event: 'shutdown.drained', waitedMs: drained.waitedMs }, 'Requests in flight finished.');
  else logger.warn({ event: 'shutdown.drainTimeout', pending: drained.pending, waitedMs: drained.waitedMs }, 'Stopping with requests still in flight.');
  let exitCode = drained.complete && (await stopped).every(Boolean) ? 0 : 1;
  await running.close({ force: !drained.complete });
  for (const resource of resources) if (!(await closeLogged(resource))) exitCode = 1;
  logger.info({ event: 'shutdown.complete', exitCode }, 'Stopped.');
  return exitCode;
}

/** Closes it and says so in the log; false when it failed. */
async function closeLogged(resource: Closable): Promise<boolean> {
  try {
    await resource.close();
    logger.info({ event: 'shutdown.closed', resource: resource.name }, `Closed the ${resource.name}.`);
    return true;
  } catch (err) {
    logger.error({ event: 'shutdown.closeFailed', resource: resource.name, err }, `Could not close the ${resource.name}.`);
    return false;
  }
}
