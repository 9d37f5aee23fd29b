/**
 * CampaignStore on SQLite (node-sqlite3). Queries on this connection; a batch write (an import, an ingest) runs on a
 * connection of its own (sqliteBatchWrite.ts), so this one keeps answering from the last committed data meanwhile (WAL).
 *
 * Per-contact facts come from contact_facts, materialized at each batch's commit (calls_made, closed, flagged_bad,
 * current_status, unreachable counts, last attempt); attempts remaining and stop reason also depend on the
 * campaign's status and are derived here at read time with the functions of rules.ts. A campaign report reads
 * campaign_stats and campaign_status_counts (also maintained at commit): a few indexed reads whatever the
 * campaign's size. The calls made by quarter hour and result (campaign_call_slots, likewise) feed the best
 * time to call and the week-over-week figures. Lookups: contacts.id (primary key), contacts.id_key (typed id forms),
 * contacts.phone_rev (reversed digits: suffix matches are index ranges).
 */
import { ATTEMPT_RESULTS, type AttemptResult, type CampaignStatus, type PauseReason } from '../domain/statusKeys';
import { editDistance } from '../domain/editDistance';
import type { BatchOptions, BatchWrite, CampaignStore, DataChange } from './campaignStore';
import { openCampaignDb } from './campaignDb';
import type { Db, OpenOptions, SqlValue } from './db';
import type { ListQueries } from './lists';
import { SqliteListQueries } from './sqliteLists';
import {
  attemptsRemainingFor,
  contactIdKeyCandidates,
  dominantUnreachableResult,
  FINISHED_STATUS,
  keyVariants,
  PHONE_SUFFIX_MIN_DIGITS,
  phoneQueryKeys,
  reverseString,
  stopReasonFor,
} from './rules';
import { SqliteWriter, type WriterOptions } from './sqliteBatchWrite';
import type { Attempt, CallSlotCount, Campaign, CampaignReport, ContactReport, ContactStatus, DialledResult } from './types';

export { openCampaignDb } from './campaignDb';

/** Longest text a lookup looks at; anything longer cannot be an id or a phone. */
const MAX_LOOKUP_TEXT = 256;
/** Most contacts one phone lookup returns. */
export const MAX_PHONE_MATCHES = 100;

interface CampaignRow {
  id: string;
  name: string;
  status: string;
  max_attempts: number;
  bad_after: number;
  pause_reason: string | null;
  starts_at: string | null;
  ends_at: string | null;
  timezone: string;
}

interface ContactRow {
  id: string;
  campaign_id: string;
  name: string;
  phone: string;
  calls_made: number;
  closed: number;
  flagged_bad: number;
  current_status: string;
  failed_count: number;
  busy_count: number;
  no_response_count: number;
}

interface AttemptRow {
  id: string;
  started_at: string;
  result: string;
  duration_s: number | null;
  error: string | null;
}

interface StatsRow {
  total_contacts: number;
  flagged_bad: number;
  calls_made: number;
  closed_contacts: number;
  open_below_max: number;
}

const CAMPAIGN_COLUMNS = 'id, name, status, max_attempts, bad_after, pause_reason, starts_at, ends_at, timezone';
/** A contact with its materialized facts (a contact the importer has not reached yet reads as `new`). */
const CONTACT_SELECT = `SELECT k.id AS id, k.campaign_id AS campaign_id, k.name AS name, k.phone AS phone,
    coalesce(f.calls_made, 0) AS calls_made, coalesce(f.closed, 0) AS closed, coalesce(f.flagged_bad, 0) AS flagged_bad,
    coalesce(f.current_status, 'new') AS current_status, coalesce(f.failed_count, 0) AS failed_count,
    coalesce(f.busy_count, 0) AS busy_count, coalesce(f.no_response_count, 0) AS no_response_count
  FROM contacts k LEFT JOIN contact_facts f ON f.contact_id = k.id`;

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    status: row.status as CampaignStatus,
    maxAttempts: row.max_attempts,
    badAfter: row.bad_after,
    pauseReason: (row.pause_reason as PauseReason | null) ?? null,
    startsAt: row.starts_at ?? null,
    endsAt: row.ends_at ?? null,
    timezone: row.timezone,
  };
}

function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    startedAt: row.started_at,
    result: row.result as AttemptResult,
    durationS: row.duration_s ?? null,
    error: row.error ?? null,
  };
}

/** Case- and accent-insensitive form of a name. */
function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function emptyStatusCounts(): Record<ContactStatus, number> {
  const counts = { new: 0 } as Record<ContactStatus, number>;
  for (const r of ATTEMPT_RESULTS) counts[r] = 0;
  return counts;
}

