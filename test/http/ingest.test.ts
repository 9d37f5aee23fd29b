/**
 * POST /api/data/campaigns|contacts|attempts over the real server (contract: "Live data (HTTP ingest)"): every
 * refusal changes nothing and names its problem; accepted requests are upserts; every request is on the audit log.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_INGEST_BYTES, MAX_INGEST_ROWS } from '../../src/data/ingest';
import { CRM_TOKEN, DIALER_TOKEN, postRows, startIngestServer, type IngestServer } from '../helpers/ingestServer';

const attempt = (id: string, contact = 'C-1', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  attempt_id: id,
  contact_id: contact,
  started_at: '2025-03-06T10:00:00-05:00',
  result: 'busy',
  ...extra,
});

interface RowErrors {
  error: string;
  errors: { row: number; column: string; problem: string }[];
  truncated?: boolean;
}

describe('HTTP ingest: POST /api/data/*', function () {
  this.timeout(30_000);
  let ingest: IngestServer;
  let initial: Record<string, unknown[]>;
  before(async () => {
    ingest = await startIngestServer();
  });
  after(() => ingest.close());
  beforeEach(async () => {
    initial = await ingest.snapshot();
  });
  const unchanged = async (): Promise<void> => {
    expect(await ingest.snapshot()).to.deep.equal(initial);
  };
  const lastAudit = () => ingest.audit().at(-1)!;

  describe('refusals change nothing', () => {
    it('401 without a token, with a wrong one or another scheme, audited without a name and never with the token', async () => {
      for (const token of [null, 'not-the-token-at-all', `${DIALER_TOKEN}x`]) {
        const { status, headers, body } = await postRows(ingest.url, 'attempts', [attempt('N-1')], { token });
        expect(status, String(token)).to.equal(401);
        expect(headers.get('www-authenticate')).to.equal('Bearer');
        expect(body).to.have.property('error').that.matches(/Unauthorized/);
        expect(lastAudit()).to.include({ action: 'data.ingest', target: '/api/data/attempts', decision: 'refused', status: 401 });
        expect(lastAudit().who).to.deep.equal([]);
      }
      const basic = await fetch(`${ingest.url}/api/data/attempts`, { method: 'POST', headers: { authorization: `Basic ${DIALER_TOKEN}`, 'content-type': 'application/json' }, body: '[]' });
      expect(basic.status).to.equal(401);
      await unchanged();
      expect(ingest.auditText()).to.not.contain(DIALER_TOKEN).and.not.contain('not-the-token');
    });

    it('415 for a body that is not JSON, 400 for malformed JSON, an empty body or JSON that is not an array', async () => {
      const csv = await postRows(ingest.url, 'contacts', 'contact_id,campaign_id\nC-9,CMP-A\n', { contentType: 'text/csv' });
      expect(csv.status).to.equal(415);
      expect(csv.body).to.deep.equal({ error: 'Unsupported body: the body must be JSON (Content-Type: application/json), not "text/csv".' });
      expect((await postRows(ingest.url, 'contacts', '[]', { contentType: 'application/json; charset=latin1' })).status).to.equal(415);
      const cases: [string, RegExp][] = [
        ['[{"attempt_id": "N-1",', /^The body is not valid JSON: /],
        ['', /^The body is empty/],
        ['{"attempt_id": "N-1"}', /^The body must be a JSON array of rows, not an object\.$/],
        ['"rows"', /not a string\.$/],
        ['null', /not null\.$/],
      ];
      for (const [text, error] of cases) {
        const { status, body } = await postRows<{ error: string }>(ingest.url, 'attempts', text);
        expect(status, text).to.equal(400);
        expect(body.error, text).to.match(error);
      }
      const invalidUtf8 = await postRows<{ error: string }>(ingest.url, 'attempts', new Uint8Array([0x5b, 0xff, 0x5d]));
      expect([invalidUtf8.status, invalidUtf8.body.error]).to.deep.equal([400, 'The body is not valid UTF-8.']);
      expect(lastAudit()).to.include({ decision: 'refused', status: 400 });
      expect(lastAudit().who).to.deep.equal(['dialer']);
      await unchanged();
    });

    it('400 naming each bad row and column (a bad result, a date without offset, a missing column), good rows among them left out too', async () => {
      const { status, body } = await postRows<RowErrors>(ingest.url, 'attempts', [
        attempt('N-1'),
        attempt('N-2', 'C-1', { result: 'answered' }),
        attempt('N-3', 'C-2', { started_at: '2025-03-06T10:00:00' }),
        { attempt_id: 'N-4', contact_id: 'C-3', result: 'busy' },
        attempt('N-5'),
      ]);
      expect(status).to.equal(400);
      expect(body.error).to.equal('3 problems in the attempts rows: nothing was written.');
      expect(body.errors).to.deep.equal([
        { row: 1, column: 'result', problem: 'result "answered" is not one of completed, failed, busy, no_response, ivr, incorrect_number, canceled' },
        { row: 2, column: 'started_at', problem: 'started_at "2025-03-06T10:00:00" has no UTC offset: add Z or an offset such as -06:00' },
        { row: 3, column: 'started_at', problem: 'started_at is missing' },
      ]);
      expect(lastAudit()).to.include({ decision: 'refused', status: 400, rows: 5, errors: 3 });
      await unchanged();
    });

    it('400 for an unknown campaign or contact, and for an id twice in the request', async () => {
      const contacts = await postRows<RowErrors>(ingest.url, 'contacts', [
        { contact_id: 'C-20', campaign_id: 'CMP-A', name: 'New One', phone: '+1 555 010 0020' },
        { contact_id: 'C-21', campaign_id: 'CMP-NOPE', name: 'Lost', phone: '+1 555 010 0021' },
      ]);
      expect([contacts.status, contacts.body.errors]).to.deep.equal([400, [{ row: 1, column: 'campaign_id', problem: 'unknown campaign_id "CMP-NOPE"' }]]);
      const attempts = await postRows<RowErrors>(ingest.url, 'attempts', [attempt('N-1'), attempt('N-2', 'C-404'), attempt('N-1', 'C-2')]);
      expect([attempts.status, attempts.body.errors]).to.deep.equal([
        400,
        [
          { row: 1, column: 'contact_id', problem: 'unknown contact_id "C-404"' },
          { row: 2, column: 'attempt_id', problem: 'duplicate attempt_id "N-1" (first at row 0)' },
        ],
      ]);
      await unchanged();
    });

    it(`413 beyond ${MAX_INGEST_ROWS} rows or ${MAX_INGEST_BYTES / 1024 / 1024} MB, whether the size is declared or not`, async () => {
      const tooMany = await postRows<{ error: string }>(ingest.url, 'attempts', Array.from({ length: MAX_INGEST_ROWS + 1 }, (_, i) => attempt(`N-${i}`)));
      expect([tooMany.status, tooMany.body.error]).to.deep.equal([413, `At most ${MAX_INGEST_ROWS} rows per request; this one has ${MAX_INGEST_ROWS + 1}.`]);
      expect(lastAudit()).to.include({ status: 413, rows: MAX_INGEST_ROWS + 1 });

      const padded = `[${' '.repeat(MAX_INGEST_BYTES)}]`;
      const declared = await postRows<{ error: string }>(ingest.url, 'attempts', padded);
      expect([declared.status, declared.body.error]).to.deep.equal([413, `Refused: the body is larger than ${MAX_INGEST_BYTES} bytes.`]);
      const chunk = new TextEncoder().encode(' '.repeat(1024 * 1024));
      let sent = 0;
      const streamed = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 8) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const chunked = await postRows(ingest.url, 'attempts', streamed);
      expect(chunked.status).to.equal(413);
      expect(lastAudit()).to.include({ status: 413, decision: 'refused' });
      await unchanged();
    });

    it('junk bodies with a good token get a 4xx, never a 5xx, and change nothing', async () => {
      const junkRow = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('attempt_id', 'contact_id', 'started_at', 'result', 'duration_s', 'error', 'x'), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null))));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('campaigns', 'contacts', 'attempts'), fc.oneof(fc.array(junkRow, { minLength: 1, maxLength: 5 }).map((rows) => JSON.stringify(rows)), fc.string()), async (kind, text) => {
          fc.pre(!/^\s*\[\s*\]\s*$/.test(text)); // an empty array is a good (empty) request
          const { status } = await postRows(ingest.url, kind, text);
          expect(status, text).to.be.within(400, 499);
        }),
        { numRuns: 60 },
      );
      await unchanged();
    });
  });

  it('404 with a reason when INGEST_TOKEN is not set', async () => {
    const disabled = await startIngestServer({ disabled: true });
    try {
      const { status, body } = await postRows(disabled.url, 'attempts', [attempt('N-1')]);
      expect([status, body]).to.deep.equal([404, { error: 'Live data ingest is disabled on this server: set INGEST_TOKEN to enable it.' }]);
      expect(await disabled.snapshot()).to.have.property('attempts').with.length(13);
    } finally {
      await disabled.close();
    }
  });

  it('200 with the rows written; the same request again changes nothing; audited under the token that sent it', async () => {
    const rows = [attempt('N-1', 'C-7', { result: 'no_response', duration_s: 12 }), attempt('N-2', 'C-7', { started_at: '2025-03-07T10:00:00Z', error: 'SIP 480' })];
    const first = await postRows(ingest.url, 'attempts', rows, { token: CRM_TOKEN });
    expect([first.status, first.body]).to.deep.equal([200, { campaigns: 0, contacts: 0, attempts: 2 }]);
    expect(lastAudit()).to.deep.include({ who: ['crm'], action: 'data.ingest', target: '/api/data/attempts', decision: 'accepted', status: 200, rows: 2 });
    const afterFirst = await ingest.snapshot();
    const changes = await ingest.store.changesSince(0);
    expect(changes.at(-1)).to.deep.include({ source: 'ingest', campaignIds: ['CMP-A'] });

    const second = await postRows(ingest.url, 'attempts', rows, { token: CRM_TOKEN });
    expect([second.status, second.body]).to.deep.equal([200, { campaigns: 0, contacts: 0, attempts: 2 }]);
    const retry = (await ingest.store.changesSince(changes.at(-1)!.seq)).at(-1)!;
    expect(retry.campaignIds).to.deep.equal([]);
    const afterSecond = await ingest.snapshot();
    for (const table of ['attempts', 'contacts', 'campaigns', 'contact_facts', 'campaign_stats', 'campaign_status_counts', 'campaign_call_slots']) {
      const rowsOf = (s: Record<string, unknown[]>): unknown[] => s[table]!.map((r) => String(r).replace(/"(import_id|updated_at)":[^,}]+/g, '')).sort();
      expect(rowsOf(afterSecond), table).to.deep.equal(rowsOf(afterFirst));
    }
    expect((await ingest.store.findContact('C-7'))!.attempts.map((a) => [a.id, a.result, a.error])).to.deep.equal([
      ['N-1', 'no_response', null],
      ['N-2', 'busy', 'SIP 480'],
    ]);
    expect(ingest.auditText()).to.not.contain(CRM_TOKEN);
  });
});
