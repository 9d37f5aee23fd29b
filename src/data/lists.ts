/**
 * Lists over many contacts and campaigns: plain types and the queries behind them. The derived facts are the store's
 * (contract, rules.ts): calls made, closed, flagged bad, current status; attempts remaining is 0 when the contact is
 * closed or its campaign finished, else max(0, max attempts - calls made).
 */
import type { Campaign, ContactStatus, DialledResult } from './types';

/** What a contact list asks for: one condition, over the campaigns in `campaignIds` (already filtered by access). */
export type ContactFilter =
  | { kind: 'flagged_bad' }
  | { kind: 'no_attempts_left' }
  | { kind: 'never_called' }
  | { kind: 'min_calls'; minCalls: number }
  | { kind: 'status'; status: ContactStatus };

export interface ContactListQuery {
  campaignIds: string[];
  filter: ContactFilter;
}

/** One row of a contact list: what the table shows (the phone unmasked: masking is the answer's business). */
export interface ContactListRow {
  id: string;
  name: string;
  phone: string;
  campaignId: string;
  campaignName: string;
  timezone: string;
  currentStatus: ContactStatus;
  callsMade: number;
  maxAttempts: number;
  attemptsRemaining: number;
  unreachableAttempts: number;
  /** ISO 8601 as imported, or null when never called. */
  lastAttemptAt: string | null;
}

export interface ContactListPage {
  /** Contacts in the campaigns of the query, whatever the filter. */
  inScope: number;
  /** Contacts that match the filter. */
  matching: number;
  offset: number;
  rows: ContactListRow[];
}

/** A campaign with the figures a campaign list compares. */
export interface CampaignListRow {
  campaign: Campaign;
  contacts: number;
  closed: number;
  flaggedBad: number;
  callsMade: number;
  /** Calls made by result (canceled attempts were never dialled). */
  calls: Record<DialledResult, number>;
}

export interface ListQueries {
  /** `limit` rows from `offset`, in the order the list is acted on, with the counts in scope and matching. */
  contactPage(query: ContactListQuery, offset: number, limit: number): Promise<ContactListPage>;
  /** Every matching row in the same order, read in chunks: for the export, whatever the list's size. */
  contactRows(query: ContactListQuery): AsyncIterable<ContactListRow>;
  /** The campaigns with `ids`, with their figures (unknown ids left out). */
  campaignRows(ids: readonly string[]): Promise<CampaignListRow[]>;
}

/** A filter as a short text for links, memory and the audit log: `flagged_bad`, `min_calls:3`, `status:busy`. */
export function filterKey(filter: ContactFilter): string {
  if (filter.kind === 'min_calls') return `min_calls:${filter.minCalls}`;
  if (filter.kind === 'status') return `status:${filter.status}`;
  return filter.kind;
}

const STATUSES: readonly ContactStatus[] = ['new', 'completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'];

export function parseFilterKey(text: string): ContactFilter | null {
  if (text === 'flagged_bad' || text === 'no_attempts_left' || text === 'never_called') return { kind: text };
  const min = /^min_calls:(\d{1,4})$/.exec(text);
  if (min) return { kind: 'min_calls', minCalls: Number(min[1]) };
  const status = /^status:([a-z_]+)$/.exec(text);
  if (status && (STATUSES as readonly string[]).includes(status[1]!)) return { kind: 'status', status: status[1] as ContactStatus };
  return null;
}
