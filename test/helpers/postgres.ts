/**
 * PostgreSQL for the tests: one throwaway cluster per mocha run (pgCluster.ts), started by the first suite that asks
 * and removed after the run (a root after-all hook; on an exit that skips it, synchronously), and a fresh database per
 * suite, so suites never see each other's data. Without PostgreSQL binaries a suite is skipped on a developer's
 * machine and fails under CI=true, where a skipped test would pass unseen.
 */
import { postgresMissing, startCluster, type PgCluster } from './pgCluster';

export { findPostgresBinaries, postgresMissing, type PgCluster } from './pgCluster';

let shared: Promise<PgCluster> | undefined;
let running: PgCluster | undefined;

/** Removes the cluster if one was started (the root hook, or the process's exit). */
async function stopShared(): Promise<void> {
  const cluster = shared;
  shared = undefined;
  running = undefined;
  if (cluster) await (await cluster.catch(() => undefined))?.destroy();
}

if (typeof after === 'function') after(stopShared);
process.once('exit', () => running?.destroySync());

/**
 * For a suite's `before`: without PostgreSQL the suite is skipped on a developer's machine, and fails under CI=true.
 * Returns whether PostgreSQL is there.
 */
export function requirePostgres(suite: Mocha.Context, env: NodeJS.ProcessEnv = process.env): boolean {
  const missing = postgresMissing(env);
  if (!missing) return true;
  if (env.CI === 'true') throw new Error(`${missing}; CI=true, so the PostgreSQL tests fail instead of skipping`);
  console.warn(`      skipped: ${missing}`);
  suite.skip();
  return false;
}

/** The run's cluster, started on first use (skipping or failing the calling suite without PostgreSQL). */
export async function sharedPostgres(suite: Mocha.Context): Promise<PgCluster> {
  requirePostgres(suite);
  shared ??= startCluster().then((cluster) => (running = cluster));
  return shared;
}

/** A new, empty database of the run's cluster, dropped by `drop`. */
export async function freshDatabase(suite: Mocha.Context): Promise<{ url: string; cluster: PgCluster; drop: () => Promise<void> }> {
  const cluster = await sharedPostgres(suite);
  const url = await cluster.createDatabase();
  const name = new URL(url).pathname.slice(1);
  return { url, cluster, drop: () => cluster.dropDatabase(name) };
}
