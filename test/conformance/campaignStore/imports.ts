/**
 * Imports through the store's batch write (what `npm run import` does): every row lands with exact counts and values,
 * the same files twice leave the same data, changes update the facts, committed batches are recorded in order, and a
 * rejected import names each refused row (the store finds duplicates and unknown references) and leaves the data as
 * it was.
 */
import { expect } from 'chai';
import { formatProblem, type ImportOptions } from '../../../src/data/importer';
import { importError, smallDataSet, type DataSet } from '../../data/helpers';
import type { CampaignStoreEngine, StoreUnderTest } from '../campaignStoreEngines';
import { csvFolders, importInto, storeOpener } from './fixtures';

export function importTests(engine: CampaignStoreEngine): void {
  describe('imports through the batch write', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();

    it('loads every row and reports exact counts', async () => {
      const s = await open();
      const summary = await importInto(s, folders, smallDataSet());
      expect(summary).to.include({ campaigns: 3, contacts: 8, attempts: 13 });
      expect(summary.seconds).to.be.greaterThan(0);
      const rows = await s.dataRows();
      expect(rows.campaigns).to.have.length(3);
      expect(rows.contacts).to.have.length(8);
      expect(rows.attempts).to.have.length(13);
      expect(rows.contact_facts).to.have.length(8);
      expect(rows.campaign_stats).to.have.length(3);
    });

    it('stores values faithfully (defaults, canonical time zone, numbers, nulls)', async () => {
      const data = smallDataSet();
      data.campaigns[2]![8] = 'utc';
      const { store } = await open().then(async (s) => (await importInto(s, folders, data), s));
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
    });

    it('is idempotent: the same files twice leave the same data, whichever strategy', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const first = await s.dataRows();
      for (const strategy of ['incremental', 'bulk'] as const) {
        expect(await importInto(s, folders, smallDataSet(), { strategy })).to.include({ campaigns: 3, contacts: 8, attempts: 13, strategy });
        expect(await s.dataRows()).to.deep.equal(first);
      }
    });

    it('updates an attempt whose result changed, and the facts that follow from it', async () => {
      for (const strategy of ['incremental', 'bulk'] as const) {
        const s = await open();
        await importInto(s, folders, smallDataSet());
        const data = smallDataSet();
        data.attempts[1]![3] = 'completed'; // A-2 of C-1: no_response -> completed
        await importInto(s, folders, data, { strategy });
        const c1 = (await s.store.findContact('C-1'))!;
        expect(c1.attempts.find((a) => a.id === 'A-2')!.result).to.equal('completed');
        expect(c1).to.include({ closed: true, flaggedBad: false, currentStatus: 'completed', attemptsRemaining: 0, stopReason: 'closed' });
        const report = (await s.store.campaignReport('CMP-A'))!;
        expect(report.flaggedBad, strategy).to.equal(0);
        expect(report.byStatus.completed).to.equal(2);
        expect(report.byStatus.no_response).to.equal(0);
      }
    });

    it('records each committed batch with the campaigns it changed, in commit order', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const data = smallDataSet();
      data.campaigns[1]![2] = 'paused'; // CMP-B pauses; nothing else changes
      await importInto(s, folders, data, { strategy: 'incremental' });
      await importInto(s, folders, data, { strategy: 'incremental' }); // the same again: nothing changed
      await importError(importInto(s, folders, { ...data, contacts: [...data.contacts, ['C-9', 'NOPE', 'X', '1']] }));
      const changes = await s.store.changesSince(0);
      expect(changes.map((c) => c.campaignIds)).to.deep.equal([['CMP-A', 'CMP-B', 'CMP-F'], ['CMP-B'], []]);
      expect(changes.map((c) => c.seq)).to.deep.equal([...changes.map((c) => c.seq)].sort((a, b) => a - b));
      expect(await s.store.latestChangeSeq()).to.equal(changes[2]!.seq);
      expect(await s.store.changesSince(changes[0]!.seq)).to.deep.equal(changes.slice(1));
      expect(await s.store.changesSince(changes[2]!.seq)).to.deep.equal([]);
      expect(await s.store.changesSince(0, 1)).to.deep.equal(changes.slice(0, 1));
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
      const s = await open();
      expect(await importInto(s, folders, { campaigns, contacts, attempts } as DataSet)).to.include({ campaigns: 2, contacts: 20000, attempts: a });
      const one = (await s.store.campaignReport('CMP-1'))!;
      const two = (await s.store.campaignReport('CMP-2'))!;
      expect(one.totalContacts + two.totalContacts).to.equal(20000);
      expect(one.callsMade + two.callsMade).to.equal(attempts.filter((r) => r[3] !== 'canceled').length);
      expect((await s.store.findContact('C-19999'))!.attempts).to.have.length(3);
    });

    it('answers from the last committed data while a batch is open, and from the new data once it commits', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const batch = await s.store.beginBatch({ source: 'test', strategy: 'incremental', onRejected: () => undefined });
      try {
        await batch.campaigns.add({ ...(await s.store.findCampaign('CMP-B'))!, status: 'finished' }, 1);
        await batch.campaigns.finish();
        expect((await s.store.findCampaign('CMP-B'))!.status).to.equal('in_progress');
        await batch.commit();
      } finally {
        await batch.rollback();
      }
      expect((await s.store.findCampaign('CMP-B'))!.status).to.equal('finished');
      expect((await s.store.campaignReport('CMP-B'))!.contactsWithAttemptsRemaining).to.equal(0);
    });
  });

  describe('a rejected import names each refused row and leaves the data as it was', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();
    let s: StoreUnderTest;
    let before: Record<string, string[]>;

    beforeEach(async () => {
      s = await open();
      await importInto(s, folders, smallDataSet());
      before = await s.snapshot();
    });

    /** Applies `change` to a fresh data set, imports it, checks the problems and that nothing changed. */
    async function rejects(change: (d: DataSet) => void, expected: string[], options?: ImportOptions): Promise<void> {
      const data = smallDataSet();
      change(data);
      // a few valid new rows too: they must not land either
      data.contacts.push(['C-NEW', 'CMP-A', 'New Person', '+1 555 010 0999']);
      data.attempts.push(['A-NEW', 'C-NEW', '2025-03-10T10:00:00Z', 'completed', 60, '']);
      const error = await importError(importInto(s, folders, data, options));
      expect(error.problems.map(formatProblem)).to.deep.equal(expected);
      expect(error.message).to.contain('nothing was imported');
      expect(await s.snapshot()).to.deep.equal(before);
    }

    it('an unknown campaign id', () => rejects((d) => (d.contacts[3]![1] = 'X9'), ['contacts.csv line 5: unknown campaign_id "X9"']));

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

    it('a first load into an empty store, with duplicates and an unknown reference, leaves it empty (either strategy)', async () => {
      for (const strategy of ['bulk', 'incremental'] as const) {
        const fresh = await open();
        const empty = await fresh.snapshot();
        const data = smallDataSet();
        data.contacts.push(['C-3', 'CMP-A', 'Cy Again', '555 010 0003'], ['C-9', 'CMP-X', 'Nowhere', '555 010 0009']);
        data.attempts.push(['A-1', 'C-1', '2025-03-09T10:00:00Z', 'busy', '', ''], ['A-90', 'C-90', '2025-03-09T10:00:00Z', 'busy', '', '']);
        const error = await importError(importInto(fresh, folders, data, { strategy }));
        expect(error.problems.map(formatProblem), strategy).to.deep.equal([
          'contacts.csv line 10: duplicate contact_id "C-3" (first on line 4)',
          'contacts.csv line 11: unknown campaign_id "CMP-X"',
          'attempts.csv line 15: duplicate attempt_id "A-1" (first on line 2)',
          'attempts.csv line 16: unknown contact_id "C-90"',
        ]);
        expect(await fresh.snapshot()).to.deep.equal(empty);
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
  });
}
