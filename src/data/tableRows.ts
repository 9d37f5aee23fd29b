/**
 * How a record of a batch becomes a row of its table, the same for every engine: the table's columns (`id` first),
 * the values in that order (the lookup keys computed here: the id key, the phone's digits and reversed digits), and
 * the column that refers to a row of another kind.
 */
import type { AttemptRecord, CampaignRecord, ContactRecord, RecordKind } from './campaignStore';
import { contactIdKey, phoneDigits, reverseString } from './rules';
import type { SqlValue } from './sql';

export type SqlRow = SqlValue[];

export interface TableRows<R> {
  kind: RecordKind;
  /** The table's columns, `id` first, in the order `toRow` gives the values. */
  columns: readonly string[];
  toRow: (record: R) => SqlRow;
  /** The column (index in `columns`) that refers to a row of `parent`. */
  reference?: { column: number; parent: RecordKind };
  /** The columns whose change changes derived facts (written rows whose other columns change are not "touched"). */
  factColumns: readonly string[];
}

export const CAMPAIGN_ROWS: TableRows<CampaignRecord> = {
  kind: 'campaigns',
  columns: ['id', 'name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'],
  toRow: (c) => [c.id, c.name, c.status, c.maxAttempts, c.badAfter, c.pauseReason, c.startsAt, c.endsAt, c.timezone],
  // every column: a renamed campaign is a changed campaign for whoever watches changes
  factColumns: ['name', 'status', 'max_attempts', 'bad_after', 'pause_reason', 'starts_at', 'ends_at', 'timezone'],
};

export const CONTACT_ROWS: TableRows<ContactRecord> = {
  kind: 'contacts',
  columns: ['id', 'campaign_id', 'name', 'phone', 'id_key', 'phone_digits', 'phone_rev'],
  toRow: (k) => {
    const digits = phoneDigits(k.phone);
    // phone_rev: the digits without leading zeros (rules.phoneMatchKey), reversed
    return [k.id, k.campaignId, k.name, k.phone, contactIdKey(k.id), digits, reverseString(digits.replace(/^0+/, ''))];
  },
  reference: { column: 1, parent: 'campaigns' },
  factColumns: ['campaign_id'],
};

export const ATTEMPT_ROWS: TableRows<AttemptRecord> = {
  kind: 'attempts',
  columns: ['id', 'contact_id', 'started_at', 'started_ms', 'result', 'duration_s', 'error'],
  toRow: (a) => [a.id, a.contactId, a.startedAt, a.startedMs, a.result, a.durationS, a.error],
  reference: { column: 1, parent: 'contacts' },
  factColumns: ['contact_id', 'started_at', 'started_ms', 'result'],
};

/** Any kind's table rows, for code that reads their columns only. */
export type AnyTableRows = TableRows<never>;
