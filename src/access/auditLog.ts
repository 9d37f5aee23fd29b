import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export type AuditAction =
  | 'contact.why_bad'
  | 'contact.attempts'
  | 'campaign.summary'
  | 'campaign.insights'
  | 'course.progress'
  | 'contact.list'
  | 'campaign.list'
  | 'list.export'
  | 'alert.subscribe'
  | 'data.ingest';

/**
 * `not_found`: the viewer was allowed to look and nothing matched (what the viewer was told may still be a refusal).
 * `accepted`: an ingest request whose rows were committed (any other answer to one is `refused`).
 */
export type AuditDecision = 'allowed' | 'refused' | 'not_found' | 'accepted';

/**
 * One contact or campaign lookup, or one ingest request. Never a customer's name or phone number (ids, and at most a
 * phone's last four digits), never a token (its name).
 */
export interface AuditEntry {
  /** ISO 8601, UTC. */
  at: string;
  /** Every identifier of the person asking (as matched against the roles file); an ingest token's name (none when no token matched). */
  who: string[];
  channel: string;
  action: AuditAction;
  /** The contact or campaign id asked about; `phone:***0142` for a lookup by phone; the endpoint an ingest request was posted to. */
  target: string;
  decision: AuditDecision;
  /** The contact ids whose data the answer showed, when a phone lookup found them. */
  contacts?: string[];
  /** A list's filter (`flagged_bad`, `status:busy`...) and how many rows it showed or exported. */
  filter?: string;
  /** Rows a list showed or exported; rows an ingest request held. */
  rows?: number;
  /** An ingest request's HTTP status, and how many row problems it was refused for. */
  status?: number;
  errors?: number;
}

export interface AuditLog {
  /** Resolves once the entry is written: the answer goes out only after its lookup is on record. */
  record(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
}

/** A phone lookup's target: only the last four digits, as replies show them. */
export function phoneTarget(phone: string): string {
  return `phone:***${phone.replace(/\D/g, '').slice(-4)}`;
}

/** A typed contact id that was not found may be a phone number in disguise ("C-15550100142"): long digit runs keep their last four. */
export function contactTarget(idText: string): string {
  return idText.replace(/\d{7,}/g, (digits) => `***${digits.slice(-4)}`);
}

/** JSON lines appended to a file (created with its folder, readable by its owner only). */
export class FileAuditLog implements AuditLog {
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<FileAuditLog> {
    await mkdir(dirname(path), { recursive: true });
    return new FileAuditLog(await open(path, 'a', 0o600), path);
  }

  /** The last write queued: writes run one after another, so lines land in the order lookups were recorded. */
  private tail: Promise<unknown> = Promise.resolve();

  record(entry: AuditEntry): Promise<void> {
    // File writes go to libuv's thread pool, where two concurrent ones may land in either order: chain them.
    const write = this.tail.then(() => this.handle.write(`${JSON.stringify(entry)}\n`));
    this.tail = write.catch(() => undefined);
    return write.then(() => undefined);
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}

/** Keeps entries in memory, for tests and the console chat. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async close(): Promise<void> {}
}
