/**
 * What became of one attempt to send an alert, read from the channel's answer, and when to try again. Pure functions:
 * the deliverer (alertDeliverer.ts) acts on them, the channels (connectorDelivery.ts, directLineDelivery.ts) make them.
 */
import { maskPhoneLike } from '../../logging/logger';

export type SendOutcome =
  | { kind: 'delivered' }
  /** Try again later: 429, 5xx, a timeout, no answer. `retryAfterMs`: what a 429's or 503's Retry-After asked for. */
  | { kind: 'retry'; status?: number; retryAfterMs?: number; error: string }
  /** The conversation is gone or the bot was removed from it (403, 404): the subscription goes. */
  | { kind: 'gone'; status: number; error: string }
  /** The channel will never take this activity (400, 413...): the message goes, the subscription stays. */
  | { kind: 'refused'; status: number; error: string };

export interface Backoff {
  /** The first retry's delay (before jitter); it doubles with each failed attempt... */
  baseMs: number;
  /** ...up to this. */
  maxMs: number;
}

/** Statuses worth another try besides 429 and 5xx: a timeout, a precondition Teams asks to retry, our own credentials (fixable). */
const RETRIED = new Set([401, 408, 412]);

/**
 * A Retry-After header's wait in ms: delay-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, counted
 * from `now`, 0 when past); undefined when missing or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // an HTTP date names its day and month; Date.parse would take '-5' for a year
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What an HTTP status from the channel means for the alert. */
export function outcomeOfStatus(status: number, error: string, retryAfter?: string | null, now = Date.now()): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 403 || status === 404) return { kind: 'gone', status, error };
  if (status === 429 || status === 503) return { kind: 'retry', status, retryAfterMs: retryAfterMs(retryAfter, now), error };
  if (status >= 500 || RETRIED.has(status)) return { kind: 'retry', status, error };
  return { kind: 'refused', status, error };
}

/**
 * What a failed send means: the connector's errors (botframework-connector's RestError) carry `statusCode` and the
 * response with its headers; anything without a status (a timeout, a refused connection) is tried again.
 */
export function outcomeOfError(error: unknown, now = Date.now()): SendOutcome {
  const { statusCode, response } = (error ?? {}) as { statusCode?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  const text = describeError(error);
  if (typeof statusCode !== 'number') return { kind: 'retry', error: text };
  const headers = response?.headers;
  const retryAfter = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  return outcomeOfStatus(statusCode, text, retryAfter, now);
}

/** An error in a line for the outbox and the log: its name, status or code, and a short message without phone-like digits. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return maskPhoneLike(String(error).slice(0, 200));
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  const status = typeof statusCode === 'number' ? ` ${statusCode}` : typeof code === 'string' ? ` ${code}` : '';
  return maskPhoneLike(`${error.name}${status}: ${error.message}`.slice(0, 200));
}

/**
 * The wait before retry number `attempts + 1`: exponential (base × 2^attempts, capped at max) with jitter, between
 * half of it and all of it, so that many alerts failing together do not come back together.
 */
export function retryDelayMs(attempts: number, backoff: Backoff, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(0, attempts), 30));
  return Math.round(full / 2 + (random() * full) / 2);
}
