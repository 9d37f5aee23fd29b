/**
 * The derived facts of rules.ts restated in SQL, for the stores that materialize them (contact_facts, campaign_stats,
 * campaign_status_counts, campaign_call_slots). The result lists come from the constants of rules.ts; what SQL must
 * restate beyond them (the shape of the rules) is guarded by test/data/consistency.test.ts, which compares the
 * materialized facts with rules.ts on random data.
 */
import { CLOSING_RESULTS, NEW_STATUS, NOT_DIALLED_RESULT, UNREACHABLE_RESULTS } from './rules';
import { CALL_SLOT_MS } from './types';

/** A constant as an SQL string literal; the constants are plain lowercase words, checked so nothing else slips in. */
function literal(value: string): string {
  if (!/^[a-z_]+$/.test(value)) throw new Error(`not an SQL-safe constant: ${value}`);
  return `'${value}'`;
}

const list = (values: readonly string[]): string => values.map(literal).join(', ');

/** contact_facts has one count column per unreachable result: failed_count, busy_count, no_response_count. */
const countColumn = (result: string): string => `${result}_count`;

const UNREACHABLE_COUNT_COLUMNS = UNREACHABLE_RESULTS.map(countColumn);

/**
 * Upserts the facts of the contacts of `source` (a FROM clause binding `k` to contacts) into contact_facts.
 * Latest attempt: greatest started_ms, ties by id, as rules.chronological.
 */
export function contactFactsSql(source: string): string {
  const unreachable = UNREACHABLE_COUNT_COLUMNS.map((c) => `f.${c}`);
  return `
  INSERT OR REPLACE INTO contact_facts (contact_id, campaign_id, calls_made, closed, flagged_bad, current_status,
      ${UNREACHABLE_COUNT_COLUMNS.join(', ')}, last_attempt_id, last_attempt_at, last_attempt_ms)
  SELECT f.contact_id, f.campaign_id, f.calls_made, f.closed,
    (f.closed = 0 AND ${unreachable.join(' + ')} >= (SELECT c.bad_after FROM campaigns c WHERE c.id = f.campaign_id)),
    CASE WHEN f.calls_made = 0 THEN ${literal(NEW_STATUS)} ELSE la.result END,
    ${unreachable.join(', ')}, la.id, la.started_at, la.started_ms
  FROM (
    SELECT k.id AS contact_id, k.campaign_id AS campaign_id,
      coalesce(sum(a.result <> ${literal(NOT_DIALLED_RESULT)}), 0) AS calls_made,
      coalesce(max(a.result IN (${list(CLOSING_RESULTS)})), 0) AS closed,
      ${UNREACHABLE_RESULTS.map((r) => `coalesce(sum(a.result = ${literal(r)}), 0) AS ${countColumn(r)}`).join(',\n      ')},
      (SELECT l.id FROM attempts l WHERE l.contact_id = k.id ORDER BY l.started_ms DESC, l.id DESC LIMIT 1) AS last_id
    FROM ${source} LEFT JOIN attempts a ON a.contact_id = k.id
    GROUP BY k.id
  ) AS f
  LEFT JOIN attempts la ON la.id = f.last_id`;
}

/** Per-campaign aggregates for the campaigns matching `filter` (a condition on `c.id`); the `?` is the update time. */
export function campaignStatsSql(filter: string): string[] {
  const where = filter.replace(/\bc\.id\b/g, 'campaign_id');
  return [
    `DELETE FROM campaign_status_counts WHERE ${where}`,
    `INSERT INTO campaign_status_counts (campaign_id, status, contacts)
     SELECT campaign_id, current_status, count(*) FROM contact_facts WHERE ${where} GROUP BY campaign_id, current_status`,
    `DELETE FROM campaign_stats WHERE ${where}`,
    `INSERT INTO campaign_stats (campaign_id, total_contacts, flagged_bad, calls_made, closed_contacts, open_below_max, updated_at)
     SELECT c.id, count(f.contact_id), coalesce(sum(f.flagged_bad), 0), coalesce(sum(f.calls_made), 0), coalesce(sum(f.closed), 0),
            coalesce(sum(f.closed = 0 AND f.calls_made < c.max_attempts), 0), ?
     FROM campaigns c LEFT JOIN contact_facts f ON f.campaign_id = c.id
     WHERE ${filter} GROUP BY c.id`,
  ];
}

/**
 * Calls made per campaign, UTC quarter hour and result (campaign_call_slots), for every campaign or for those listed in
 * the table `affectedTable` (whole campaigns: a handful of indexed reads per contact). The contacts come from
 * contact_facts, whose campaign index covers the scan (contacts has no index on campaign_id).
 */
export function callSlotsSql(affectedTable: string | null): string[] {
  const slot = `(a.started_ms - (a.started_ms % ${CALL_SLOT_MS} + ${CALL_SLOT_MS}) % ${CALL_SLOT_MS}) / ${CALL_SLOT_MS}`;
  return [
    `DELETE FROM campaign_call_slots${affectedTable ? ` WHERE campaign_id IN (SELECT id FROM ${affectedTable})` : ''}`,
    `INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
     SELECT f.campaign_id, ${slot}, a.result, count(*)
     FROM ${affectedTable ? `${affectedTable} x CROSS JOIN contact_facts f ON f.campaign_id = x.id` : 'contact_facts f'}
       CROSS JOIN attempts a ON a.contact_id = f.contact_id
     WHERE a.result <> ${literal(NOT_DIALLED_RESULT)}
     GROUP BY 1, 2, 3`,
  ];
}
