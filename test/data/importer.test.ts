import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, ImportError, importFolder, MAX_PROBLEMS, type ImportOptions } from '../../src/data/importer';
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
  writeDataSet,
  type DataSet,
} from './helpers';

async function importError(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected the import to be rejected');
}

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
    it('loads every row and reports exact counts', async () => {
      const dbPath = db();
      const summary = await importFolder(dbPath, folder());
      expect(summary).to.include({ campaigns: 3, contacts: 8, attempts: 13 });
      expect(summary.seconds).to.be.greaterThan(0);
      expect(summary.rowsPerSecond).to.be.greaterThan(0);
      const rows = await dataRows(dbPath);
      expect(rows.campaigns).to.have.length(3);
      expect(rows.contacts).to.have.length(8);
      expect(rows.attempts).to.have.length(13);
      expect(rows.contact_facts).to.have.length(8);
      expect(rows.campaign_stats).to.have.length(3);
    });

    it('stores values faithfully (defaults, canonical time zone, numbers, nulls)', async () => {
      const data = smallDataSet();
      data.campaigns[2]![8] = 'utc';
      const dbPath = db();
      await importFolder(dbPath, folder(data));
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        expect(await store.findCampaign('CMP-F')).to.deep.equal({
          id: 'CMP-F', name: 'Finished Gamma', status: 'finished', maxAttempts: 2, badAfter: 2, pauseReason: null,
          startsAt: null, endsAt: null, timezone: 'UTC',
        });
        expect((await store.findCampaign('CMP-A'))!.pauseReason).to.equal('out_of_minutes');
        const c2 = (await store.findContact('C-2'))!;
        expect(c2.attempts.map((a) => [a.id, a.result, a.durationS, a.error])).to.deep.equal([
          ['A-3', 'failed', null, 'SIP 503'],
          ['A-4', 'busy', null, null],
          ['A-5', 'completed', 245.5, null],
        ]);
        expect(c2.attempts[2]!.startedAt).to.equal('2025-03-05T16:00:00-05:00');
      } finally {
        await store.close();
      }
    });

    it('is idempotent: the same files twice leave the same data', async () => {
      const dbPath = db();
      const input = folder();
      await importFolder(dbPath, input);
      const first = await dataRows(dbPath);
      for (const strategy of ['incremental', 'bulk'] as const) {
        const again = await importFolder(dbPath, input, { strategy });
        expect(again).to.include({ campaigns: 3, contacts: 8, attempts: 13 });
        expect(await dataRows(dbPath)).to.deep.equal(first);
      }
    });

    it('updates an attempt whose result changed, and the facts that follow from it', async () => {
      for (const strategy of ['incremental', 'bulk'] as const) {
        const dbPath = db();
        await importFolder(dbPath, folder());
        const data = smallDataSet();
        data.attempts[1]![3] = 'completed'; // A-2 of C-1: no_response -> completed
        await importFolder(dbPath, folder(data), { strategy });
        const store = await SqliteCampaignStore.open(dbPath);
        try {
          const c1 = (await store.findContact('C-1'))!;
          expect(c1.attempts.find((a) => a.id === 'A-2')!.result).to.equal('completed');
          expect(c1).to.include({ closed: true, flaggedBad: false, currentStatus: 'completed', attemptsRemaining: 0, stopReason: 'closed' });
          const report = (await store.campaignReport('CMP-A'))!;
          expect(report.flaggedBad, strategy).to.equal(0);
          expect(report.byStatus.completed).to.equal(2);
          expect(report.byStatus.no_response).to.equal(0);
        } finally {
          await store.close();
        }
      }
    });

    it('records each committed batch with the campaigns it changed, in commit order', async () => {
      const dbPath = db();
      await importFolder(dbPath, folder());
      const data = smallDataSet();
      data.campaigns[1]![2] = 'paused'; // CMP-B pauses; nothing else changes
      await importFolder(dbPath, folder(data), { strategy: 'incremental' });
      await importFolder(dbPath, folder(data), { strategy: 'incremental' }); // the same again: nothing changed
      await importError(importFolder(dbPath, folder({ ...data, contacts: [...data.contacts, ['C-9', 'NOPE', 'X', '1']] })));
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        const changes = await store.changesSince(0);
        expect(changes.map((c) => c.campaignIds)).to.deep.equal([['CMP-A', 'CMP-B', 'CMP-F'], ['CMP-B'], []]);
        expect(changes.map((c) => c.seq)).to.deep.equal([...changes.map((c) => c.seq)].sort((a, b) => a - b));
        expect(await store.latestChangeSeq()).to.equal(changes[2]!.seq);
        expect(await store.changesSince(changes[0]!.seq)).to.deep.equal(changes.slice(1));
        expect(await store.changesSince(changes[2]!.seq)).to.deep.equal([]);
      } finally {
        await store.close();
      }
    });

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

    it('imports a large generated data set (20,000 contacts)', async () => {
      const campaigns = [
        ['CMP-1', 'One', 'in_progress', 3, 2, '', '', '', 'Europe/Madrid'],
        ['CMP-2', 'Two', 'paused', 4, 2, 'manual', '', '', 'America/Mexico_City'],
      ];
      const contacts: unknown[][] = [];
      const attempts: unknown[][] = [];
      const results = ['completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'];
      let a = 0;
      for (let i = 0; i < 20000; i++) {
        contacts.push([`C-${i}`, `CMP-${(i % 2) + 1}`, `Person ${i}`, `+34 6${String(10000000 + i).slice(1)}`]);
        for (let k = 0; k < i % 4; k++) {
          attempts.push([`A-${a}`, `C-${i}`, new Date(Date.UTC(2025, 4, 1) + a * 60000).toISOString(), results[(i + k) % 7], k * 10, '']);
          a++;
        }
      }
      const input = writeDataSet(path.join(dir, 'large'), { campaigns, contacts, attempts } as DataSet);
      const dbPath = db();
      const summary = await importFolder(dbPath, input);
      expect(summary).to.include({ campaigns: 2, contacts: 20000, attempts: a });
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        const one = (await store.campaignReport('CMP-1'))!;
        const two = (await store.campaignReport('CMP-2'))!;
        expect(one.totalContacts + two.totalContacts).to.equal(20000);
        expect(one.callsMade + two.callsMade).to.equal(attempts.filter((r) => r[3] !== 'canceled').length);
        expect((await store.findContact('C-19999'))!.attempts).to.have.length(3);
      } finally {
        await store.close();
      }
    });

    it('reports progress', async () => {
      const phases: string[] = [];
      await importFolder(db(), folder(), { onProgress: (p) => phases.push(p.phase) });
      expect(phases[0]).to.equal('reading');
      expect(phases).to.include('finalizing');
      expect(phases[phases.length - 1]).to.equal('done');
    });

    it('imports into the database of an open store, which sees the data after the commit', async () => {
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

    it('an unknown campaign id', () => rejects((d) => (d.contacts[3]![1] = 'X9'), ['contacts.csv line 5: unknown campaign_id "X9"']));

    it('an empty or too long id', () =>
      rejects(
        (d) => {
          d.contacts[0]![0] = '';
          d.attempts[0]![0] = 'A'.repeat(65);
        },
        ['contacts.csv line 2: contact_id is empty', 'attempts.csv line 2: attempt_id is longer than 64 characters'],
      ));

    it('a phone without digits', () => rejects((d) => (d.contacts[2]![3] = 'n/a'), ['contacts.csv line 4: phone "n/a" has no digits']));

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

    it('an attempt for an unknown contact (either strategy)', async () => {
      for (const strategy of ['bulk', 'incremental'] as const) {
        await rejects((d) => (d.attempts[4]![1] = 'C-404'), ['attempts.csv line 6: unknown contact_id "C-404"'], { strategy });
      }
    });

    it('duplicate ids within a file (either strategy)', async () => {
      for (const strategy of ['bulk', 'incremental'] as const) {
        await rejects(
          (d) => {
            d.campaigns.push(['CMP-B', 'Again', 'draft', 1, 1, '', '', '', '']);
            d.contacts.push(['C-3', 'CMP-A', 'Cy Again', '555 010 0003']);
            d.attempts.splice(3, 0, ['A-1', 'C-1', '2025-03-03T10:00:00-05:00', 'busy', '', '']);
          },
          [
            'campaigns.csv line 5: duplicate campaign_id "CMP-B" (first on line 3)',
            'contacts.csv line 10: duplicate contact_id "C-3" (first on line 4)',
            'attempts.csv line 5: duplicate attempt_id "A-1" (first on line 2)',
          ],
          { strategy },
        );
      }
    });

    it('sorts out duplicates and unknown references across small batches (either strategy)', async () => {
      for (const strategy of ['bulk', 'incremental'] as const) {
        await rejects(
          (d) => {
            d.attempts.push(['A-2', 'C-2', '2025-03-09T10:00:00Z', 'busy', '', '']); // line 15: dup of line 3
            d.attempts.push(['A-50', 'C-404', '2025-03-09T10:00:00Z', 'busy', '', '']); // line 16: unknown contact
            d.attempts.push(['A-51', 'C-1', '2025-03-09T11:00:00Z', 'busy', '', '']); // fine
            d.attempts.push(['A-51', 'C-1', '2025-03-09T12:00:00Z', 'busy', '', '']); // line 18: dup in the same batch
          },
          [
            'attempts.csv line 15: duplicate attempt_id "A-2" (first on line 3)',
            'attempts.csv line 16: unknown contact_id "C-404"',
            'attempts.csv line 18: duplicate attempt_id "A-51" (first on line 17)',
          ],
          { strategy, batchSize: 2 },
        );
      }
    });

    it('does not report again the contacts and attempts of a rejected row', () =>
      rejects(
        (d) => {
          d.campaigns[0]![2] = 'oops'; // CMP-A: its contacts and their attempts are not reported again
          d.contacts[3]![3] = ''; // C-4: its attempts are not reported again
        },
        [
          'campaigns.csv line 2: status "oops" is not one of draft, planned, in_progress, paused, finished',
          'contacts.csv line 5: phone is empty',
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
