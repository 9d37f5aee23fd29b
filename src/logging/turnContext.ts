import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line of one HTTP request, Direct Line post or turn shares. */
export interface RequestScope {
  requestId: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts, sync or async) under a request id: a new one unless given. */
export function withRequestId<T>(fn: () => T, requestId: string = randomUUID()): T {
  return scopes.run({ requestId }, fn);
}

/** Runs `fn` under the current request id, or a new one when there is none (a turn nobody's request started). */
export function withRequestIdIfNone<T>(fn: () => T): T {
  return scopes.getStore() ? fn() : withRequestId(fn);
}

/** The request id of the code running now, from anywhere; undefined outside a request or turn. */
export function currentRequestId(): string | undefined {
  return scopes.getStore()?.requestId;
}
