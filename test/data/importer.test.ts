/**
 * The CSV side of the import (files, columns, quoting, line numbers, validation, progress) on SQLite files; what the
 * store does with the rows (duplicates, references, idempotence, facts) is in the campaign store's conformance suite
 * (test/conformance/), which runs on every engine.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, importFolder, MAX_PROBLEMS, type ImportOptions } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import {
  ATTEMPT_HEADER,
  CAMPAIGN_HEADER,
  CONTACT_HEADER,
  csv,
  dataRows,
  smallDataSet,
  snapshot,
  tempDir,
  importError,
  writeDataSet,
  type DataSet,
} from './helpers';


/** The problems of a rejected import, formatted as the CLI prints them. */
async function problemsOf(dbPath: string, folder: string, options?: ImportOptions): Promise<string[]> {
  return (await importError(importFolder(dbPath, folder, options))).problems.map(formatProblem);
}

describe('data/importer', function () {
  this.timeout(20000);
  let dir: string;
  let cleanup: () => void;
  let seq = 0;
  const db = (): string => path.join(dir, `db-${++seq}.sqlite`);
  const folder = (data: DataSet = smallDataSet()): string => writeDataSet(path.join(dir, `in-${++seq}`), data);

  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  describe('a good import', () => {
    it('accepts columns in any order, extra columns, header case, a BOM and CRLF line ends', async () => {
      const reference = db();
      await importFolder(reference, folder());
      const data = smallDataSet();
      const input = path.join(dir, 'shuffled');
      fs.mkdirSync(input);
      const shuffle = (header: string[], rows: unknown[][], order: number[], extra: string): string =>
        '\uFEFF' +
        csv(
          [...order.map((i) => header[i]!.toUpperCase()), extra],
          rows.map((r) => [...order.map((i) => r[i] as string), 'ignored, "really"']),
          '\r\n',
        );
      fs.writeFileSync(path.join(input, 'campaigns.csv'), shuffle(CAMPAIGN_HEADER, data.campaigns, [8, 7, 6, 5, 4, 3, 2, 1, 0], 'owner'));
      fs.writeFileSync(path.join(input, 'contacts.csv'), shuffle(CONTACT_HEADER, data.contacts, [3, 1, 0, 2], 'notes'));
      fs.writeFileSync(path.join(input, 'attempts.csv'), shuffle(ATTEMPT_HEADER, data.attempts, [5, 3, 1, 4, 2, 0], 'agent'));
      const dbPath = db();
      expect(await importFolder(dbPath, input)).to.include({ campaigns: 3, contacts: 8, attempts: 13 });
      expect(await dataRows(dbPath)).to.deep.equal(await dataRows(reference));
    });

    it('reads quoted fields with commas, quotes and line breaks, and counts physical lines after them', async () => {
      const data = smallDataSet();
      data.contacts[0]![2] = 'Able, Ann "Annie"\nSecond line';
      data.contacts[1]![2] = 'Baker,\r\nBob';
      const input = folder(data);
      const dbPath = db();
      await importFolder(dbPath, input);
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        expect((await store.findContact('C-1'))!.name).to.equal('Able, Ann "Annie"\nSecond line');
        expect((await store.findContact('C-2'))!.name).to.equal('Baker,\r\nBob');
      } finally {
        await store.close();
      }
      // C-3 is on physical line 6 now: header, C-1 (2 lines), C-2 (2 lines)
      data.contacts[2]![1] = 'X9';
      expect(await problemsOf(db(), folder(data))).to.deep.equal(['contacts.csv line 6: unknown campaign_id "X9"']);
    });

    it('skips blank lines without losing the line count', async () => {
      const input = folder();
      const file = path.join(input, 'attempts.csv');
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.splice(3, 0, '', '  ', ',,,,,');
      lines[6] = lines[6]!.replace('2025-03-03T10:00:00-05:00', '2025-03-03T10:00:00');
      fs.writeFileSync(file, lines.join('\n') + '\n\n');
      expect(await problemsOf(db(), input)).to.deep.equal([
        'attempts.csv line 7: started_at "2025-03-03T10:00:00" has no UTC offset: add Z or an offset such as -06:00',
      ]);
    });

    it('reports progress', async () => {
      const phases: string[] = [];
      await importFolder(db(), folder(), { onProgress: (p) => phases.push(p.phase) });
      expect(phases[0]).to.equal('reading');
      expect(phases).to.include('finalizing');
      expect(phases[phases.length - 1]).to.equal('done');
    });

    it('imports into an open store (its batch write) when given one rather than a path', async () => {
      const dbPath = db();
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        expect(await store.listCampaigns()).to.deep.equal([]);
        await importFolder(store, folder());
        expect((await store.listCampaigns()).map((c) => c.id)).to.deep.equal(['CMP-A', 'CMP-B', 'CMP-F']);
      } finally {
        await store.close();
      }
    });
  });

  describe('a bad import is rejected whole, naming file, line and problem', () => {
    let dbPath: string;
    let before: Record<string, unknown[]>;

    beforeEach(async () => {
      dbPath = db();
      await importFolder(dbPath, folder());
      before = await snapshot(dbPath);
    });

    /** Applies `change` to a fresh data set, imports it, checks the problems and that nothing changed. */
    async function rejects(change: (d: DataSet) => void, expected: string[], options?: ImportOptions): Promise<void> {
      const data = smallDataSet();
      change(data);
      // a few valid new rows too: they must not land either
      data.contacts.push(['C-NEW', 'CMP-A', 'New Person', '+1 555 010 0999']);
      data.attempts.push(['A-NEW', 'C-NEW', '2025-03-10T10:00:00Z', 'completed', 60, '']);
      const error = await importError(importFolder(dbPath, folder(data), options));
      expect(error.problems.map(formatProblem)).to.deep.equal(expected);
      expect(error.message).to.contain('nothing was imported');
      expect(await snapshot(dbPath)).to.deep.equal(before);
    }

    it('a negative max_attempts', () =>
      rejects((d) => (d.campaigns[1]![3] = -2), ['campaigns.csv line 3: max_attempts must be a whole number from 1 to 1000, got "-2"']));

    it('bad campaign fields', () =>
      rejects(
        (d) => {
          d.campaigns[0]![2] = 'running';
          d.campaigns[0]![4] = '0';
          d.campaigns[1]![5] = 'lunch';
          d.campaigns[1]![8] = 'Mars/Olympus_Mons';
          d.campaigns[2]![6] = '2025-02-30';
          d.campaigns[2]![7] = '2025-01-01';
          d.campaigns[2]![3] = '2.5';
        },
        [
          'campaigns.csv line 2: status "running" is not one of draft, planned, in_progress, paused, finished',
          'campaigns.csv line 2: bad_after must be a whole number from 1 to 1000, got "0"',
          'campaigns.csv line 3: pause_reason "lunch" is not one of manual, out_of_minutes, system_failure',
          'campaigns.csv line 3: timezone "Mars/Olympus_Mons" is not an IANA time zone name (e.g. America/Mexico_City)',
          'campaigns.csv line 4: max_attempts must be a whole number from 1 to 1000, got "2.5"',
          'campaigns.csv line 4: starts_at "2025-02-30" is not an ISO 8601 date or date-time (e.g. 2024-03-01 or 2024-03-01T09:00:00-06:00)',
        ],
      ));

    it('ends_at before starts_at', () =>
      rejects((d) => (d.campaigns[0]![7] = '2025-02-01'), ['campaigns.csv line 2: ends_at is before starts_at']));

    it('an empty or too long id', () =>
      rejects(
        (d) => {
          d.contacts[0]![0] = '';
          d.attempts[0]![0] = 'A'.repeat(65);
        },
        ['contacts.csv line 2: contact_id is empty', 'attempts.csv line 2: attempt_id is longer than 64 characters'],
      ));

    it('a phone without digits', () => rejects((d) => (d.contacts[2]![3] = 'n/a'), ['contacts.csv line 4: phone "n/a" has no digits']));

    it('a NUL character in a text (no PostgreSQL text holds one, so no engine takes one)', () =>
      rejects(
        (d) => {
          d.campaigns[0]![1] = 'Alpha\u0000Renewals';
          d.contacts[1]![2] = 'Bob\u0000';
          d.contacts[2]![3] = '555 010\u0000 0003';
          d.attempts[2]![5] = 'SIP\u0000503';
        },
        [
          'campaigns.csv line 2: name contains a NUL character',
          'contacts.csv line 3: name contains a NUL character',
          'contacts.csv line 4: phone contains a NUL character',
          'attempts.csv line 4: error contains a NUL character',
        ],
      ));

    it('a bad date, a date without offset, a bad result, a negative duration', () =>
      rejects(
        (d) => {
          d.attempts[0]![2] = '2025-03-32T10:00:00Z';
          d.attempts[1]![2] = '2025-03-04 15:00';
          d.attempts[2]![3] = 'voicemail';
          d.attempts[3]![4] = '-5';
        },
        [
          'attempts.csv line 2: started_at "2025-03-32T10:00:00Z" is not an ISO 8601 date-time (e.g. 2024-03-01T14:05:00-06:00)',
          'attempts.csv line 3: started_at "2025-03-04 15:00" has no UTC offset: add Z or an offset such as -06:00',
          'attempts.csv line 4: result "voicemail" is not one of completed, failed, busy, no_response, ivr, incorrect_number, canceled',
          'attempts.csv line 5: duration_s must be a number of seconds, 0 or more, got "-5"',
        ],
      ));

    it('a row with a missing field', async () => {
      const input = folder();
      fs.appendFileSync(path.join(input, 'contacts.csv'), 'C-99,CMP-A,Short Row\n');
      expect(await problemsOf(dbPath, input)).to.deep.equal(['contacts.csv line 10: expected 4 fields as in the header, found 3']);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it('a missing or misspelled header column', async () => {
      const input = folder();
      fs.writeFileSync(path.join(input, 'contacts.csv'), 'contact_id,campaign,name,telephone\nC-1,CMP-A,Ann,555\n');
      expect(await problemsOf(dbPath, input)).to.deep.equal([
        'contacts.csv line 1: missing required columns "campaign_id", "phone" in the header (found: contact_id, campaign, name, telephone)',
      ]);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it('a file without a header row', async () => {
      const input = folder();
      const file = path.join(input, 'attempts.csv');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split('\n').slice(1).join('\n'));
      const problems = await problemsOf(dbPath, input);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^attempts\.csv line 1: missing required columns "attempt_id", "contact_id", "started_at", "result" in the header/);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it('an empty file', async () => {
      const input = folder();
      fs.writeFileSync(path.join(input, 'campaigns.csv'), '');
      expect(await problemsOf(dbPath, input)).to.deep.equal([
        'campaigns.csv line 1: empty file: expected a header row with campaign_id, name, status, max_attempts',
      ]);
    });

    it('malformed CSV (a quote never closed)', async () => {
      const input = folder();
      fs.appendFileSync(path.join(input, 'contacts.csv'), 'C-98,CMP-A,"Unclosed,555\nC-99,CMP-A,Next,556\n');
      const problems = await problemsOf(dbPath, input);
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^contacts\.csv line (10|11): malformed CSV: Quote Not Closed/);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it('a missing file or folder', async () => {
      const input = folder();
      fs.rmSync(path.join(input, 'attempts.csv'));
      expect(await problemsOf(dbPath, input)).to.deep.equal([`attempts.csv: file not found in ${input}`]);
      expect(await problemsOf(dbPath, path.join(dir, 'nowhere'))).to.deep.equal([`${path.join(dir, 'nowhere')}: folder not found`]);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it(`stops after ${MAX_PROBLEMS} problems`, async () => {
      const data = smallDataSet();
      for (let i = 0; i < 50; i++) data.contacts.push([`C-X${i}`, 'NOPE', 'Nobody', '555']);
      const error = await importError(importFolder(dbPath, folder(data)));
      expect(error.problems).to.have.length(MAX_PROBLEMS);
      expect(error.truncated).to.equal(true);
      expect(await snapshot(dbPath)).to.deep.equal(before);
    });

    it('leaves no file behind when the database did not exist', async () => {
      const data = smallDataSet();
      data.attempts[0]![3] = 'nope';
      const fresh = path.join(dir, 'fresh.sqlite');
      await importError(importFolder(fresh, folder(data)));
      expect(fs.existsSync(fresh)).to.equal(false);
      expect(fs.existsSync(`${fresh}-wal`)).to.equal(false);
    });
  });
});