/** How long a batch of the store waits for another process's write (an import) to finish before giving up. */
const WRITE_BUSY_TIMEOUT_MS = 10_000;
/** The store's write connection's page cache: the ingest's small batches touch pages all over a big file. */
const WRITE_CACHE_KIB = 64 * 1024;
/** The store's write connection reads the first GiB of the file through a memory map (the ingest's pages all over it). */
const WRITE_MMAP_BYTES = 1024 * 1024 * 1024;

export interface StoreOptions extends Pick<OpenOptions, 'queryTimeoutMs'> {
  /**
   * The write connection's settings (default: waits 10 s for another process's write, a 64 MiB page cache, the first
   * GiB mapped, the WAL checkpointed after each batch rather than in its commit).
   */
  writer?: WriterOptions;
}

export class SqliteCampaignStore implements CampaignStore {
  private writer: Promise<SqliteWriter> | undefined;

  private constructor(
    private readonly db: Db,
    private readonly writerOptions: WriterOptions,
  ) {}

  /** Opens the database at `path` (created empty and migrated when missing); each query is stopped after `queryTimeoutMs` (default 5 s). */
  static async open(path: string, options: StoreOptions = {}): Promise<SqliteCampaignStore> {
    const { writer, ...dbOptions } = options;
    const db = await openCampaignDb(path, { ...dbOptions, verify: true });
    return new SqliteCampaignStore(db, { busyTimeoutMs: WRITE_BUSY_TIMEOUT_MS, cacheKib: WRITE_CACHE_KIB, mmapBytes: WRITE_MMAP_BYTES, checkpointApart: true, ...writer });
  }

  get path(): string {
    return this.db.path;
  }

