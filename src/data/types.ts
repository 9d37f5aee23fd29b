/**
 * Plain data types of the campaign-data layer. No storage types leak out of src/data:
 * everything the bot sees is one of these.
 */
import type { AttemptResult, CampaignStatus, PauseReason } from '../domain/statusKeys';

/** Results that count as "unreachable" (the Bad Connection rule of the contract). */
export type UnreachableResult = 'failed' | 'busy' | 'no_response';

/** A contact's current status: `new` (no call made yet) or the result of its latest attempt. */
export type ContactStatus = 'new' | AttemptResult;

/** Why a contact will not be called again (null while it still will be). */
export type StopReason = 'closed' | 'campaign_finished' | 'limit_reached';

export interface Campaign {
  id: string;
  name: string;
  status: CampaignStatus;
  maxAttempts: number;
  /** Unreachable attempts (failed/busy/no_response) from which an open contact is flagged bad. */
  badAfter: number;
  pauseReason: PauseReason | null;
  /** ISO 8601 as imported (date or date-time), or null. */
  startsAt: string | null;
  endsAt: string | null;
  /** IANA time zone name, canonical form (e.g. `America/Mexico_City`, `UTC`). */
  timezone: string;
}

export interface Attempt {
  id: string;
  /** ISO 8601 with offset, as imported. */
  startedAt: string;
  result: AttemptResult;
  durationS: number | null;
  error: string | null;
}

export interface ContactReport {
  id: string;
  campaignId: string;
  name: string;
  phone: string;
  campaign: Campaign;
  /** Chronological by startedAt (ties: by attempt id). */
  attempts: Attempt[];
  callsMade: number;
  closed: boolean;
  attemptsRemaining: number;
  flaggedBad: boolean;
  /** Attempts that ended failed, busy or no_response. */
  unreachableAttempts: number;
  currentStatus: ContactStatus;
  /** Latest attempt by startedAt (whatever its result), null when there is none. */
  lastAttempt: Attempt | null;
  /** Most frequent result among unreachable attempts (ties: the one seen latest); null when there are none. */
  dominantUnreachableResult: UnreachableResult | null;
  /** Why it will not be called again; null if it will. */
  stopReason: StopReason | null;
}

export interface CampaignReport {
  campaign: Campaign;
  totalContacts: number;
  /** Contacts by current status (every key present, zeros included). */
  byStatus: Record<ContactStatus, number>;
  flaggedBad: number;
  callsMade: number;
  contactsWithAttemptsRemaining: number;
  closedContacts: number;
}

/** A result of a call that was dialled (a canceled attempt never was). */
export type DialledResult = Exclude<AttemptResult, 'canceled'>;

/** Length of a call slot: the UTC quarter hour (every time zone's offset is a whole number of quarter hours). */
export const CALL_SLOT_MS = 15 * 60_000;

/** Calls made in one UTC quarter hour of a campaign that ended with one result. */
export interface CallSlotCount {
  /** floor(started_ms / CALL_SLOT_MS): the quarter hour the call started in, counted from the epoch. */
  slot: number;
  result: DialledResult;
  calls: number;
}

