/**
 * The rows of the contract's "Campaign data import", declared once: per file its columns (name, required or not, a
 * parser giving a typed value or a problem) and how the values make a record. The CSV import (file, line) and the
 * HTTP ingest (row index, column) validate rows with the same `validateRow`, so both report the same problems.
 */
import { ATTEMPT_RESULTS, CAMPAIGN_STATUSES, PAUSE_REASONS, type AttemptResult, type CampaignStatus, type PauseReason } from '../domain/statusKeys';
import type { RecordKind, RecordsByKind } from './campaignStore';
import { parseIsoDateTime, phoneDigits, type ParsedDateTime } from './rules';

export const IMPORT_FILES = ['campaigns.csv', 'contacts.csv', 'attempts.csv'] as const;
export type ImportFile = (typeof IMPORT_FILES)[number];

export const MAX_ID_LENGTH = 64;
const MAX_TEXT_LENGTH = 500;
const MAX_ERROR_LENGTH = 2000;
const MAX_PHONE_DIGITS = 32;
const MAX_ATTEMPTS_LIMIT = 1000;
const DEFAULT_BAD_AFTER = 2;
const DEFAULT_TIMEZONE = 'UTC';

/** What a parser returns for a cell it refuses (anything else is the cell's value). */
export class CellProblem {
  constructor(readonly problem: string) {}
}

export type CellParser<T> = (text: string) => T | CellProblem;

export interface ColumnSpec<T = unknown> {
  readonly name: string;
  /** Must be in a CSV header. An optional column that is absent reads as empty, as does a missing key of a JSON row. */
  readonly required: boolean;
  /** Gets the cell's text trimmed. */
  readonly parse: CellParser<T>;
  /** A reference to another kind of row (a contact's campaign, an attempt's contact). */
  readonly references?: RecordKind;
}

/** A value of the row being built, by its column. */
export type ColumnValue = <T>(column: ColumnSpec<T>) => T;

/** A check across columns, run once all of its columns have parsed. */
interface CrossCheck {
  readonly columns: readonly ColumnSpec[];
  readonly check: (value: ColumnValue) => string | null;
}

export interface RowSpec<K extends RecordKind> {
  readonly kind: K;
  readonly file: ImportFile;
  /** In the order they are checked, which is the order their problems are reported in. */
  readonly columns: readonly ColumnSpec[];
  /** The id column: a row whose id is bad reports only that. */
  readonly key: ColumnSpec<string>;
  readonly crossChecks: readonly CrossCheck[];
  readonly build: (value: ColumnValue) => RecordsByKind[K];
}

export interface ColumnProblem {
  column: string;
  problem: string;
}

export interface RowOutcome<R> {
  /** Null when the row is refused. */
  record: R | null;
  /** The row's id when it is valid (even if another cell is not). */
  key: string | null;
  problems: readonly ColumnProblem[];
}

/**
 * What is known about a referenced id: `unknown` is a problem of the row; `rejected` (its own row was refused, and
 * reported) refuses this row without another problem.
 */
export type ReferenceState = 'ok' | 'unknown' | 'rejected';
export type ReferenceCheck = (kind: RecordKind, id: string) => ReferenceState;

// ---------------------------------------------------------------------------------------------------------
// Parsers

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** No id has control characters (they are refused at import), so a text with one names nothing. */
export const hasControlChars = (text: string): boolean => CONTROL_CHARS.test(text);

export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

/** The problem of a reference whose target does not exist. */
export function unknownReferenceProblem(column: string, id: string): string {
  return `unknown ${column} ${quote(id)}`;
}

/** Enum token: "In Progress", "no-response" -> "in_progress", "no_response". */
function enumCell<T extends string>(column: string, values: readonly T[]): CellParser<T> {
  const set = new Set<string>(values);
  return (text) => {
    if (set.has(text)) return text as T;
    const token = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
    return set.has(token) ? (token as T) : new CellProblem(`${column} ${quote(text)} is not one of ${values.join(', ')}`);
  };
}

function optional<T, D>(parse: CellParser<T>, empty: D): CellParser<T | D> {
  return (text) => (text === '' ? empty : parse(text));
}

