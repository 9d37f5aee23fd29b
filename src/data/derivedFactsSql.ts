/**
 * The derived facts of rules.ts restated in SQL, for the stores that materialize them (contact_facts, campaign_stats,
 * campaign_status_counts, campaign_call_slots), for SQLite and PostgreSQL from the same pieces (aggregates with FILTER,
 * an upsert that leaves unchanged rows alone); the dialect gives the join hint and how the latest attempts are found
 * (contactFactsSql). An incremental batch either recounts its campaigns whole (touchedFactsSql) or moves their
 * aggregates by the difference its contacts' facts made (shiftedFactsSql). The result lists come from the constants of rules.ts; what SQL must restate beyond them (the
 * shape of the rules) is guarded by the campaign store's conformance suite (test/conformance/), which compares the
 * materialized facts with rules.ts on random data, on every engine.
 */
import { CLOSING_RESULTS, NEW_STATUS, NOT_DIALLED_RESULT, UNREACHABLE_RESULTS } from './rules';
import type { SqlDialect } from './sql';
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

/** 1 when `condition` holds, else 0 (the 0/1 columns of contact_facts). */
const flag = (condition: string): string => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

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

/** A contact's counts over the attempts `a` grouped by contact (no attempt: 0), from the result lists of rules.ts. */
const COUNTS = [
  `count(a.id) FILTER (WHERE ${dialledSql('a.result')}) AS calls_made`,
  `${flag(`count(a.id) FILTER (WHERE a.result IN (${list(CLOSING_RESULTS)})) > 0`)} AS closed`,
  ...UNREACHABLE_RESULTS.map((r) => `count(a.id) FILTER (WHERE a.result = ${literal(r)}) AS ${countColumn(r)}`),
].join(',\n      ');

/**
 * The facts' values in FACT_COLUMNS order, named as its columns, from the counts `f` (a contact without attempts may
 * read as nulls there), the latest attempt `la`, the campaign's `bad_after` and the contact's campaign id: flagged bad
 * when not closed and unreachable at least bad_after times; `new` until a call was made, then the latest attempt's result.
 */
function factValues(campaignId: string, badAfter: string): string {
  const count = (column: string): string => `coalesce(f.${column}, 0)`;
  const unreachable = UNREACHABLE_COUNT_COLUMNS.map(count).join(' + ');
  return [
    campaignId,
    count('calls_made'),
    count('closed'),
    flag(`${count('closed')} = 0 AND ${unreachable} >= ${badAfter}`),
    `CASE WHEN ${count('calls_made')} = 0 THEN ${literal(NEW_STATUS)} ELSE la.result END`,
    ...UNREACHABLE_COUNT_COLUMNS.map(count),
    'la.id',
    'la.started_at',
    'la.started_ms',
  ]
    .map((value, i) => `${value} AS ${FACT_COLUMNS[i]}`)
    .join(', ');
}

/** Writes the facts; a contact whose facts did not change keeps its row as it was. */
const UPSERT_FACTS = `ON CONFLICT (contact_id) DO UPDATE SET ${FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}
  WHERE (${FACT_COLUMNS.map((c) => `contact_facts.${c}`).join(', ')}) IS DISTINCT FROM (${FACT_COLUMNS.map((c) => `excluded.${c}`).join(', ')})`;

/**
 * The facts of every contact (`touched` null) or of those listed in the table `touched`, one row per contact:
 * contact_id, then FACT_COLUMNS, named as in contact_facts (ending with a WHERE clause, so an upsert can follow).
 * Latest attempt: greatest started_ms, ties by id, as rules.chronological. Two shapes of the same query, by what each
 * engine runs well: SQLite looks up each contact's attempts and latest attempt in the attempts index; PostgreSQL counts
 * all the attempts in one aggregate and takes the latest of each contact in one backward pass over that index.
 */
