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

/** Is the contact (`f`, a contact_facts row) open with calls left under its campaign's (`c`) maximum? */
const OPEN_BELOW_MAX = 'f.closed = 0 AND f.calls_made < c.max_attempts';

/** The UTC quarter hour (CALL_SLOT_MS) an instant in ms falls in, rounded down for instants before 1970 too. */
export function callSlotSql(ms: string): string {
  return `(${ms} - (${ms} % ${CALL_SLOT_MS} + ${CALL_SLOT_MS}) % ${CALL_SLOT_MS}) / ${CALL_SLOT_MS}`;
}

/** The result of an attempt that counts as a call made, as an SQL condition on `result`. */
export function dialledSql(result: string): string {
  return `${result} <> ${literal(NOT_DIALLED_RESULT)}`;
}

/** contact_facts' columns besides contact_id, in the order contactFactsSelectSql gives them. */
export const FACT_COLUMNS: readonly string[] = [
  'campaign_id',
  'calls_made',
  'closed',
  'flagged_bad',
  'current_status',
  ...UNREACHABLE_COUNT_COLUMNS,
  'last_attempt_id',
  'last_attempt_at',
  'last_attempt_ms',
];

/**
 * The facts of the contacts of `source` (a FROM clause binding `k` to contacts), one row per contact: contact_id, then
 * FACT_COLUMNS, named as in contact_facts. Latest attempt: greatest started_ms, ties by id, as rules.chronological.
 */
export function contactFactsSelectSql(source: string): string {
  const unreachable = UNREACHABLE_COUNT_COLUMNS.map((c) => `f.${c}`);
  return `
  SELECT f.contact_id AS contact_id, f.campaign_id AS campaign_id, f.calls_made AS calls_made, f.closed AS closed,
    (f.closed = 0 AND ${unreachable.join(' + ')} >= (SELECT c.bad_after FROM campaigns c WHERE c.id = f.campaign_id)) AS flagged_bad,
    CASE WHEN f.calls_made = 0 THEN ${literal(NEW_STATUS)} ELSE la.result END AS current_status,
    ${UNREACHABLE_COUNT_COLUMNS.map((c) => `f.${c} AS ${c}`).join(', ')},
    la.id AS last_attempt_id, la.started_at AS last_attempt_at, la.started_ms AS last_attempt_ms
  FROM (
    SELECT k.id AS contact_id, k.campaign_id AS campaign_id,
      coalesce(sum(${dialledSql('a.result')}), 0) AS calls_made,
      coalesce(max(a.result IN (${list(CLOSING_RESULTS)})), 0) AS closed,
      ${UNREACHABLE_RESULTS.map((r) => `coalesce(sum(a.result = ${literal(r)}), 0) AS ${countColumn(r)}`).join(',\n      ')},
      (SELECT l.id FROM attempts l WHERE l.contact_id = k.id ORDER BY l.started_ms DESC, l.id DESC LIMIT 1) AS last_id
    FROM ${source} LEFT JOIN attempts a ON a.contact_id = k.id
    GROUP BY k.id
  ) AS f
  LEFT JOIN attempts la ON la.id = f.last_id`;
}

/** Inserts into contact_facts, which holds none of them, the facts of the contacts of `source` (as contactFactsSelectSql). */
export function contactFactsSql(source: string): string {
  return `INSERT INTO contact_facts (contact_id, ${FACT_COLUMNS.join(', ')})${contactFactsSelectSql(source)}`;
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
            coalesce(sum(${OPEN_BELOW_MAX}), 0), ?
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
  return [
    `DELETE FROM campaign_call_slots${affectedTable ? ` WHERE campaign_id IN (SELECT id FROM ${affectedTable})` : ''}`,
    `INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
     SELECT f.campaign_id, ${callSlotSql('a.started_ms')}, a.result, count(*)
     FROM ${affectedTable ? `${affectedTable} x CROSS JOIN contact_facts f ON f.campaign_id = x.id` : 'contact_facts f'}
       CROSS JOIN attempts a ON a.contact_id = f.contact_id
     WHERE ${dialledSql('a.result')}
     GROUP BY 1, 2, 3`,
  ];
}

/**
 * Moves the aggregates (campaign_stats, campaign_status_counts) of the campaigns not in the table `recount` by what
 * the facts of the touched contacts changed: their facts now (`current`, a FROM item binding `f` to their rows of
 * contact_facts, or to rows with the same columns), minus their facts before (the table `oldFacts`, with contact_facts'
 * campaign_id, current_status, calls_made, closed and flagged_bad). A campaign's max_attempts must not have changed
 * meanwhile (such a campaign is recounted whole). The `?` is the update time.
 */
export function shiftCampaignStatsSql(current: string, oldFacts: string, recount: string): string[] {
  const change = `
    SELECT f.campaign_id AS campaign_id, f.current_status AS status, 1 AS n, f.flagged_bad AS flagged, f.calls_made AS calls,
      f.closed AS closed, (${OPEN_BELOW_MAX}) AS open
    FROM ${current} CROSS JOIN campaigns c ON c.id = f.campaign_id
    UNION ALL
    SELECT f.campaign_id, f.current_status, -1, -f.flagged_bad, -f.calls_made, -f.closed, -(${OPEN_BELOW_MAX})
    FROM ${oldFacts} f CROSS JOIN campaigns c ON c.id = f.campaign_id`;
  const kept = `campaign_id NOT IN (SELECT id FROM ${recount})`;
  return [
    `INSERT INTO campaign_status_counts (campaign_id, status, contacts)
     SELECT campaign_id, status, sum(n) FROM (${change}) WHERE ${kept} GROUP BY campaign_id, status HAVING sum(n) <> 0
     ON CONFLICT (campaign_id, status) DO UPDATE SET contacts = contacts + excluded.contacts`,
    // a status no contact of the campaign has any more has no row, as after a recount
    `DELETE FROM campaign_status_counts WHERE contacts = 0 AND campaign_id IN (SELECT campaign_id FROM ${oldFacts})`,
    `UPDATE campaign_stats AS s SET total_contacts = s.total_contacts + d.n, flagged_bad = s.flagged_bad + d.flagged,
       calls_made = s.calls_made + d.calls, closed_contacts = s.closed_contacts + d.closed, open_below_max = s.open_below_max + d.open,
       updated_at = ?
     FROM (SELECT campaign_id, sum(n) AS n, sum(flagged) AS flagged, sum(calls) AS calls, sum(closed) AS closed, sum(open) AS open
           FROM (${change}) WHERE ${kept} GROUP BY campaign_id) AS d
     WHERE s.campaign_id = d.campaign_id`,
  ];
}

/**
 * Moves campaign_call_slots of the campaigns not in the table `recount` by the calls in the table `slotChanges`
 * (campaign_id, slot, result, calls: +1 for a call added, -1 for one taken away; several rows per key add up).
 */
export function shiftCallSlotsSql(slotChanges: string, recount: string): string[] {
  return [
    `INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
     SELECT campaign_id, slot, result, sum(calls) FROM ${slotChanges} WHERE campaign_id NOT IN (SELECT id FROM ${recount})
     GROUP BY campaign_id, slot, result HAVING sum(calls) <> 0
     ON CONFLICT (campaign_id, slot, result) DO UPDATE SET calls = calls + excluded.calls`,
    `DELETE FROM campaign_call_slots WHERE calls = 0
     AND (campaign_id, slot, result) IN (SELECT campaign_id, slot, result FROM ${slotChanges} WHERE calls < 0)`,
  ];
}
