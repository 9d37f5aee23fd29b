/**
 * Checkpoints of a write connection's WAL, on a connection of their own, after its batches rather than inside them.
 *
 * SQLite checkpoints in the COMMIT of the connection whose commit takes the WAL past wal_autocheckpoint pages: it
 * copies every page the WAL holds back into the file and syncs both. A batch of the ingest writes thousands of pages
 * all over a big file, so each of its commits paid for that copy and the two syncs before its answer. With the write
 * connection's automatic checkpoints off, this runs a PASSIVE checkpoint after each commit (one at a time, another
 * after it when commits came meanwhile), alongside the next batch, which readers and the writer never wait for.
 *
 * The WAL starts over only when a writer begins with every frame checkpointed; while batches come back to back, the
 * checkpoint is always a batch behind. So once a checkpoint has found the WAL past `maxFrames`, the next batch waits
 * for the checkpoints to catch up before it begins (bounded as SQLite bounds it, a batch later).
 *
 * A checkpoint begins at most every `minIntervalMs` (a request sooner waits for it): batches back to back write many
 * of the same pages (their attempts and contacts next to each other's), which a checkpoint then copies once, and the
 * file is synced once for several batches. A lone batch is checkpointed as soon as the interval allows.
 */
import { Db } from './db';

/** Frames in the WAL (pages, about 4 KiB each) past which a batch waits for the checkpoint: about 64 MB. */
export const DEFAULT_MAX_WAL_FRAMES = 16_384;

export class WalCheckpointer {
  private running: Promise<void> | undefined;
  private again = false;
  /** A checkpoint asked for and waiting for the interval to pass. */
  private pending: { promise: Promise<void>; resolve: () => void; timer: NodeJS.Timeout } | undefined;
  /** When the last checkpoint began (ms since the epoch). */
  private lastStart = -Infinity;
  /** The WAL's frames when the last checkpoint began. */
  private walFrames = 0;

  private constructor(
    private readonly db: Db,
    private readonly maxFrames: number,
    private readonly minIntervalMs: number,
  ) {}

  static async open(dbPath: string, maxFrames = DEFAULT_MAX_WAL_FRAMES, minIntervalMs = 0): Promise<WalCheckpointer> {
    // the file is in WAL mode already (the write connection opened it); a checkpoint takes as long as its pages need
    return new WalCheckpointer(await Db.open(dbPath, { queryTimeoutMs: 0 }), maxFrames, minIntervalMs);
  }

  /**
   * After a commit: checkpoint now, once the running checkpoint ends, or once `minIntervalMs` has passed since the
   * last one began. Resolves (never rejects) once a checkpoint begun after this call has run; the writer does not wait for it.
   */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.pending) return this.pending.promise;
    const wait = this.lastStart + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.running = this.run();
      return this.running;
    }
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    // unref: a checkpoint waiting for its time keeps no process alive (closing the checkpointer runs it)
    const timer = setTimeout(() => this.startPending(), wait).unref();
    this.pending = { promise, resolve, timer };
    return promise;
  }

  /** Before a batch: when the WAL has grown past the limit, waits until every frame is checkpointed (the batch then starts the WAL over). */
  async bound(): Promise<void> {
    if (this.walFrames < this.maxFrames) return;
    await this.idle();
    this.walFrames = 0;
  }

  /** Waits for the checkpoints asked for, then closes the connection. */
  async close(): Promise<void> {
    await this.idle();
    await this.db.close();
  }

  /** Waits until no checkpoint runs or waits for its time (one waiting begins now). */
  private async idle(): Promise<void> {
    this.startPending();
    while (this.running) await this.running;
  }

  private startPending(): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (this.running) this.again = true;
    else this.running = this.run();
    void this.running.then(pending.resolve);
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      this.lastStart = Date.now();
      try {
        const row = await this.db.get<{ busy: number; log: number; checkpointed: number }>('PRAGMA wal_checkpoint(PASSIVE)');
        this.walFrames = Math.max(0, row?.log ?? 0);
      } catch {
        // another process's checkpoint or a passing error: the next commit asks again, the WAL grows meanwhile
      }
    } while (this.again);
    this.running = undefined;
  }
}
