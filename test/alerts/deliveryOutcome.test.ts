import { expect } from 'chai';
import { OutboundTimeoutError } from '../../src/channels/outboundTimeout';
import { outcomeOfError, outcomeOfStatus, retryAfterMs, retryDelayMs } from '../../src/channels/proactive/deliveryOutcome';

const NOW = Date.parse('2026-03-14T10:00:00Z');

/** An error shaped as botframework-connector throws them: the status, and the response with its headers. */
function restError(statusCode: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`answered ${statusCode}`), {
    name: 'RestError',
    statusCode,
    response: { status: statusCode, headers: { get: (name: string) => headers[name.toLowerCase()] } },
  });
}

describe('what a channel\'s answer means for an alert', () => {
  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    expect(retryAfterMs('120', NOW)).to.equal(120_000);
    expect(retryAfterMs(' 0 ', NOW)).to.equal(0);
    expect(retryAfterMs('Sat, 14 Mar 2026 10:00:30 GMT', NOW)).to.equal(30_000);
    expect(retryAfterMs('Sat, 14 Mar 2026 09:00:00 GMT', NOW), 'a date gone by').to.equal(0);
    expect(retryAfterMs('soon', NOW)).to.equal(undefined);
    expect(retryAfterMs('-5', NOW)).to.equal(undefined);
    expect(retryAfterMs('', NOW)).to.equal(undefined);
    expect(retryAfterMs(undefined, NOW)).to.equal(undefined);
  });

  it('delivered on 2xx; the subscription goes on 403 and 404; retried on 429, 5xx and a timeout; refused on other 4xx', () => {
    const kinds = [200, 201, 403, 404, 429, 500, 502, 503, 504, 408, 412, 401, 400, 413].map((status) => [status, outcomeOfStatus(status, 'x', undefined, NOW).kind]);
    expect(Object.fromEntries(kinds)).to.deep.equal({
      200: 'delivered',
      201: 'delivered',
      403: 'gone',
      404: 'gone',
      429: 'retry',
      500: 'retry',
      502: 'retry',
      503: 'retry',
      504: 'retry',
      408: 'retry',
      412: 'retry',
      401: 'retry',
      400: 'refused',
      413: 'refused',
    });
  });

  it('honours the Retry-After of a 429 or a 503 only', () => {
    expect(outcomeOfError(restError(429, { 'retry-after': '7' }), NOW)).to.deep.include({ kind: 'retry', status: 429, retryAfterMs: 7000 });
    expect(outcomeOfError(restError(503, { 'retry-after': 'Sat, 14 Mar 2026 10:01:00 GMT' }), NOW)).to.deep.include({ kind: 'retry', status: 503, retryAfterMs: 60_000 });
    expect(outcomeOfError(restError(500, { 'retry-after': '7' }), NOW).kind).to.equal('retry');
    expect(outcomeOfError(restError(500, { 'retry-after': '7' }), NOW)).to.not.have.property('retryAfterMs');
    expect(outcomeOfError(restError(403), NOW)).to.deep.include({ kind: 'gone', status: 403 });
  });

  it('retries what has no status (a timeout, a refused connection) and says what it was', () => {
    const timeout = outcomeOfError(new OutboundTimeoutError(30_000), NOW);
    expect(timeout).to.deep.include({ kind: 'retry' });
    expect(timeout.kind === 'retry' && timeout.error).to.match(/^OutboundTimeoutError OUTBOUND_TIMEOUT: /);
    const refused = outcomeOfError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), NOW);
    expect(refused.kind === 'retry' && refused.error).to.equal('Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
  });

  it('backs off exponentially with jitter, between half the delay and all of it, up to the cap', () => {
    const backoff = { baseMs: 2000, maxMs: 60_000 };
    expect([0, 1, 2, 3].map((attempts) => retryDelayMs(attempts, backoff, () => 1))).to.deep.equal([2000, 4000, 8000, 16_000]);
    expect([0, 1, 2, 3].map((attempts) => retryDelayMs(attempts, backoff, () => 0))).to.deep.equal([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(10, backoff, () => 1)).to.equal(60_000);
    expect(retryDelayMs(10_000, backoff, () => 0.5)).to.equal(45_000);
  });
});