export function contactFactsSelectSql(dialect: SqlDialect, touched: string | null): string {
  if (dialect.latestAttempts === 'per_contact') {
    // grouped by the id the rows are read in (touched's, or contacts'), so no sort is needed
    const source = touched ? `${touched} t ${dialect.orderedJoin} contacts k ON k.id = t.id` : 'contacts k';
    return `
  SELECT f.contact_id AS contact_id, ${factValues('f.campaign_id', '(SELECT c.bad_after FROM campaigns c WHERE c.id = f.campaign_id)')}
  FROM (
    SELECT k.id AS contact_id, k.campaign_id AS campaign_id,
      ${COUNTS},
      (SELECT l.id FROM attempts l WHERE l.contact_id = k.id ORDER BY l.started_ms DESC, l.id DESC LIMIT 1) AS last_id
    FROM ${source} LEFT JOIN attempts a ON a.contact_id = k.id
    GROUP BY ${touched ? 't.id' : 'k.id'}
  ) AS f
  LEFT JOIN attempts la ON la.id = f.last_id
  WHERE true`;
  }
  const scope = touched ? `WHERE a.contact_id IN (SELECT id FROM ${touched})` : '';
  // every contact: the three inputs read in the same (descending) order of contact id, the counts from the attempts
  // index alone, so the planner merges them instead of hashing a million contacts three times
  const order = touched ? '' : 'ORDER BY a.contact_id DESC';
  return `
  SELECT k.id AS contact_id, ${factValues('k.campaign_id', 'c.bad_after')}
  FROM contacts k JOIN campaigns c ON c.id = k.campaign_id
    LEFT JOIN (SELECT a.contact_id,
      ${COUNTS}
      FROM attempts a ${scope} GROUP BY a.contact_id ${order}) f ON f.contact_id = k.id
    LEFT JOIN (SELECT DISTINCT ON (a.contact_id) a.contact_id, a.id, a.result, a.started_at, a.started_ms
      FROM attempts a ${scope} ORDER BY a.contact_id DESC, a.started_ms DESC, a.id DESC) la ON la.contact_id = k.id
  ${touched ? `WHERE k.id IN (SELECT id FROM ${touched})` : 'WHERE true ORDER BY k.id DESC'}`;
}

/**
 * Writes into contact_facts the facts of every contact or of those in `touched` (contactFactsSelectSql): upserted, or
 * inserted plainly into a contact_facts known to be empty (`insert`).
 */