function idCell(column: string): CellParser<string> {
  return (text) => {
    if (text === '') return new CellProblem(`${column} is empty`);
    if (text.length > MAX_ID_LENGTH) return new CellProblem(`${column} is longer than ${MAX_ID_LENGTH} characters`);
    if (hasControlChars(text)) return new CellProblem(`${column} ${quote(text)} contains control characters`);
    return text;
  };
}

/** An id naming another row: only its presence is checked here (the reference is checked against the data). */
function referenceCell(column: string): CellParser<string> {
  return (text) => (text === '' ? new CellProblem(`${column} is empty`) : text);
}

/** A NUL character: no text column of PostgreSQL can hold one, so no engine takes one. */
const NUL = '\u0000';

function textCell(column: string, options: { max: number; nonEmpty?: boolean }): CellParser<string> {
  return (text) => {
    if (options.nonEmpty && text === '') return new CellProblem(`${column} is empty`);
    if (text.includes(NUL)) return new CellProblem(`${column} contains a NUL character`);
    if (text.length > options.max) return new CellProblem(`${column} is longer than ${options.max} characters`);
    return text;
  };
}

function countCell(column: string): CellParser<number> {
  return (text) => {
    const n = /^\+?\d{1,9}$/.test(text) ? Number(text) : 0;
    return n >= 1 && n <= MAX_ATTEMPTS_LIMIT ? n : new CellProblem(`${column} must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${quote(text)}`);
  };
}

/** A date or date-time, kept as given, with its instant. */
export interface DateCell {
  text: string;
  at: ParsedDateTime;
}

function dateCell(column: string): CellParser<DateCell> {
  return (text) => {
    const at = parseIsoDateTime(text);
    return at ? { text, at } : new CellProblem(`${column} ${quote(text)} is not an ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T09:00:00-06:00)`);
  };
}

function instantCell(column: string): CellParser<DateCell> {
  return (text) => {
    const at = parseIsoDateTime(text);
    if (!at || !at.hasTime) return new CellProblem(`${column} ${quote(text)} is not an ISO 8601 date-time (e.g. 2024-03-01T14:05:00-06:00)`);
    if (!at.hasOffset) return new CellProblem(`${column} ${quote(text)} has no UTC offset: add Z or an offset such as -06:00`);
    return { text, at };
  };
}

const timeZoneCache = new Map<string, string | null>();

/** The canonical IANA name of a time zone ("utc" -> "UTC"), or null when Intl does not know it. */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null; // names only, no "+01:00" offsets
  let canonical = timeZoneCache.get(name);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      canonical = null;
    }
    timeZoneCache.set(name, canonical);
  }
  return canonical;
}

function timeZoneCell(column: string): CellParser<string> {
  return (text) => canonicalTimeZone(text) ?? new CellProblem(`${column} ${quote(text)} is not an IANA time zone name (e.g. America/Mexico_City)`);
}

function phoneCell(column: string): CellParser<string> {
  return (text) => {
    const digits = phoneDigits(text);
    if (digits === '') return new CellProblem(text === '' ? `${column} is empty` : `${column} ${quote(text)} has no digits`);
    if (digits.length > MAX_PHONE_DIGITS || text.length > MAX_TEXT_LENGTH) return new CellProblem(`${column} ${quote(text)} is too long`);
    if (text.includes(NUL)) return new CellProblem(`${column} contains a NUL character`);
    return text;
  };
}

function durationCell(column: string): CellParser<number> {
  return (text) => (/^\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) : new CellProblem(`${column} must be a number of seconds, 0 or more, got ${quote(text)}`));
}

const column = <T>(name: string, required: boolean, parse: CellParser<T>, references?: RecordKind): ColumnSpec<T> => ({ name, required, parse, references });

// ---------------------------------------------------------------------------------------------------------
// The three files

const campaign = {
  id: column('campaign_id', true, idCell('campaign_id')),
  name: column('name', true, textCell('name', { max: MAX_TEXT_LENGTH, nonEmpty: true })),
  status: column<CampaignStatus>('status', true, enumCell('status', CAMPAIGN_STATUSES)),
  maxAttempts: column('max_attempts', true, countCell('max_attempts')),
  badAfter: column('bad_after', false, optional(countCell('bad_after'), DEFAULT_BAD_AFTER)),
  pauseReason: column<PauseReason | null>('pause_reason', false, optional(enumCell('pause_reason', PAUSE_REASONS), null)),
  startsAt: column('starts_at', false, optional(dateCell('starts_at'), null)),
  endsAt: column('ends_at', false, optional(dateCell('ends_at'), null)),
  timezone: column('timezone', false, optional(timeZoneCell('timezone'), DEFAULT_TIMEZONE)),
};

