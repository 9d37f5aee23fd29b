/**
 * The campaign data behind one interface, whatever holds it (a SQLite file, or PostgreSQL: the contract's "Scaling
 * out"). Plain rows in, plain reports out: no storage type crosses this boundary.
 *
 * Reads answer the bot's questions. Writes come in batches: a CSV import (millions of rows, streamed) or an ingest
 * request (a few thousand), each all or nothing, upserting by id, and committing the derived facts (rules.ts) of what
 * they changed in the same transaction, so a reader sees either the old data or the new data with its facts.
 */
import type { AttemptResult } from '../domain/statusKeys';
import type { ListQueries } from './lists';
import type { CallSlotCount, Campaign, CampaignReport, ContactReport } from './types';

/** What the bot asks of the campaign data. */
export interface CampaignQueries {
  listCampaigns(): Promise<Campaign[]>;
  /** By id (exact, then case-insensitive), else by name (case- and accent-insensitive). */
  findCampaign(id: string): Promise<Campaign | null>;
  /**
   * Accepts "C-1042", "c1042", "C 1042", "1042" for id "C-1042": exact id first, then the canonical key
   * (uppercase letters and digits); digits-only input also tries the "C" prefix. Ambiguous keys give null.
   */
  findContact(idText: string): Promise<ContactReport | null>;
  /**
   * Up to `limit` existing contact ids close to a typed one that was not found (a digit off, two digits swapped,
   * one missing or extra...), closest first, for "did you mean" suggestions. Empty when nothing is close.
   */
  similarContactIds(idText: string, limit: number): Promise<string[]>;
  /**
   * Matched on digits (leading zeros ignored): "+1 555 0100", "(555) 0100", "15550100" all match a stored
   * "+1-555-0100"; also when one digit string is a suffix of the other and the shorter has >= 7 digits.
   */
  findContactsByPhone(phoneText: string): Promise<ContactReport[]>;
  campaignReport(campaignId: string): Promise<CampaignReport | null>;
  /** The campaign's calls made (by exact campaign id), by UTC quarter hour and result, in slot order; empty when none or unknown. */
  callSlots(campaignId: string): Promise<CallSlotCount[]>;
  /** The committed batches after `seq`, oldest first, at most `limit`: what reacts to new data reads from here. */
  changesSince(seq: number, limit?: number): Promise<DataChange[]>;
  /** The last committed batch's sequence number (0 when none). */
  latestChangeSeq(): Promise<number>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Rows as written: validated (rowSpecs.ts), values normalized

/** A campaigns.csv row. */
export type CampaignRecord = Campaign;

/** A contacts.csv row. */
export interface ContactRecord {
  id: string;
  campaignId: string;
  name: string;
  phone: string;
}

/** An attempts.csv row. */
export interface AttemptRecord {
  id: string;
  contactId: string;
  /** ISO 8601 with offset, as given. */
  startedAt: string;
  /** The same instant in ms since the epoch (orders the attempts). */
  startedMs: number;
  result: AttemptResult;
  durationS: number | null;
  error: string | null;
}

export interface RecordsByKind {
  campaigns: CampaignRecord;
  contacts: ContactRecord;
  attempts: AttemptRecord;
}

export type RecordKind = keyof RecordsByKind;

/** The order a batch writes in: a row's reference must be written before it. */
export const RECORD_KINDS: readonly RecordKind[] = ['campaigns', 'contacts', 'attempts'];

export type RowCounts = Record<RecordKind, number>;

/** A row the store refused: its id came twice in the batch, or its reference (campaign, contact) does not exist. */
export interface RowRejection {
  kind: RecordKind;
  /** The tag the row was added with (a line number, a row index). */
  tag: number;
  id: string;
  reason: 'duplicate' | 'unknown_reference';
  /** The id referred to (a contact's campaign id, an attempt's contact id) when the reference is unknown. */
  reference?: string;
}

/**
 * How the derived facts are brought up to date at commit. `bulk`: everything recomputed (secondary indexes may be
 * rebuilt: a load large compared with what is stored). `incremental`: only the contacts and campaigns the batch
 * changed.
 */
export type WriteStrategy = 'bulk' | 'incremental';

export interface BatchOptions {
  /** What the batch comes from (a folder, `ingest`), kept with it. */
  source: string;
  /** `auto` (default): the store chooses from `incomingRows` and what it holds. */
  strategy?: 'auto' | WriteStrategy;
  /** Rows about to be written, estimated (for `auto`). */
  incomingRows?: number;
  /** Rows per write the store sends at a time (a hint; default 1000). */
  rowsPerWrite?: number;
  /** Told of every refused row; the batch goes on, and the caller decides (rolls back, normally). */
  onRejected(rejection: RowRejection): void;
}

/** Where one kind of row goes. Rows are written in the background; `finish` waits for them all. */
export interface RowSink<R> {
  /** Queues a row; when it returns a promise, the caller waits for it before adding more (back-pressure). */
  add(row: R, tag: number): Promise<void> | void;
  /** Writes what is queued and waits until every row is written or rejected. */
  finish(): Promise<void>;
}

/** One committed batch: its place in the order of commits, what it came from, the campaigns whose data it changed. */
export interface DataChange {
  seq: number;
  source: string;
  /** ISO 8601. */
  committedAt: string;
  campaignIds: string[];
}

export interface CommitResult {
  rows: RowCounts;
  change: DataChange;
}

/** Contacts and campaigns whose derived facts must be recomputed, named by the caller. */
export interface TouchedIds {
  contactIds: readonly string[];
  campaignIds: readonly string[];
}

/**
 * `tracked` (default): what the store saw change in this batch (everything with the `bulk` strategy). `all`:
 * every contact and campaign. TouchedIds: those, in addition to what the store saw change.
 */
export type Recompute = 'tracked' | 'all' | TouchedIds;

export type RowSinks = { readonly [K in RecordKind]: RowSink<RecordsByKind[K]> };

/** The sink of one kind of row, typed for code that goes over the kinds. */
export function sinkOf<K extends RecordKind>(sinks: RowSinks, kind: K): RowSink<RecordsByKind[K]> {
  return sinks[kind];
}

/**
 * One all-or-nothing write: rows upserted by id through its sinks (`campaigns`, `contacts`, `attempts`), in that
 * order, each finished before the next.
 */
export interface BatchWrite extends RowSinks {
  readonly strategy: WriteStrategy;
  /** The campaign ids stored, as the batch sees them. */
  campaignIds(): Promise<string[]>;
  /**
   * Brings the derived facts up to date, records the change (the campaigns whose rows or facts changed) and commits;
   * returns the rows written per kind and the change. Ends the batch.
   */
  commit(recompute?: Recompute): Promise<CommitResult>;
  /** Leaves the data as it was before the batch. Ends the batch; harmless after the end. */
  rollback(): Promise<void>;
}

export interface CampaignWrites {
  /** Starts a batch; batches of several writers run one after another. */
  beginBatch(options: BatchOptions): Promise<BatchWrite>;
}

/** The campaign data: queries and writes. */
export interface CampaignStore extends CampaignQueries, CampaignWrites {}

/** A campaign store with the contact and campaign lists over its data (every engine's store is one). */
export interface CampaignStoreWithLists extends CampaignStore {
  listQueries(): ListQueries;
}
