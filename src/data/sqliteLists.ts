/**
 * ListQueries on the campaign database: contact lists read contact_facts (the importer's materialized facts) joined
 * to contacts and campaigns; campaign lists read campaign_stats and campaign_call_slots. Migration 3's indexes serve
 * one campaign's list in its order; the export reads the whole list in chunks, each starting after the last row
 * of the one before (a keyset on the sort key), so no chunk re-reads what was already sent.
 */
import type { Db, SqlValue } from './db';
import type { CampaignListRow, ContactFilter, ContactListPage, ContactListQuery, ContactListRow, ListQueries } from './lists';
import type { Campaign, ContactStatus, DialledResult } from './types';

/** Rows per chunk of the export. */
const EXPORT_CHUNK = 2000;
/** Most campaigns one list covers (bound parameters per query stay well under SQLite's limit). */
const MAX_CAMPAIGNS = 500;

const UNREACHABLE = '(f.failed_count + f.busy_count + f.no_response_count)';
/** Written as migration 3's index expressions, so one campaign's list is read in index order. */
const NEG_UNREACHABLE = `(-${UNREACHABLE})`;
const LAST_MS = '(coalesce(f.last_attempt_ms, -1))';
const ATTEMPTS_REMAINING = `CASE WHEN f.closed = 1 OR c.status = 'finished' THEN 0 ELSE max(0, c.max_attempts - f.calls_made) END`;

/** The sort key of each list, every part ascending (so one row value compares the whole key); the id ends it. */
const SORT_KEYS: Record<ContactFilter['kind'], string[]> = {
  // the most unreachable calls first, then the oldest last attempt
  flagged_bad: [NEG_UNREACHABLE, LAST_MS],
  // left waiting longest first
  no_attempts_left: [LAST_MS],
  never_called: [],
  // the most calls first, then the oldest last attempt
  min_calls: ['(-f.calls_made)', LAST_MS],
  status: [LAST_MS],
};

interface Row {
  id: string;
  name: string;
  phone: string;
  campaign_id: string;
  campaign_name: string;
  timezone: string;
  current_status: string;
  calls_made: number;
  max_attempts: number;
  attempts_remaining: number;
  unreachable: number;
  last_attempt_at: string | null;
  [key: `k${number}`]: number | string;
}

function condition(filter: ContactFilter): { sql: string; params: SqlValue[] } {
  switch (filter.kind) {
    case 'flagged_bad':
      return { sql: 'f.flagged_bad = 1', params: [] };
    case 'no_attempts_left':
      return { sql: `(f.closed = 1 OR c.status = 'finished' OR f.calls_made >= c.max_attempts)`, params: [] };
    case 'never_called':
      return { sql: 'f.calls_made = 0', params: [] };
    case 'min_calls':
      return { sql: 'f.calls_made >= ?', params: [filter.minCalls] };
    case 'status':
      return { sql: 'f.current_status = ?', params: [filter.status] };
  }
}

function toRow(row: Row): ContactListRow {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    timezone: row.timezone,
    currentStatus: row.current_status as ContactStatus,
    callsMade: row.calls_made,
    maxAttempts: row.max_attempts,
    attemptsRemaining: row.attempts_remaining,
    unreachableAttempts: row.unreachable,
    lastAttemptAt: row.last_attempt_at,
  };
}

export class SqliteListQueries implements ListQueries {
  /** `campaigns`: every campaign, as the store reads them (name order). */
  constructor(
    private readonly db: Db,
    private readonly campaigns: () => Promise<Campaign[]>,
  ) {}

  private scope(query: ContactListQuery): { ids: string[]; marks: string } {
    const ids = [...new Set(query.campaignIds)].slice(0, MAX_CAMPAIGNS);
    return { ids, marks: ids.map(() => '?').join(',') };
  }

