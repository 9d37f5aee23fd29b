import { expect } from 'chai';
import { ATTEMPT_ROWS, CAMPAIGN_ROWS, CONTACT_ROWS, validateJsonRows } from '../../src/data/rowSpecs';
import { ATTEMPT_HEADER, CAMPAIGN_HEADER, CONTACT_HEADER, smallDataSet, type Cell } from './helpers';

/** CSV rows of the test data set as the ingest's JSON rows: the header's columns as keys, empty cells left out. */
function asJson(header: readonly string[], rows: readonly (readonly Cell[])[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(header.flatMap((column, i) => (row[i] === '' || row[i] === undefined ? [] : [[column, row[i]]]))));
}

describe('data/rowSpecs: JSON rows (the ingest) validated with the CSV import\'s specs', () => {
  it('gives the records the CSV import stores: trimmed, normalized, with the defaults', () => {
    const { records, errors } = validateJsonRows(CAMPAIGN_ROWS, [
      { campaign_id: ' CMP-A ', name: 'Alpha', status: 'In Progress', max_attempts: 3 },
      { campaign_id: 'CMP-B', name: 'Beta', status: 'paused', max_attempts: '4', bad_after: 3, pause_reason: 'out-of-minutes', starts_at: '2025-03-01', ends_at: null, timezone: 'utc' },
    ]);
    expect(errors).to.deep.equal([]);
    expect(records.map((r) => r.record)).to.deep.equal([
      { id: 'CMP-A', name: 'Alpha', status: 'in_progress', maxAttempts: 3, badAfter: 2, pauseReason: null, startsAt: null, endsAt: null, timezone: 'UTC' },
      { id: 'CMP-B', name: 'Beta', status: 'paused', maxAttempts: 4, badAfter: 3, pauseReason: 'out_of_minutes', startsAt: '2025-03-01', endsAt: null, timezone: 'UTC' },
    ]);
    const attempts = validateJsonRows(ATTEMPT_ROWS, [{ attempt_id: 'A-1', contact_id: 'C-1', started_at: '2025-03-03T10:00:00-05:00', result: 'No Response', duration_s: 12.5, error: '  SIP 480 ', extra: { ignored: true } }]);
    expect(attempts).to.deep.equal({
      records: [{ row: 0, record: { id: 'A-1', contactId: 'C-1', startedAt: '2025-03-03T10:00:00-05:00', startedMs: Date.UTC(2025, 2, 3, 15), result: 'no_response', durationS: 12.5, error: 'SIP 480' } }],
      errors: [],
      truncated: false,
    });
  });

  it('accepts every row of the test data set, as the CSV import does', () => {
    const data = smallDataSet();
    for (const [spec, header, rows] of [
      [CAMPAIGN_ROWS, CAMPAIGN_HEADER, data.campaigns],
      [CONTACT_ROWS, CONTACT_HEADER, data.contacts],
      [ATTEMPT_ROWS, ATTEMPT_HEADER, data.attempts],
    ] as const) {
      const { records, errors } = validateJsonRows(spec, asJson(header, rows));
      expect(errors, spec.file).to.deep.equal([]);
      expect(records.map((r) => r.record.id), spec.file).to.deep.equal(rows.map((r) => r[0]));
    }
  });

  it('names the row (0-based), the column and the same problem the CSV import names on its line', () => {
    // the cells of the importer's test 'bad campaign fields', whose problems it reports on lines 2 to 4
    const rows = asJson(CAMPAIGN_HEADER, smallDataSet().campaigns);
    Object.assign(rows[0]!, { status: 'running', bad_after: '0' });
    Object.assign(rows[1]!, { pause_reason: 'lunch', timezone: 'Mars/Olympus_Mons' });
    Object.assign(rows[2]!, { starts_at: '2025-02-30', ends_at: '2025-01-01', max_attempts: '2.5' });
    const { records, errors } = validateJsonRows(CAMPAIGN_ROWS, rows);
    expect(records).to.deep.equal([]);
    expect(errors).to.deep.equal([
      { row: 0, column: 'status', problem: 'status "running" is not one of draft, planned, in_progress, paused, finished' },
      { row: 0, column: 'bad_after', problem: 'bad_after must be a whole number from 1 to 1000, got "0"' },
      { row: 1, column: 'pause_reason', problem: 'pause_reason "lunch" is not one of manual, out_of_minutes, system_failure' },
      { row: 1, column: 'timezone', problem: 'timezone "Mars/Olympus_Mons" is not an IANA time zone name (e.g. America/Mexico_City)' },
      { row: 2, column: 'max_attempts', problem: 'max_attempts must be a whole number from 1 to 1000, got "2.5"' },
      { row: 2, column: 'starts_at', problem: 'starts_at "2025-02-30" is not an ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T09:00:00-06:00)' },
    ]);
  });

  it('reports every problem of a row in column order, checks across columns, and keeps the good rows around the bad ones', () => {
    const { records, errors } = validateJsonRows(CAMPAIGN_ROWS, [
      { campaign_id: 'OK-1', name: 'Fine', status: 'draft', max_attempts: 1 },
      { campaign_id: 'BAD', name: '', status: 'nope', max_attempts: 0, starts_at: '2025-05-01', ends_at: '2025-04-01' },
      { campaign_id: 'OK-2', name: 'Also fine', status: 'finished', max_attempts: 1000 },
    ]);
    expect(records.map((r) => r.record.id)).to.deep.equal(['OK-1', 'OK-2']);
    expect(errors).to.deep.equal([
      { row: 1, column: 'name', problem: 'name is empty' },
      { row: 1, column: 'status', problem: 'status "nope" is not one of draft, planned, in_progress, paused, finished' },
      { row: 1, column: 'max_attempts', problem: 'max_attempts must be a whole number from 1 to 1000, got "0"' },
      { row: 1, column: 'ends_at', problem: 'ends_at is before starts_at' },
    ]);
  });

  it('reports only the id of a row whose id is bad', () => {
    const { errors } = validateJsonRows(CONTACT_ROWS, [
      { contact_id: '', campaign_id: '', name: 'x', phone: '' },
      { contact_id: 'C\u0007', phone: 'n/a' },
      { contact_id: 'C'.repeat(65) },
    ]);
    expect(errors).to.deep.equal([
      { row: 0, column: 'contact_id', problem: 'contact_id is empty' },
      // quoted as JSON, so the control character shows as an escape
      { row: 1, column: 'contact_id', problem: 'contact_id "C\\u0007" contains control characters' },
      { row: 2, column: 'contact_id', problem: 'contact_id is longer than 64 characters' },
    ]);
  });

  it('refuses rows that are no JSON object, and values that are no string or number', () => {
    const { records, errors } = validateJsonRows(ATTEMPT_ROWS, [
      null,
      [1, 2],
      'A-1,C-1',
      42,
      { attempt_id: 'A-2', contact_id: 'C-1', started_at: '2025-03-03T10:00:00Z', result: true, duration_s: { s: 1 }, error: ['x'] },
      { attempt_id: 7, contact_id: 'C-1', started_at: '2025-03-03T10:00:00Z', result: 'busy', duration_s: Number.NaN },
    ]);
    expect(records).to.deep.equal([]);
    expect(errors).to.deep.equal([
      { row: 0, column: '', problem: 'a row must be a JSON object' },
      { row: 1, column: '', problem: 'a row must be a JSON object' },
      { row: 2, column: '', problem: 'a row must be a JSON object' },
      { row: 3, column: '', problem: 'a row must be a JSON object' },
      { row: 4, column: 'result', problem: 'result must be a string or a number' },
      { row: 4, column: 'duration_s', problem: 'duration_s must be a string or a number' },
      { row: 4, column: 'error', problem: 'error must be a string or a number' },
      { row: 5, column: 'duration_s', problem: 'duration_s must be a string or a number' },
    ]);
  });

  it('reads only a row\'s own keys: a "__proto__" key names no column', () => {
    const row = JSON.parse('{"__proto__": {"name": "Injected"}, "campaign_id": "CMP-P", "status": "paused", "max_attempts": 2}') as unknown;
    expect(validateJsonRows(CAMPAIGN_ROWS, [row]).errors).to.deep.equal([{ row: 0, column: 'name', problem: 'name is missing' }]);
  });


  it('takes an empty request', () => {
    expect(validateJsonRows(ATTEMPT_ROWS, [])).to.deep.equal({ records: [], errors: [], truncated: false });
  });
});