export const CAMPAIGN_ROWS: RowSpec<'campaigns'> = {
  kind: 'campaigns',
  file: 'campaigns.csv',
  columns: Object.values(campaign),
  key: campaign.id,
  crossChecks: [
    {
      columns: [campaign.startsAt, campaign.endsAt],
      check: (v) => {
        const starts = v(campaign.startsAt);
        const ends = v(campaign.endsAt);
        return starts && ends && ends.at.ms < starts.at.ms ? 'ends_at is before starts_at' : null;
      },
    },
  ],
  build: (v) => ({
    id: v(campaign.id),
    name: v(campaign.name),
    status: v(campaign.status),
    maxAttempts: v(campaign.maxAttempts),
    badAfter: v(campaign.badAfter),
    pauseReason: v(campaign.pauseReason),
    startsAt: v(campaign.startsAt)?.text ?? null,
    endsAt: v(campaign.endsAt)?.text ?? null,
    timezone: v(campaign.timezone),
  }),
};

const contact = {
  id: column('contact_id', true, idCell('contact_id')),
  campaignId: column('campaign_id', true, referenceCell('campaign_id'), 'campaigns'),
  name: column('name', true, textCell('name', { max: MAX_TEXT_LENGTH })),
  phone: column('phone', true, phoneCell('phone')),
};

export const CONTACT_ROWS: RowSpec<'contacts'> = {
  kind: 'contacts',
  file: 'contacts.csv',
  columns: Object.values(contact),
  key: contact.id,
  crossChecks: [],
  build: (v) => ({ id: v(contact.id), campaignId: v(contact.campaignId), name: v(contact.name), phone: v(contact.phone) }),
};

const attempt = {
  id: column('attempt_id', true, idCell('attempt_id')),
  contactId: column('contact_id', true, referenceCell('contact_id'), 'contacts'),
  startedAt: column('started_at', true, instantCell('started_at')),
  result: column<AttemptResult>('result', true, enumCell('result', ATTEMPT_RESULTS)),
  durationS: column('duration_s', false, optional(durationCell('duration_s'), null)),
  error: column('error', false, optional(textCell('error', { max: MAX_ERROR_LENGTH }), null)),
};

export const ATTEMPT_ROWS: RowSpec<'attempts'> = {
  kind: 'attempts',
  file: 'attempts.csv',
  columns: Object.values(attempt),
  key: attempt.id,
  crossChecks: [],
  build: (v) => {
    const started = v(attempt.startedAt);
    return {
      id: v(attempt.id),
      contactId: v(attempt.contactId),
      startedAt: started.text,
      startedMs: started.at.ms,
      result: v(attempt.result),
      durationS: v(attempt.durationS),
      error: v(attempt.error),
    };
  },
};

export const ROW_SPECS: { readonly [K in RecordKind]: RowSpec<K> } = { campaigns: CAMPAIGN_ROWS, contacts: CONTACT_ROWS, attempts: ATTEMPT_ROWS };

// ---------------------------------------------------------------------------------------------------------
// Validation

/**
 * Each spec's column positions, the cross-checks to run after each column, and the values of the row being validated
 * (validation is synchronous, so one set of values per spec serves every row without allocating).
 */
interface Plan {
  position: Map<ColumnSpec, number>;
  checksAfter: (readonly CrossCheck[])[];
  values: unknown[];
  value: ColumnValue;
}

const plans = new WeakMap<RowSpec<RecordKind>, Plan>();

function planOf(spec: RowSpec<RecordKind>): Plan {
  let plan = plans.get(spec);
  if (!plan) {
    const position = new Map(spec.columns.map((c, i) => [c, i] as const));
    const checksAfter = spec.columns.map((_, i) => spec.crossChecks.filter((x) => Math.max(...x.columns.map((c) => position.get(c)!)) === i));
    const values: unknown[] = new Array(spec.columns.length);
    plan = { position, checksAfter, values, value: <T>(c: ColumnSpec<T>) => values[position.get(c)!] as T };
    plans.set(spec, plan);
  }
  return plan;
}

