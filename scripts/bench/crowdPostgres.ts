/**
 * The crowd benchmark's PostgreSQL: a throwaway cluster as the tests have (test/helpers/pgCluster.ts), with PostgreSQL's
 * durable defaults (fsync, synchronous commit), and one database the bot fills with the demo data on its first start.
 * Undefined when this machine has no PostgreSQL server binaries: the crowd then runs on SQLite alone.
 */
import { Client } from 'pg';
import { findPostgresBinaries, startCluster } from '../../test/helpers/pgCluster';

export interface BenchPostgres {
  /** DATABASE_URL of the bot's database. */
  url: string;
  /** The server's version, for the report. */
  version: string;
  stop(): Promise<void>;
}

export async function startBenchPostgres(log: (message: string) => void): Promise<BenchPostgres | undefined> {
  const binaries = findPostgresBinaries();
  if (!binaries) {
    log('crowd: no PostgreSQL server binaries (PG_BIN, initdb on the PATH, /usr/lib/postgresql): SQLite only');
    return undefined;
  }
  log(`crowd: a throwaway PostgreSQL cluster from ${binaries.dir}…`);
  const cluster = await startCluster({ durable: true, settings: { shared_buffers: "'256MB'" } });
  try {
    const url = await cluster.createDatabase('crowd');
    const client = new Client({ connectionString: url });
    await client.connect();
    const version = ((await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?').split(' ')[0]!;
    await client.end();
    return { url, version, stop: () => cluster.destroy() };
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
