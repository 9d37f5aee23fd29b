/**
 * ListQueries on the campaign database, written once for SQLite and PostgreSQL (sql.ts): contact lists read
 * contact_facts (the importer's materialized facts) joined to contacts and campaigns; campaign lists read
 * campaign_stats and campaign_call_slots. The list indexes (SQLite's migration 5, PostgreSQL's migration 2) serve one
 * campaign's list in its order (pageRanges); the export is read in chunks by the engine's SqlStreamer.
 */
import { marks, type SqlDialect, type SqlReader, type SqlStreamer, type SqlValue } from './sql';
import type { CampaignListRow, ContactFilter, ContactListPage, ContactListQuery, ContactListRow, ListQueries } from './lists';
import type { Campaign, ContactStatus, DialledResult } from './types';

/** Rows per chunk of the export. */
const EXPORT_CHUNK = 2000;
/** Most campaigns one list covers (bound parameters per query stay well under SQLite's limit). */
const MAX_CAMPAIGNS = 500;

const UNREACHABLE = '(f.failed_count + f.busy_count + f.no_response_count)';
/** Written as the indexes' expressions (migration 5), so one campaign's list is read in index order. */
const NEG_UNREACHABLE = `(-${UNREACHABLE})`;
const LAST_MS = '(coalesce(f.last_attempt_ms, -1))';
const attemptsRemaining = (dialect: SqlDialect): string =>
  `CASE WHEN f.closed = 1 OR c.status = 'finished' THEN 0 ELSE ${dialect.greatest('0', 'c.max_attempts - f.calls_made')} END`;

/** The sort key of each list, every part ascending; the id ends it. */
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
}

function condition(filter: ContactFilter): { sql: string; params: SqlValue[] } {
  switch (filter.kind) {
    case 'flagged_bad':
      return { sql: 'f.flagged_bad = 1', params: [] };
    case 'no_attempts_left':
      return { sql: `(f.closed = 1 OR c.status = 'finished' OR f.calls_made >= c.max_attempts)`, params: [] };
    case 'never_called':
      // never called is never closed: said, as the never-called index's condition, which gives the contacts in id order
      return { sql: 'f.calls_made = 0 AND f.closed = 0', params: [] };
    case 'min_calls':
      // calls_made >= N, as a range of the calls index's (-calls_made)
      return { sql: '(-f.calls_made) <= ?', params: [-filter.minCalls] };
    case 'status':
      return { sql: 'f.current_status = ?', params: [filter.status] };
  }
}

/** The index (migration 5) of the status, no-attempts-left and most-calls lists: by campaign, most calls first, then the oldest last attempt. */
const CALLS_INDEX = 'contact_facts_list_calls_made';

/** Where one campaign's page of a list is read: an index, and ranges of it, each read in the list's order. */
interface PageRanges {
  index: string;
  ranges: { sql: string; params: SqlValue[] }[];
}

/** calls_made is `?`, as a range of the calls index's (-calls_made). */
const CALLS_ARE = '(-f.calls_made) = ?';