const FAILED: unique symbol = Symbol('failed');

/**
 * Validates one row. `cell(i)` gives the trimmed text of `spec.columns[i]` ('' when absent), or a problem of its own
 * (a JSON value that is no text). `references` checks the reference columns' ids when the caller knows them.
 */
export function validateRow<K extends RecordKind>(
  spec: RowSpec<K>,
  cell: (position: number) => string | CellProblem,
  references?: ReferenceCheck,
): RowOutcome<RecordsByKind[K]> {
  const { values, value, checksAfter } = planOf(spec);
  let problems: ColumnProblem[] | null = null;
  let rejected = false;
  for (let i = 0; i < spec.columns.length; i++) {
    const c = spec.columns[i]!;
    const text = cell(i);
    const parsed = text instanceof CellProblem ? text : c.parse(text);
    if (parsed instanceof CellProblem) {
      if (c === spec.key) return { record: null, key: null, problems: [{ column: c.name, problem: parsed.problem }] };
      (problems ??= []).push({ column: c.name, problem: parsed.problem });
      values[i] = FAILED;
      continue;
    }
    values[i] = parsed;
    if (c.references && references) {
      const state = references(c.references, parsed as string);
      if (state === 'unknown') (problems ??= []).push({ column: c.name, problem: unknownReferenceProblem(c.name, parsed as string) });
      rejected ||= state !== 'ok';
    }
    for (const x of checksAfter[i]!) {
      if (x.columns.some((xc) => value(xc) === FAILED)) continue;
      const problem = x.check(value);
      if (problem) (problems ??= []).push({ column: c.name, problem });
    }
  }
  const key = value(spec.key);
  if (problems || rejected) return { record: null, key, problems: problems ?? [] };
  return { record: spec.build(value), key, problems: NO_PROBLEMS };
}

const NO_PROBLEMS: readonly ColumnProblem[] = Object.freeze([]);

/**
 * A JSON row's cell as validateRow takes it: strings trimmed, numbers as written, null as empty; an absent key reads
 * as empty for an optional column and is a problem of its own for a required one.
 */
export function jsonCell(row: Readonly<Record<string, unknown>>, column: ColumnSpec): string | CellProblem {
  const cell = Object.hasOwn(row, column.name) ? row[column.name] : undefined;
  if (cell === undefined) return column.required ? new CellProblem(`${column.name} is missing`) : '';
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
  return new CellProblem(`${column.name} must be a string or a number`);
}

/** A problem of one row of a JSON request (the contract's ingest errors). */
export interface RowError {
  /** 0-based index in the request. */
  row: number;
  /** The column (the JSON key); empty when the problem is the whole row's. */
  column: string;
  problem: string;
}

export interface JsonRowsOutcome<R> {
  /** The good rows' records, with their index in the request. */
  records: { row: number; record: R }[];
  errors: RowError[];
  /** Validation stopped at `maxErrors`: there may be more. */
  truncated: boolean;
}

/** Validates the rows of an ingest request: the records of the good rows, and the problems of the others (up to `maxErrors`). */
export function validateJsonRows<K extends RecordKind>(
  spec: RowSpec<K>,
  rows: readonly unknown[],
  maxErrors = Number.POSITIVE_INFINITY,
): JsonRowsOutcome<RecordsByKind[K]> {
  const records: { row: number; record: RecordsByKind[K] }[] = [];
  const errors: RowError[] = [];
  for (let index = 0; index < rows.length; index++) {
    if (errors.length >= maxErrors) return { records, errors: errors.slice(0, maxErrors), truncated: true };
    const row = rows[index];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      errors.push({ row: index, column: '', problem: 'a row must be a JSON object' });
      continue;
    }
    const outcome = validateRow(spec, (i) => jsonCell(row as Record<string, unknown>, spec.columns[i]!));
    for (const p of outcome.problems) errors.push({ row: index, ...p });
    if (outcome.record) records.push({ row: index, record: outcome.record });
  }
  return { records, errors: errors.slice(0, maxErrors), truncated: errors.length > maxErrors };
}
