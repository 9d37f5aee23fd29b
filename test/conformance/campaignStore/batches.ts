/**
 * The batch write itself, as an ingest or the alerts see it: batches of two stores on one database (two processes)
 * run one after another in commit order, refused rows are reported with their tags, a rollback leaves everything as it
 * was (indexes included, after a bulk load into an empty store), and a commit names what it changed.
 */
import { expect } from 'chai';
import type { BatchWrite, RowRejection } from '../../../src/data/campaignStore';
import { CALL_SLOT_MS } from '../../../src/data/types';
import { smallDataSet } from '../../data/helpers';
import type { CampaignStoreEngine } from '../campaignStoreEngines';
import { csvFolders, importInto, storeOpener } from './fixtures';

const ignore = (): void => undefined;

export function batchTests(engine: CampaignStoreEngine): void {
  describe('batch writes', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();

    it('run one after another across stores on one database, their sequence numbers in commit order', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const other = await s.openAnother();
      const first = await s.store.beginBatch({ source: 'first', strategy: 'incremental', onRejected: ignore });
      let second: BatchWrite | undefined;
      const secondBegun = other.beginBatch({ source: 'second', strategy: 'incremental', onRejected: ignore }).then((batch) => (second = batch));
      try {
        await first.campaigns.add({ ...(await s.store.findCampaign('CMP-A'))!, status: 'in_progress', pauseReason: null }, 1);
        await first.campaigns.finish();
        expect(second, 'the second batch began while the first was open').to.equal(undefined);
        const one = await first.commit();
        await secondBegun;
        // the second batch sees what the first committed
        await second!.campaigns.add({ id: 'CMP-N', name: 'New One', status: 'draft', maxAttempts: 2, badAfter: 2, pauseReason: null, startsAt: null, endsAt: null, timezone: 'UTC' }, 1);
        await second!.campaigns.finish();
        expect(await second!.campaignIds()).to.include.members(['CMP-A', 'CMP-N']);
        const two = await second!.commit();
        expect(two.change.seq).to.be.greaterThan(one.change.seq);
        expect(await s.store.changesSince(one.change.seq - 1)).to.deep.equal([one.change, two.change]);
        expect(await other.changesSince(one.change.seq - 1)).to.deep.equal([one.change, two.change]);
        expect(one.change).to.deep.include({ source: 'first', campaignIds: ['CMP-A'] });
        expect(two.change).to.deep.include({ source: 'second', campaignIds: ['CMP-N'] });
        expect((await other.findCampaign('CMP-A'))!.status).to.equal('in_progress');
      } finally {
        await first.rollback();
        await (await secondBegun).rollback();
      }
    });

    it('report refused rows with their tags, and a rollback leaves the data as it was', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const before = await s.snapshot();
      const rejections: RowRejection[] = [];
      const batch = await s.store.beginBatch({ source: 'test', strategy: 'incremental', onRejected: (r) => rejections.push(r) });
      try {
        await batch.contacts.add({ id: 'C-X', campaignId: 'NOPE', name: 'Nobody', phone: '1' }, 41);
        await batch.contacts.add({ id: 'C-Y', campaignId: 'CMP-A', name: 'Why', phone: '2' }, 42);
        await batch.contacts.add({ id: 'C-Y', campaignId: 'CMP-B', name: 'Why Again', phone: '3' }, 43);
        await batch.contacts.finish();
        await batch.attempts.add({ id: 'A-X', contactId: 'C-Y', startedAt: '2025-03-10T10:00:00Z', startedMs: Date.UTC(2025, 2, 10, 10), result: 'busy', durationS: null, error: null }, 7);
        await batch.attempts.finish();
        expect(rejections.sort((a, b) => a.tag - b.tag)).to.deep.equal([
          { kind: 'contacts', tag: 41, id: 'C-X', reason: 'unknown_reference', reference: 'NOPE' },
          { kind: 'contacts', tag: 43, id: 'C-Y', reason: 'duplicate' },
        ]);
      } finally {
        await batch.rollback();
      }
      expect(await s.snapshot()).to.deep.equal(before);
      expect(await s.store.findContact('C-Y')).to.equal(null);
    });

    it('report refused rows with their tags after a bulk load into an empty store too', async () => {
      const s = await open();
      const empty = await s.snapshot();
      const rejections: RowRejection[] = [];
      const batch = await s.store.beginBatch({ source: 'test', strategy: 'bulk', onRejected: (r) => rejections.push(r) });
      const attempt = (id: string, contactId: string) =>
        ({ id, contactId, startedAt: '2025-03-10T10:00:00Z', startedMs: Date.UTC(2025, 2, 10, 10), result: 'busy', durationS: null, error: null }) as const;
      try {
        await batch.campaigns.add({ id: 'CMP-N', name: 'New One', status: 'draft', maxAttempts: 2, badAfter: 2, pauseReason: null, startsAt: null, endsAt: null, timezone: 'UTC' }, 2);
        await batch.campaigns.finish();
        await batch.contacts.add({ id: 'C-1', campaignId: 'CMP-N', name: 'One', phone: '5550101' }, 10);
        await batch.contacts.add({ id: 'C-X', campaignId: 'NOPE', name: 'Nobody', phone: '5550102' }, 11);
        await batch.contacts.add({ id: 'C-2', campaignId: 'CMP-N', name: 'Two', phone: '5550103' }, 12);
        await batch.contacts.add({ id: 'C-1', campaignId: 'CMP-N', name: 'One Again', phone: '5550104' }, 13);
        await batch.contacts.finish();
        await batch.attempts.add(attempt('A-1', 'C-1'), 20);
        await batch.attempts.add(attempt('A-2', 'C-404'), 21);
        await batch.attempts.add(attempt('A-1', 'C-2'), 22);
        await batch.attempts.finish();
        expect(rejections.sort((a, b) => a.tag - b.tag)).to.deep.equal([
          { kind: 'contacts', tag: 11, id: 'C-X', reason: 'unknown_reference', reference: 'NOPE' },
          { kind: 'contacts', tag: 13, id: 'C-1', reason: 'duplicate' },
          { kind: 'attempts', tag: 21, id: 'A-2', reason: 'unknown_reference', reference: 'C-404' },
          { kind: 'attempts', tag: 22, id: 'A-1', reason: 'duplicate' },
        ]);
      } finally {
        await batch.rollback();
      }
      expect(await s.snapshot()).to.deep.equal(empty);
    });

    it('rolled back after a bulk load into an empty store, leave it empty with its indexes', async () => {
      const s = await open();
      const empty = await s.snapshot();
      const batch = await s.store.beginBatch({ source: 'test', strategy: 'bulk', onRejected: ignore });
      try {
        expect(batch.strategy).to.equal('bulk');
        await batch.campaigns.add({ id: 'CMP-N', name: 'New One', status: 'draft', maxAttempts: 2, badAfter: 2, pauseReason: null, startsAt: null, endsAt: null, timezone: 'UTC' }, 2);
        await batch.campaigns.finish();
        await batch.contacts.add({ id: 'C-N', campaignId: 'CMP-N', name: 'N', phone: '5550100' }, 2);
        await batch.contacts.finish();
      } finally {
        await batch.rollback();
      }
      expect(await s.snapshot()).to.deep.equal(empty);
      expect(empty.indexes!.length).to.be.greaterThan(5);
    });

    it('commit with the rows written, and recompute the contacts and campaigns named (every one with "all")', async () => {
      const s = await open();
      await importInto(s, folders, smallDataSet());
      const named = await s.store.beginBatch({ source: 'named', strategy: 'incremental', onRejected: ignore });
      const one = await named.commit({ contactIds: ['C-1'], campaignIds: ['CMP-F'] });
      expect(one.rows).to.deep.equal({ campaigns: 0, contacts: 0, attempts: 0 });
      expect(one.change.campaignIds).to.deep.equal(['CMP-A', 'CMP-F']);
      const slotsBefore = await s.store.callSlots('CMP-A');
      const all = await s.store.beginBatch({ source: 'all', strategy: 'incremental', onRejected: ignore });
      await all.attempts.add({ id: 'A-99', contactId: 'C-7', startedAt: '2025-03-10T10:00:00Z', startedMs: Date.UTC(2025, 2, 10, 10), result: 'completed', durationS: 30, error: null }, 2);
      await all.attempts.finish();
      const two = await all.commit('all');
      expect(two.rows).to.deep.equal({ campaigns: 0, contacts: 0, attempts: 1 });
      expect(two.change.campaignIds).to.deep.equal(['CMP-A', 'CMP-B', 'CMP-F']);
      expect(await s.store.findContact('C-7')).to.deep.include({ callsMade: 1, closed: true, currentStatus: 'completed' });
      expect((await s.store.campaignReport('CMP-A'))!.closedContacts).to.equal(2);
      // the calls by quarter hour are read again once a batch has committed
      const slot = Math.floor(Date.UTC(2025, 2, 10, 10) / CALL_SLOT_MS);
      expect(slotsBefore.find((x) => x.slot === slot)).to.equal(undefined);
      expect((await s.store.callSlots('CMP-A')).find((x) => x.slot === slot)).to.deep.equal({ slot, result: 'completed', calls: 1 });
      expect(await all.rollback()).to.equal(undefined); // harmless after the end
    });
  });
}