/** Compares two rows' sort keys (k0, k1, ...), as SQLite orders them. */
function compareKeys(a: Row, b: Row, size: number): number {
  for (let i = 0; i < size; i++) {
    const x = (a as unknown as Record<string, number | string>)[`k${i}`]!;
    const y = (b as unknown as Record<string, number | string>)[`k${i}`]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
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

export class SqlListQueries implements ListQueries {
  /** `campaigns`: every campaign, as the store reads them (name order). */
  constructor(
    private readonly db: SqlReader,
    private readonly dialect: SqlDialect,
    private readonly streamer: SqlStreamer,
    private readonly campaigns: () => Promise<Campaign[]>,
  ) {}

  private scope(query: ContactListQuery): { ids: string[]; marks: string } {
    const ids = [...new Set(query.campaignIds)].slice(0, MAX_CAMPAIGNS);
    return { ids, marks: marks(ids.length) };
  }

  /**
   * The list's SELECT over `where` (a condition binding `f` and `c`), in the list's order. The contacts are found on an
   * index, then read in id order (their facts' and contacts' pages one after another, not all over the file), then
   * sorted. (dialect.keepOrder: without a LIMIT, SQLite drops the ORDER BY of a subquery in FROM.)
   */
  private select(filter: ContactFilter, where: string): string {
    const keys = [...SORT_KEYS[filter.kind], 'f.contact_id'];
    const join = this.dialect.orderedJoin;
    return `SELECT k.id AS id, k.name AS name, k.phone AS phone, c.id AS campaign_id, c.name AS campaign_name, c.timezone AS timezone,
        f.current_status AS current_status, f.calls_made AS calls_made, c.max_attempts AS max_attempts,
        ${attemptsRemaining(this.dialect)} AS attempts_remaining, ${UNREACHABLE} AS unreachable, f.last_attempt_at AS last_attempt_at
      FROM (SELECT f.contact_id AS id FROM contact_facts f JOIN campaigns c ON c.id = f.campaign_id WHERE ${where} ORDER BY f.contact_id ${this.dialect.keepOrder}) x
        ${join} contact_facts f ON f.contact_id = x.id ${join} contacts k ON k.id = f.contact_id JOIN campaigns c ON c.id = f.campaign_id
      ORDER BY ${keys.join(', ')}`;
  }

  /** The calls made by one campaign's contacts, each value once, most first (a seek per value in the calls index). */
  private async callsValues(campaignId: string): Promise<number[]> {
    const next = (after: string): string =>
      `SELECT (-f.calls_made) FROM contact_facts f ${this.dialect.indexedBy(CALLS_INDEX)} WHERE f.campaign_id = ?${after} ORDER BY (-f.calls_made) LIMIT 1`;
    const rows = await this.db.all<{ calls: number }>(
      `WITH RECURSIVE v(n) AS (SELECT (${next('')}) UNION ALL SELECT (${next(' AND (-f.calls_made) > v.n')}) FROM v WHERE v.n IS NOT NULL)
       SELECT -n AS calls FROM v WHERE n IS NOT NULL`,
      [campaignId, campaignId],
    );
    return rows.map((row) => row.calls);
  }

  /**
   * Where one campaign's page is read, its status and maximum known. The flagged and never-called lists have an index
   * of their own contacts, the most-calls list is the calls index's order; the status and no-attempts-left lists (by
   * last attempt) merge the calls index's ranges of one number of calls each, which are in that order. No attempts
   * left: every contact of a finished campaign, else the closed ones and those called the maximum (every such contact
   * was called: never-called ones and an attempt's absence are left out as the other lists' order has them first).
   */
  private async pageRanges(filter: ContactFilter, campaign: Campaign): Promise<PageRanges> {
    switch (filter.kind) {
      case 'flagged_bad':
        return { index: 'contact_facts_list_flagged_bad', ranges: [condition(filter)] };
      case 'never_called':
        return { index: 'contact_facts_list_never_called', ranges: [condition(filter)] };
      case 'min_calls':
        return { index: CALLS_INDEX, ranges: [condition(filter)] };
      case 'status': {
        // only the never called are new
        const values = filter.status === 'new' ? [0] : (await this.callsValues(campaign.id)).filter((n) => n > 0);
        return { index: CALLS_INDEX, ranges: values.map((n) => ({ sql: `${CALLS_ARE} AND f.current_status = ?`, params: [-n, filter.status] })) };
      }
      case 'no_attempts_left': {
        const values = await this.callsValues(campaign.id);
        if (campaign.status === 'finished') return { index: CALLS_INDEX, ranges: values.map((n) => ({ sql: CALLS_ARE, params: [-n] })) };
        return {
          index: CALLS_INDEX,
          ranges: values
            .filter((n) => n > 0)
            .map((n) => ({ sql: `${CALLS_ARE} AND ${LAST_MS} >= 0${n >= campaign.maxAttempts ? '' : ' AND f.closed = 1'}`, params: [-n] })),
        };
      }
    }
  }

  /**
   * One campaign's first `wanted` rows of the list: the first `wanted` of each of its ranges, read on the index alone,
   * merged, and only then joined to their facts, contacts and campaign.
   */
  private async campaignPage(filter: ContactFilter, campaign: Campaign, wanted: number): Promise<Row[]> {
    const { index, ranges } = await this.pageRanges(filter, campaign);
    if (ranges.length === 0) return [];
    const keys = [...SORT_KEYS[filter.kind], 'f.contact_id'];
    const picked = keys.map((key, i) => `${key} AS k${i}`).join(', ');
    const order = keys.map((_, i) => `k${i}`).join(', ');
    const arms = ranges.map(
      (range, i) => `SELECT * FROM (SELECT f.contact_id AS contact_id, ${picked} FROM contact_facts f ${this.dialect.indexedBy(index)}
         WHERE f.campaign_id = ? AND ${range.sql} ORDER BY ${keys.join(', ')} LIMIT ?) AS r${i}`,
    );
    return this.db.all<Row>(
      `SELECT k.id AS id, k.name AS name, k.phone AS phone, c.id AS campaign_id, c.name AS campaign_name, c.timezone AS timezone,
          f.current_status AS current_status, f.calls_made AS calls_made, c.max_attempts AS max_attempts,
          ${attemptsRemaining(this.dialect)} AS attempts_remaining, ${UNREACHABLE} AS unreachable, f.last_attempt_at AS last_attempt_at,
          ${keys.map((_, i) => `p.k${i} AS k${i}`).join(', ')}
        FROM (${arms.join('\n UNION ALL ')} ORDER BY ${order} LIMIT ?) p
        ${this.dialect.orderedJoin} contact_facts f ON f.contact_id = p.contact_id JOIN campaigns c ON c.id = f.campaign_id JOIN contacts k ON k.id = f.contact_id
        ORDER BY ${keys.map((_, i) => `p.k${i}`).join(', ')}`,
      [...ranges.flatMap((range) => [campaign.id, ...range.params, wanted]), wanted],
    );
  }

  /** How many of one campaign's contacts the list has: from the campaign's aggregates, or counted on an index. */
  private async campaignCount(filter: ContactFilter, campaign: Campaign): Promise<number> {
    let sql: string;
    let params: SqlValue[];
    switch (filter.kind) {
      case 'no_attempts_left':
        // all, or all but the open ones below the maximum (the closed ones and the open ones called the maximum)
        sql = `SELECT total_contacts${campaign.status === 'finished' ? '' : ' - open_below_max'} AS n FROM campaign_stats WHERE campaign_id = ?`;
        params = [campaign.id];
        break;
      case 'status':
        sql = 'SELECT contacts AS n FROM campaign_status_counts WHERE campaign_id = ? AND status = ?';
        params = [campaign.id, filter.status];
        break;
      default: {
        const { index, ranges } = await this.pageRanges(filter, campaign);
        sql = `SELECT count(*) AS n FROM contact_facts f ${this.dialect.indexedBy(index)} WHERE f.campaign_id = ? AND ${ranges[0]!.sql}`;
        params = [campaign.id, ...ranges[0]!.params];
      }
    }
    return (await this.db.get<{ n: number }>(sql, params))?.n ?? 0;
  }

  /**
   * One campaign at a time (each read in its index's order, counted on an index), merged: a list over many campaigns
   * costs what its campaigns' pages cost, not a sort of all their contacts.
   */
  async contactPage(query: ContactListQuery, offset: number, limit: number): Promise<ContactListPage> {
    const { ids, marks } = this.scope(query);
    if (ids.length === 0) return { inScope: 0, matching: 0, offset, rows: [] };
    const wanted = Math.max(0, offset) + Math.max(0, limit);
    const byId = new Map((await this.campaigns()).map((campaign) => [campaign.id, campaign]));
    const campaigns = ids.map((id) => byId.get(id)).filter((campaign): campaign is Campaign => campaign !== undefined);
    const keys = SORT_KEYS[query.filter.kind].length + 1;
    const [scope, ...parts] = await Promise.all([
      this.db.get<{ n: number }>(`SELECT coalesce(sum(total_contacts), 0) AS n FROM campaign_stats WHERE campaign_id IN (${marks})`, ids),
      ...campaigns.map(async (campaign) => ({
        n: await this.campaignCount(query.filter, campaign),
        rows: wanted > 0 ? await this.campaignPage(query.filter, campaign, wanted) : [],
      })),
    ]);
    const merged = parts.flatMap((part) => part.rows).sort((a, b) => compareKeys(a, b, keys));
    return {
      inScope: scope?.n ?? 0,
      matching: parts.reduce((sum, part) => sum + part.n, 0),
      offset,
      rows: merged.slice(Math.max(0, offset), wanted).map(toRow),
    };
  }

  async *contactRows(query: ContactListQuery): AsyncIterable<ContactListRow> {
    const { ids, marks } = this.scope(query);
    if (ids.length === 0) return;
    const cond = condition(query.filter);
    const sql = this.select(query.filter, `f.campaign_id IN (${marks}) AND ${cond.sql}`);
    for await (const row of this.streamer.stream<Row>(sql, [...ids, ...cond.params], EXPORT_CHUNK)) yield toRow(row);
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