  /** The list's SELECT with its key columns (k0, k1, ... then the id), `after` a key to start after. */
  private select(query: ContactListQuery, after?: SqlValue[]): { sql: string; params: SqlValue[]; keys: string[] } {
    const { ids, marks } = this.scope(query);
    const cond = condition(query.filter);
    const keys = [...SORT_KEYS[query.filter.kind], 'f.contact_id'];
    const keyColumns = keys.map((key, i) => `${key} AS k${i}`).join(', ');
    const params: SqlValue[] = [...ids, ...cond.params];
    let where = `f.campaign_id IN (${marks}) AND ${cond.sql}`;
    if (after) {
      where += ` AND (${keys.join(', ')}) > (${keys.map(() => '?').join(', ')})`;
      params.push(...after);
    }
    const sql = `SELECT k.id AS id, k.name AS name, k.phone AS phone, c.id AS campaign_id, c.name AS campaign_name, c.timezone AS timezone,
        f.current_status AS current_status, f.calls_made AS calls_made, c.max_attempts AS max_attempts,
        ${ATTEMPTS_REMAINING} AS attempts_remaining, ${UNREACHABLE} AS unreachable, f.last_attempt_at AS last_attempt_at, ${keyColumns}
      FROM contact_facts f JOIN campaigns c ON c.id = f.campaign_id JOIN contacts k ON k.id = f.contact_id
      WHERE ${where}
      ORDER BY ${keys.join(', ')}`;
    return { sql, params, keys };
  }

  async contactPage(query: ContactListQuery, offset: number, limit: number): Promise<ContactListPage> {
    const { ids, marks } = this.scope(query);
    if (ids.length === 0) return { inScope: 0, matching: 0, offset, rows: [] };
    const cond = condition(query.filter);
    const { sql, params } = this.select(query);
    const [scope, matching, rows] = await Promise.all([
      this.db.get<{ n: number }>(`SELECT coalesce(sum(total_contacts), 0) AS n FROM campaign_stats WHERE campaign_id IN (${marks})`, ids),
      this.db.get<{ n: number }>(
        `SELECT count(*) AS n FROM contact_facts f JOIN campaigns c ON c.id = f.campaign_id WHERE f.campaign_id IN (${marks}) AND ${cond.sql}`,
        [...ids, ...cond.params],
      ),
      this.db.all<Row>(`${sql} LIMIT ? OFFSET ?`, [...params, Math.max(0, limit), Math.max(0, offset)]),
    ]);
    return { inScope: scope?.n ?? 0, matching: matching?.n ?? 0, offset, rows: rows.map(toRow) };
  }

  async *contactRows(query: ContactListQuery): AsyncIterable<ContactListRow> {
    if (this.scope(query).ids.length === 0) return;
    let after: SqlValue[] | undefined;
    for (;;) {
      const { sql, params, keys } = this.select(query, after);
      const rows = await this.db.all<Row>(`${sql} LIMIT ${EXPORT_CHUNK}`, params);
      for (const row of rows) yield toRow(row);
      if (rows.length < EXPORT_CHUNK) return;
      const last = rows[rows.length - 1]!;
      after = keys.map((_, i) => last[`k${i}`]);
    }
  }

  async campaignRows(ids: readonly string[]): Promise<CampaignListRow[]> {
    const { ids: kept, marks } = this.scope({ campaignIds: [...ids], filter: { kind: 'never_called' } });
    if (kept.length === 0) return [];
    const wanted = new Set(kept);
    const [campaigns, stats, calls] = await Promise.all([
      this.campaigns(),
      this.db.all<{ campaign_id: string; total_contacts: number; closed_contacts: number; flagged_bad: number; calls_made: number }>(
        `SELECT campaign_id, total_contacts, closed_contacts, flagged_bad, calls_made FROM campaign_stats WHERE campaign_id IN (${marks})`,
        kept,
      ),
      this.db.all<{ campaign_id: string; result: string; calls: number }>(
        `SELECT campaign_id, result, sum(calls) AS calls FROM campaign_call_slots WHERE campaign_id IN (${marks}) GROUP BY campaign_id, result`,
        kept,
      ),
    ]);
    const statsOf = new Map(stats.map((row) => [row.campaign_id, row]));
    return campaigns
      .filter((campaign) => wanted.has(campaign.id))
      .map((campaign) => {
        const byResult = { completed: 0, failed: 0, busy: 0, no_response: 0, ivr: 0, incorrect_number: 0 } as Record<DialledResult, number>;
        for (const c of calls) if (c.campaign_id === campaign.id && c.result in byResult) byResult[c.result as DialledResult] = c.calls;
        const row = statsOf.get(campaign.id);
        return {
          campaign,
          contacts: row?.total_contacts ?? 0,
          closed: row?.closed_contacts ?? 0,
          flaggedBad: row?.flagged_bad ?? 0,
          callsMade: row?.calls_made ?? 0,
          calls: byResult,
        };
      });
  }
}