  async listCampaigns(): Promise<Campaign[]> {
    const rows = await this.db.all<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns ORDER BY name, id`);
    return rows.map(toCampaign);
  }

  async findCampaign(id: string): Promise<Campaign | null> {
    const text = id.trim();
    if (!text || text.length > MAX_LOOKUP_TEXT) return null;
    const row = await this.db.get<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ?`, [text]);
    if (row) return toCampaign(row);
    const all = await this.listCampaigns();
    const upper = text.toUpperCase();
    const byId = all.filter((c) => c.id.toUpperCase() === upper);
    if (byId.length === 1) return byId[0]!;
    const folded = foldName(text);
    const byName = all.filter((c) => foldName(c.name) === folded);
    return byName.length === 1 ? byName[0]! : null;
  }

  async findContact(idText: string): Promise<ContactReport | null> {
    const text = idText.trim();
    if (!text || text.length > MAX_LOOKUP_TEXT) return null;
    let row = await this.db.get<ContactRow>(`${CONTACT_SELECT} WHERE k.id = ?`, [text]);
    if (!row) {
      for (const key of contactIdKeyCandidates(text)) {
        if (key.length > 64) break;
        const rows = await this.db.all<ContactRow>(`${CONTACT_SELECT} WHERE k.id_key = ? LIMIT 2`, [key]);
        if (rows.length === 1) {
          row = rows[0];
          break;
        }
        if (rows.length > 1) return null; // ambiguous: "C-1" and "C1" both exist
      }
    }
    return row ? this.contactReport(row, new Map()) : null;
  }

  async similarContactIds(idText: string, limit: number): Promise<string[]> {
    const text = idText.trim();
    if (!text || text.length > MAX_LOOKUP_TEXT || limit <= 0) return [];
    const scored = new Map<string, { distance: number; key: string }>();
    for (const key of contactIdKeyCandidates(text)) {
      if (key.length > 64) continue;
      // one edit away (indexed equality on id_key) ...
      const variants = keyVariants(key);
      const rows: { id: string; id_key: string }[] = [];
      for (let i = 0; i < variants.length; i += 400) {
        const chunk = variants.slice(i, i + 400);
        rows.push(...(await this.db.all<{ id: string; id_key: string }>(
          `SELECT id, id_key FROM contacts WHERE id_key IN (${chunk.map(() => '?').join(',')}) LIMIT 50`,
          chunk,
        )));
      }
      // ... and the neighbours in key order (a shared prefix)
      rows.push(...(await this.db.all<{ id: string; id_key: string }>('SELECT id, id_key FROM contacts WHERE id_key >= ? ORDER BY id_key LIMIT 10', [key])));
      rows.push(...(await this.db.all<{ id: string; id_key: string }>('SELECT id, id_key FROM contacts WHERE id_key < ? ORDER BY id_key DESC LIMIT 10', [key])));
      for (const r of rows) {
        const distance = editDistance(key, r.id_key);
        const best = scored.get(r.id);
        if (distance <= Math.max(1, Math.floor(key.length / 3)) && (!best || distance < best.distance)) scored.set(r.id, { distance, key: r.id_key });
      }
    }
    const typed = contactIdKeyCandidates(text)[0]!;
    const shared = (key: string): number => {
      let i = 0;
      while (i < key.length && key[i] === typed[i]) i++;
      return i;
    };
    // closest first; then the longest shared beginning; then key order
    return [...scored.entries()]
      .sort(
        (a, b) =>
          a[1].distance - b[1].distance || shared(b[1].key) - shared(a[1].key) || (a[1].key < b[1].key ? -1 : a[1].key > b[1].key ? 1 : 0),
      )
      .slice(0, limit)
      .map(([id]) => id);
  }

  async findContactsByPhone(phoneText: string): Promise<ContactReport[]> {
    if (phoneText.length > MAX_LOOKUP_TEXT) return [];
    const keys = phoneQueryKeys(phoneText).filter((k) => k.length <= 32);
    if (!keys.length) return [];
    // phone_rev holds the stored digits (without leading zeros) reversed, so "stored ends with the typed digits"
    // is a range of phone_rev, and "the typed digits end with the stored ones" an equality on one of their reversed
    // prefixes; both are indexed
    const parts: string[] = [];
    const params: SqlValue[] = [];
    for (const key of keys) {
      const rev = reverseString(key);
      if (key.length < PHONE_SUFFIX_MIN_DIGITS) {
        parts.push(`${CONTACT_SELECT} WHERE k.phone_rev = ?`);
        params.push(rev);
        continue;
      }
      parts.push(`${CONTACT_SELECT} WHERE k.phone_rev >= ? AND k.phone_rev < ?`);
      params.push(rev, `${rev}:`); // ':' sorts right after '9'
      const prefixes: string[] = [];
      for (let n = PHONE_SUFFIX_MIN_DIGITS; n < rev.length; n++) prefixes.push(rev.slice(0, n));
      if (prefixes.length) {
        parts.push(`${CONTACT_SELECT} WHERE k.phone_rev IN (${prefixes.map(() => '?').join(',')})`);
        params.push(...prefixes);
      }
    }
    const rows = await this.db.all<ContactRow>(`${parts.join(' UNION ')} ORDER BY campaign_id, id LIMIT ${MAX_PHONE_MATCHES}`, params);
    return this.contactReports(rows);
  }

  async campaignReport(campaignId: string): Promise<CampaignReport | null> {
    const campaign = await this.findCampaign(campaignId);
    if (!campaign) return null;
    const [stats, counts] = await Promise.all([
      this.db.get<StatsRow>(
        'SELECT total_contacts, flagged_bad, calls_made, closed_contacts, open_below_max FROM campaign_stats WHERE campaign_id = ?',
        [campaign.id],
      ),
      this.db.all<{ status: string; contacts: number }>('SELECT status, contacts FROM campaign_status_counts WHERE campaign_id = ?', [campaign.id]),
    ]);
    const byStatus = emptyStatusCounts();
    for (const c of counts) {
      if (c.status in byStatus) byStatus[c.status as ContactStatus] = c.contacts;
    }
    return {
      campaign,
      totalContacts: stats?.total_contacts ?? 0,
      byStatus,
      flaggedBad: stats?.flagged_bad ?? 0,
      callsMade: stats?.calls_made ?? 0,
      contactsWithAttemptsRemaining: campaign.status === FINISHED_STATUS ? 0 : (stats?.open_below_max ?? 0),
      closedContacts: stats?.closed_contacts ?? 0,
    };
  }

  async callSlots(campaignId: string): Promise<CallSlotCount[]> {
    const rows = await this.db.all<{ slot: number; result: string; calls: number }>(
      'SELECT slot, result, calls FROM campaign_call_slots WHERE campaign_id = ? ORDER BY slot, result',
      [campaignId],
    );
    return rows.map((row) => ({ slot: row.slot, result: row.result as DialledResult, calls: row.calls }));
  }

  async changesSince(seq: number, limit = 100): Promise<DataChange[]> {
    const rows = await this.db.all<{ id: number; folder: string; finished_at: string; campaign_ids: string | null }>(
      `SELECT i.id, i.folder, i.finished_at,
         (SELECT json_group_array(campaign_id) FROM import_campaigns c WHERE c.import_id = i.id) AS campaign_ids
       FROM imports i WHERE i.id > ? AND i.finished_at IS NOT NULL ORDER BY i.id LIMIT ?`,
      [seq, Math.max(1, Math.min(limit, 1000))],
    );
    return rows.map((r) => ({ seq: r.id, source: r.folder, committedAt: r.finished_at, campaignIds: r.campaign_ids ? (JSON.parse(r.campaign_ids) as string[]) : [] }));
  }

  async latestChangeSeq(): Promise<number> {
    return (await this.db.get<{ seq: number | null }>('SELECT max(id) AS seq FROM imports WHERE finished_at IS NOT NULL'))?.seq ?? 0;
  }

  /**
   * A batch on the store's write connection, opened at the first batch and kept (its page cache stays warm from one
   * small batch to the next); batches run on it one after another. This connection goes on answering from the last
   * committed data meanwhile.
   */
  async beginBatch(options: BatchOptions): Promise<BatchWrite> {
    const opening = (this.writer ??= SqliteWriter.open(this.path, this.writerOptions));
    let writer: SqliteWriter;
    try {
      writer = await opening;
    } catch (err) {
      if (this.writer === opening) this.writer = undefined;
      throw err;
    }
    return writer.begin(options);
  }

  /** The list queries (sqliteLists.ts) on this store's connection. */
  listQueries(): ListQueries {
    return new SqliteListQueries(this.db, () => this.listCampaigns());
  }

  /** Closes the write connection once its batch has ended, then this one. */
  async close(): Promise<void> {
    const writer = await this.writer?.catch(() => undefined);
    this.writer = undefined;
    await writer?.close();
    await this.db.close();
  }

  private async campaignById(id: string, cache: Map<string, Campaign | null>): Promise<Campaign | null> {
    if (!cache.has(id)) {
      const row = await this.db.get<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ?`, [id]);
      cache.set(id, row ? toCampaign(row) : null);
    }
    return cache.get(id)!;
  }

  /** Reports for several contacts: one query for all their attempts. */
  private async contactReports(rows: ContactRow[]): Promise<ContactReport[]> {
    if (rows.length <= 1) {
      const one = rows[0] ? await this.contactReport(rows[0], new Map()) : null;
      return one ? [one] : [];
    }
    const ids = rows.map((r) => r.id);
    const attemptRows = await this.db.all<AttemptRow & { contact_id: string }>(
      `SELECT contact_id, id, started_at, result, duration_s, error FROM attempts
       WHERE contact_id IN (${ids.map(() => '?').join(',')}) ORDER BY contact_id, started_ms, id`,
      ids,
    );
    const byContact = new Map<string, Attempt[]>();
    for (const a of attemptRows) {
      const list = byContact.get(a.contact_id) ?? [];
      list.push(toAttempt(a));
      byContact.set(a.contact_id, list);
    }
    const campaigns = new Map<string, Campaign | null>();
    const reports: ContactReport[] = [];
    for (const row of rows) {
      const campaign = await this.campaignById(row.campaign_id, campaigns);
      if (campaign) reports.push(this.buildReport(row, campaign, byContact.get(row.id) ?? []));
    }
    return reports;
  }

  private async contactReport(row: ContactRow, campaigns: Map<string, Campaign | null>): Promise<ContactReport | null> {
    const [campaign, attemptRows] = await Promise.all([
      this.campaignById(row.campaign_id, campaigns),
      this.db.all<AttemptRow>(
        'SELECT id, started_at, result, duration_s, error FROM attempts WHERE contact_id = ? ORDER BY started_ms, id',
        [row.id],
      ),
    ]);
    if (!campaign) return null; // cannot happen with foreign keys on
    return this.buildReport(row, campaign, attemptRows.map(toAttempt));
  }

  private buildReport(row: ContactRow, campaign: Campaign, attempts: Attempt[]): ContactReport {
    const counts = { callsMade: row.calls_made, closed: row.closed === 1 };
    return {
      id: row.id,
      campaignId: row.campaign_id,
      name: row.name,
      phone: row.phone,
      campaign,
      attempts,
      callsMade: row.calls_made,
      closed: row.closed === 1,
      attemptsRemaining: attemptsRemainingFor(counts, campaign),
      flaggedBad: row.flagged_bad === 1,
      unreachableAttempts: row.failed_count + row.busy_count + row.no_response_count,
      currentStatus: row.current_status as ContactStatus,
      lastAttempt: attempts.length ? attempts[attempts.length - 1]! : null,
      dominantUnreachableResult: dominantUnreachableResult(attempts),
      stopReason: stopReasonFor(counts, campaign),
    };
  }
}
