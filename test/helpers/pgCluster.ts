/**
 * A throwaway PostgreSQL cluster for the tests and the benchmark: `initdb` in a temporary folder, `pg_ctl` on a free
 * loopback port with its socket in that folder, removed at the end. PostgreSQL refuses to run as root, so as root the
 * binaries run as the `postgres` user (`runuser`), in a folder handed over to it; otherwise they run directly.
 *
 * The binaries: PG_BIN when set, else `initdb` on the PATH, else the newest /usr/lib/postgresql/<version>/bin
 * (Debian's `postgresql` package).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../scripts/bench/serverProcess';

export interface PgBinaries {
  /** The folder holding initdb, pg_ctl and postgres. */
  dir: string;
}

const isExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

const hasBinaries = (dir: string): boolean => ['initdb', 'pg_ctl', 'postgres'].every((name) => isExecutable(path.join(dir, name)));

/** Where initdb and pg_ctl are, or undefined when this machine has no PostgreSQL server. */
export function findPostgresBinaries(env: NodeJS.ProcessEnv = process.env, debianRoot = '/usr/lib/postgresql'): PgBinaries | undefined {
  const setting = env.PG_BIN?.trim();
  if (setting) return hasBinaries(setting) ? { dir: setting } : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    // a symlink on the PATH (Debian links only some of them) points into the folder that has them all
    const initdb = path.join(dir, 'initdb');
    if (!isExecutable(initdb)) continue;
    const real = path.dirname(fs.realpathSync(initdb));
    if (hasBinaries(real)) return { dir: real };
    if (hasBinaries(dir)) return { dir };
  }
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(debianRoot).filter((name) => /^\d+(\.\d+)?$/.test(name));
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = path.join(debianRoot, version, 'bin');
    if (hasBinaries(dir)) return { dir };
  }
  return undefined;
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findPostgresBinaries(env)) return undefined;
  return env.PG_BIN?.trim()
    ? `no initdb, pg_ctl and postgres in PG_BIN=${env.PG_BIN}`
    : 'no PostgreSQL server binaries (apt-get install postgresql, or set PG_BIN to the folder holding initdb and pg_ctl)';
}

/** The postgres user's ids, which the server must run as when this process is root. */
function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, and there is no postgres user to run PostgreSQL as (apt-get install postgresql creates it)');
  return { uid: Number(uid), gid: Number(gid) };
}

const asRoot = (): boolean => process.getuid?.() === 0;

/** A command as it must run: through runuser as postgres when this process is root. */
function command(file: string, args: readonly string[]): [string, string[]] {
  return asRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, [...args]];
}

function run(file: string, args: readonly string[], cwd: string): Promise<void> {
  const [cmd, cmdArgs] = command(file, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`))));
  });
}

export interface ClusterOptions {
  /**
   * false (the tests): fsync and full-page writes off, nothing is kept anyway. true (the benchmark): PostgreSQL's
   * durable defaults, so the figures are what a real server gives.
   */
  durable?: boolean;
  /** postgresql.conf settings added to the defaults (`shared_buffers`: `'1GB'`, ...). */
  settings?: Record<string, string>;
}

export interface PgCluster {
  readonly port: number;
  readonly folder: string;
  /** A postgres:// URL of one of the cluster's databases (user postgres, trust authentication on loopback). */
  url(database: string): string;
  /** Creates an empty database (from template0) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /** pg_ctl stop: `fast` ends the sessions (what a restart does to a client), `immediate` does not even checkpoint. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** pg_ctl start on the same port, once stopped; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and removes the folder. */
  destroy(): Promise<void>;
  /** The same, synchronously, for a process that is exiting. */
  destroySync(): void;
}

let databaseCount = 0;

/** initdb in a new temporary folder, then start it on a free port. */
export async function startCluster(options: ClusterOptions = {}): Promise<PgCluster> {
  const binaries = findPostgresBinaries();
  if (!binaries) throw new Error(postgresMissing());
  const bin = (name: string): string => path.join(binaries.dir, name);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-throwaway-'));
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'server.log');
  if (asRoot()) {
    const { uid, gid } = postgresUser();
    fs.chownSync(folder, uid, gid);
  }
  let started = false;
  const destroySync = (): void => {
    if (started) spawnSync(...command(bin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']), { cwd: folder, stdio: 'ignore' });
    started = false;
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    // ICU's English as the default collation where it is built in: the store must not depend on the database's
    // collation (its ids and names declare "C"), and a non-C default is what would show it
    const common = ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-instructions', ...(options.durable ? [] : ['--no-sync'])];
    await run(bin('initdb'), [...common, '--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US'], folder).catch(() =>
      run(bin('initdb'), [...common, '--locale=C.UTF-8'], folder).catch(async (error: unknown) => {
        fs.rmSync(data, { recursive: true, force: true });
        throw error;
      }),
    );
    const port = await startOnFreePort(bin, data, log, folder, options);
    started = true;
    const url = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
    const admin = async <T>(use: (client: Client) => Promise<T>): Promise<T> => {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        return await use(client);
      } finally {
        await client.end();
      }
    };
    return {
      port,
      folder,
      url,
      async createDatabase(name = `t${process.pid}_${++databaseCount}`) {
        await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
        return url(name);
      },
      async dropDatabase(name) {
        await admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
      async stop(mode = 'fast') {
        await run(bin('pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop'], folder);
        started = false;
      },
      async start() {
        await run(bin('pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start'], folder);
        started = true;
      },
      async destroy() {
        if (started) await run(bin('pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], folder).catch(() => undefined);
        started = false;
        fs.rmSync(folder, { recursive: true, force: true });
      },
      destroySync,
    };
  } catch (error) {
    destroySync();
    throw error;
  }
}

/** Writes the port and settings into postgresql.conf and starts the server; another port when one was taken meanwhile. */
async function startOnFreePort(bin: (name: string) => string, data: string, log: string, folder: string, options: ClusterOptions): Promise<number> {
  const base = fs.readFileSync(path.join(data, 'postgresql.conf'), 'utf8');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const settings: Record<string, string> = {
      port: String(port),
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${folder.replace(/'/g, "''")}'`,
      max_connections: '100',
      ...(options.durable ? {} : { fsync: 'off', full_page_writes: 'off', synchronous_commit: 'off' }),
      ...options.settings,
    };
    const extra = Object.entries(settings).map(([key, value]) => `${key} = ${value}`);
    fs.writeFileSync(path.join(data, 'postgresql.conf'), `${base}\n# throwaway cluster\n${extra.join('\n')}\n`);
    try {
      await run(bin('pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start'], folder);
      return port;
    } catch (error) {
      if (attempt >= 3) throw new Error(`${(error as Error).message}\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-3000) : ''}`);
    }
  }
}