export function contactFactsSql(dialect: SqlDialect, touched: string | null, write: 'upsert' | 'insert' = 'upsert'): string {
  return `INSERT INTO contact_facts (contact_id, ${FACT_COLUMNS.join(', ')})${contactFactsSelectSql(dialect, touched)}
  ${write === 'upsert' ? UPSERT_FACTS : ''}`;
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
            count(f.contact_id) FILTER (WHERE ${OPEN_BELOW_MAX}), ?
     FROM campaigns c LEFT JOIN contact_facts f ON f.campaign_id = c.id
     WHERE ${filter} GROUP BY c.id`,
  ];
}

/**
 * Calls made per campaign, UTC quarter hour and result (campaign_call_slots), for every campaign or for those listed in
 * the table `affectedTable` (whole campaigns: a handful of indexed reads per contact). The contacts come from
 * contact_facts, whose campaign index covers the scan (contacts has no index on campaign_id).
 */
export function callSlotsSql(dialect: SqlDialect, affectedTable: string | null): string[] {
  const join = dialect.orderedJoin;
  return [
    `DELETE FROM campaign_call_slots${affectedTable ? ` WHERE campaign_id IN (SELECT id FROM ${affectedTable})` : ''}`,
    `INSERT INTO campaign_call_slots (campaign_id, slot, result, calls)
     SELECT f.campaign_id, ${callSlotSql('a.started_ms')}, a.result, count(*)
     FROM ${affectedTable ? `${affectedTable} x ${join} contact_facts f ON f.campaign_id = x.id` : 'contact_facts f'}
       ${join} attempts a ON a.contact_id = f.contact_id
     WHERE ${dialledSql('a.result')}
     GROUP BY 1, 2, 3`,
  ];
}

/** Every contact and campaign: the statements that recompute all derived facts. */
export function allFactsSql(dialect: SqlDialect): string[] {
  return [contactFactsSql(dialect, null), ...campaignStatsSql('true'), ...callSlotsSql(dialect, null)];
}

/**
 * The contacts listed in the table `touchedTable` and the campaigns in `affectedTable` (their ids in a column `id`):
 * the campaigns of the touched contacts are added to the affected ones first, then their facts recomputed.
 */
export function touchedFactsSql(dialect: SqlDialect, touchedTable: string, affectedTable: string): string[] {
  return [
    `INSERT INTO ${affectedTable} (id) SELECT DISTINCT k.campaign_id FROM ${touchedTable} t ${dialect.orderedJoin} contacts k ON k.id = t.id
     WHERE true ON CONFLICT (id) DO NOTHING`,
    contactFactsSql(dialect, touchedTable),
    ...campaignStatsSql(`c.id IN (SELECT id FROM ${affectedTable})`),
    ...callSlotsSql(dialect, affectedTable),
  ];
}

/**
 * Moves the aggregates (campaign_stats, campaign_status_counts) of the campaigns not in the table `recount` by what
 * the facts of the touched contacts changed: their facts now (`current`, a FROM item binding `f` to their rows of
 * contact_facts, or to rows with the same columns), minus their facts before (the table `oldFacts`, with contact_facts'
 * campaign_id, current_status, calls_made, closed and flagged_bad), summed per campaign and status into the table
 * `statusShift` (empty before; campaign_id, status, n, flagged, calls, closed, open_below) and moved from there. A
 * campaign's max_attempts must not have changed meanwhile (such a campaign is recounted whole). The `?` is the update time.
 */
export function shiftCampaignStatsSql(dialect: SqlDialect, current: string, oldFacts: string, recount: string, statusShift: string): string[] {
  const join = dialect.orderedJoin;
  const change = `
    SELECT f.campaign_id AS campaign_id, f.current_status AS status, 1 AS n, f.flagged_bad AS flagged, f.calls_made AS calls,
      f.closed AS closed, ${flag(OPEN_BELOW_MAX)} AS open_below
    FROM ${current} ${join} campaigns c ON c.id = f.campaign_id
    UNION ALL
    SELECT f.campaign_id, f.current_status, -1, -f.flagged_bad, -f.calls_made, -f.closed, -(${flag(OPEN_BELOW_MAX)})
    FROM ${oldFacts} f ${join} campaigns c ON c.id = f.campaign_id`;
  return [
    `INSERT INTO ${statusShift} (campaign_id, status, n, flagged, calls, closed, open_below)
     SELECT campaign_id, status, sum(n), sum(flagged), sum(calls), sum(closed), sum(open_below) FROM (${change}) AS d
     WHERE campaign_id NOT IN (SELECT id FROM ${recount}) GROUP BY campaign_id, status`,
    `INSERT INTO campaign_status_counts (campaign_id, status, contacts)
     SELECT campaign_id, status, n FROM ${statusShift} WHERE n <> 0
     ON CONFLICT (campaign_id, status) DO UPDATE SET contacts = campaign_status_counts.contacts + excluded.contacts`,
    // a status no contact of the campaign has any more has no row, as after a recount
    `DELETE FROM campaign_status_counts WHERE contacts = 0 AND campaign_id IN (SELECT campaign_id FROM ${statusShift})`,
    `UPDATE campaign_stats AS s SET total_contacts = s.total_contacts + d.n, flagged_bad = s.flagged_bad + d.flagged,
       calls_made = s.calls_made + d.calls, closed_contacts = s.closed_contacts + d.closed, open_below_max = s.open_below_max + d.open_below,
       updated_at = ?
     FROM (SELECT campaign_id, sum(n) AS n, sum(flagged) AS flagged, sum(calls) AS calls, sum(closed) AS closed, sum(open_below) AS open_below
           FROM ${statusShift} GROUP BY campaign_id) AS d
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
     ON CONFLICT (campaign_id, slot, result) DO UPDATE SET calls = campaign_call_slots.calls + excluded.calls`,
    `DELETE FROM campaign_call_slots WHERE calls = 0
     AND (campaign_id, slot, result) IN (SELECT campaign_id, slot, result FROM ${slotChanges} WHERE calls < 0)`,
  ];
}

/** The tables (ids in a column `id`, but for the facts and `slotChanges`) an incremental batch tracks its changes in. */
export interface ShiftTables {
  /** The contacts whose facts are recomputed. */
  touched: string;
  /** The campaigns whose data changed (the touched contacts' campaigns are added). */
  affected: string;
  /** The campaigns counted again whole (new ones, a changed max_attempts or bad_after, contacts named for recompute). */
  recount: string;
  /**
   * Filled here: the touched contacts' facts before (contact_id, campaign_id, current_status, calls_made, closed,
   * flagged_bad; no row for a contact without facts yet).
   */
  oldFacts: string;
  /** Filled here: the touched contacts' facts after (contact_id, then FACT_COLUMNS). */
  newFacts: string;
  /** Filled here: what they changed per campaign and status (shiftCampaignStatsSql). */
  statusShift: string;
  /** The calls the batch added (+1) and took away (-1) per campaign, quarter hour and result. */
  slotChanges: string;
}

/**
 * The contacts in `touched` and the campaigns in `affected`, moved by difference: the touched contacts' facts before
 * and after are kept in tables of their own, their campaigns added to the affected ones and the campaigns without
 * aggregates yet to those recounted; then the new facts are written (a row whose facts did not change is left as it
 * was, none of its B-trees written), the aggregates of the campaigns in `recount` counted whole, and the others' moved
 * by what the contacts' facts and the calls changed, read from the two tables rather than from contact_facts again. A
 * commit so costs what the batch touched, not the size of its campaigns. The `?` of some statements is the update time.
 */
export function shiftedFactsSql(dialect: SqlDialect, tables: ShiftTables): string[] {
  const { touched, affected, recount, oldFacts, newFacts, statusShift, slotChanges } = tables;
  const join = dialect.orderedJoin;
  const values = (alias: string): string => FACT_COLUMNS.map((c) => `${alias}.${c}`).join(', ');
  return [
    `INSERT INTO ${oldFacts} (contact_id, campaign_id, current_status, calls_made, closed, flagged_bad)
     SELECT f.contact_id, f.campaign_id, f.current_status, f.calls_made, f.closed, f.flagged_bad
     FROM ${touched} t ${join} contact_facts f ON f.contact_id = t.id`,
    `INSERT INTO ${newFacts} (contact_id, ${FACT_COLUMNS.join(', ')})${contactFactsSelectSql(dialect, touched)}`,
    // the campaigns the touched contacts are in now (those they left were named when they left)
    `INSERT INTO ${affected} (id) SELECT DISTINCT campaign_id FROM ${newFacts} WHERE true ON CONFLICT (id) DO NOTHING`,
    // aggregates are moved by differences only from a row that is there
    `INSERT INTO ${recount} (id) SELECT a.id FROM ${affected} a WHERE NOT EXISTS (SELECT 1 FROM campaign_stats s WHERE s.campaign_id = a.id)
     ON CONFLICT (id) DO NOTHING`,
    // (the IN makes the few new facts drive the update: SQLite has no statistics on the temp table)
    `UPDATE${dialect.failFast} contact_facts AS f SET (${FACT_COLUMNS.join(', ')}) = (${values('n')})
     FROM ${newFacts} AS n
     WHERE f.contact_id IN (SELECT contact_id FROM ${newFacts}) AND f.contact_id = n.contact_id AND (${values('f')}) IS DISTINCT FROM (${values('n')})`,
    `INSERT${dialect.failFast} INTO contact_facts (contact_id, ${FACT_COLUMNS.join(', ')})
     SELECT n.contact_id, ${values('n')} FROM ${newFacts} AS n
     WHERE NOT EXISTS (SELECT 1 FROM ${oldFacts} o WHERE o.contact_id = n.contact_id)`,
    ...campaignStatsSql(`c.id IN (SELECT id FROM ${recount})`),
    ...callSlotsSql(dialect, recount),
    ...shiftCampaignStatsSql(dialect, `${newFacts} f`, oldFacts, recount, statusShift),
    ...shiftCallSlotsSql(slotChanges, recount),
  ];
}
