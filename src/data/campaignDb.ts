/** Opening a campaign database file: pragmas, an optional integrity check, migrations. */
import { Db, type OpenOptions } from './db';
import { migrate } from './migrations';

export interface CampaignDbOptions extends Pick<OpenOptions, 'queryTimeoutMs' | 'busyTimeoutMs'> {
  /** Runs SQLite's quick_check first (about a second per GB): a damaged file fails to open, not halfway through a conversation. */
  verify?: boolean;
}

async function verifyIntegrity(db: Db): Promise<void> {
  const problems = (await db.all<{ quick_check: string }>('PRAGMA quick_check(5)')).map((row) => row.quick_check).filter((line) => line !== 'ok');
  if (problems.length > 0) throw new Error(`${db.path} is damaged (${problems.join('; ')})`);
}

/**
 * Opens (creating if needed) a campaign database: WAL, foreign keys on, busy timeout, migrations applied. Migrations
 * run without a time limit (a new index on a big file takes a while); later queries get `options.queryTimeoutMs`.
 */
export async function openCampaignDb(path: string, options: CampaignDbOptions = {}): Promise<Db> {
  const db = await Db.open(path, options);
  const queryTimeoutMs = db.queryTimeoutMs;
  db.setQueryTimeout(0);
  try {
    await db.get('PRAGMA journal_mode = WAL');
    if (options.verify) await verifyIntegrity(db);
    // NORMAL is durable enough in WAL mode (a power cut may lose the last commit, never corrupt); the WAL of a big
    // import is cut back to 64 MB once checkpointed
    await db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;');
    await migrate(db);
    db.setQueryTimeout(queryTimeoutMs);
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
