/** The store's lookups and reports (CampaignQueries), on the small data set and a few awkward ids. */
import { expect } from 'chai';
import type { CampaignStoreWithLists } from '../../../src/data/campaignStore';
import { smallDataSet } from '../../data/helpers';
import type { CampaignStoreEngine } from '../campaignStoreEngines';
import { csvFolders, importInto, storeOpener } from './fixtures';

export function queryTests(engine: CampaignStoreEngine): void {
  describe('lookups and reports', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();
    let store: CampaignStoreWithLists;

    before(async () => {
      const data = smallDataSet();
      data.contacts.push(
        ['C-1042', 'CMP-A', 'Laura Bennett', '+1 (555) 010-0142'],
        ['C-77', 'CMP-B', 'Seventy Seven', '+52 55 1234 0077'],
        ['C77', 'CMP-B', 'Also Seventy Seven', '+52 55 1234 0078'],
        ['1043', 'CMP-B', 'Digits Only', '0044 20 7946 0043'],
        ["C-1'; DROP TABLE contacts;--", 'CMP-B', 'Bobby Tables', '555 010 9999'],
      );
      data.attempts.push(
        ['A-20', 'C-1042', '2025-03-06T18:34:15-05:00', 'busy', '', ''],
        ['A-21', 'C-1042', '2025-03-10T09:41:38-04:00', 'canceled', '', ''],
        ['A-22', 'C-1042', '2025-03-11T16:47:37-04:00', 'no_response', '', ''],
      );
      const s = await open();
      await importInto(s, folders, data);
      store = s.store;
    });

    describe('findContact', () => {
      it('accepts every common form of an id', async () => {
        for (const text of ['C-1042', 'c1042', 'C 1042', '1042', ' c-1042 ', 'C_1042', 'c–1042'.replace('–', '-')]) {
          expect((await store.findContact(text))?.id, text).to.equal('C-1042');
        }
      });

      it('prefers an exact id, and digits-only ids exist too', async () => {
        expect((await store.findContact('1043'))?.id).to.equal('1043');
        expect((await store.findContact('C77'))?.id).to.equal('C77');
        expect((await store.findContact('C-77'))?.id).to.equal('C-77');
      });

      it('returns null for an ambiguous key ("c 77" could be C-77 or C77)', async () => {
        expect(await store.findContact('c 77')).to.equal(null);
        expect((await store.similarContactIds('c 77', 3)).slice(0, 2)).to.have.members(['C-77', 'C77']);
      });

      it('returns null, without errors, for unknown, empty, SQL-looking and huge ids', async () => {
        for (const text of ['C-9999', '', '   ', '--', "C-1'; DROP TABLE contacts;--x", "' OR 1=1 --", 'C-'.padEnd(100_000, '9'), '%', '_', '\u0000']) {
          expect(await store.findContact(text), JSON.stringify(text.slice(0, 30))).to.equal(null);
        }
        // the SQL-looking id is just an id
        expect((await store.findContact("C-1'; DROP TABLE contacts;--"))?.name).to.equal('Bobby Tables');
        expect((await store.listCampaigns()).length).to.equal(3);
      });

      it('builds the whole report of a contact', async () => {
        const c = (await store.findContact('C-1042'))!;
        expect(c).to.deep.include({
          id: 'C-1042',
          campaignId: 'CMP-A',
          name: 'Laura Bennett',
          phone: '+1 (555) 010-0142',
          callsMade: 2,
          closed: false,
          attemptsRemaining: 1,
          flaggedBad: true,
          unreachableAttempts: 2,
          currentStatus: 'no_response',
          dominantUnreachableResult: 'no_response',
          stopReason: null,
        });
        expect(c.campaign).to.deep.include({ id: 'CMP-A', name: 'Alpha Renewals', status: 'paused', pauseReason: 'out_of_minutes' });
        expect(c.attempts.map((a) => a.id)).to.deep.equal(['A-20', 'A-21', 'A-22']);
        expect(c.lastAttempt).to.deep.equal({ id: 'A-22', startedAt: '2025-03-11T16:47:37-04:00', result: 'no_response', durationS: null, error: null });
      });

      it('reports new contacts, closed contacts and finished campaigns', async () => {
        expect(await store.findContact('C-7')).to.deep.include({ callsMade: 0, currentStatus: 'new', attemptsRemaining: 3, lastAttempt: null, stopReason: null });
        expect(await store.findContact('C-3')).to.deep.include({ callsMade: 0, currentStatus: 'new', attemptsRemaining: 3 });
        expect((await store.findContact('C-3'))!.attempts).to.have.length(1);
        expect(await store.findContact('C-2')).to.deep.include({ closed: true, flaggedBad: false, attemptsRemaining: 0, stopReason: 'closed', unreachableAttempts: 2 });
        expect(await store.findContact('C-5')).to.deep.include({ closed: true, currentStatus: 'incorrect_number', stopReason: 'closed' });
        expect(await store.findContact('C-4')).to.deep.include({ flaggedBad: false, unreachableAttempts: 2, attemptsRemaining: 1, currentStatus: 'ivr' });
        expect(await store.findContact('C-6')).to.deep.include({ attemptsRemaining: 0, stopReason: 'campaign_finished', flaggedBad: false });
        expect(await store.findContact('C-8')).to.deep.include({ attemptsRemaining: 0, stopReason: 'campaign_finished', flaggedBad: true, dominantUnreachableResult: 'failed' });
      });
    });

    describe('findContactsByPhone', () => {
      it('matches on digits whatever the format', async () => {
        for (const text of ['+1 (555) 010-0142', '+1 555 010 0142', '15550100142', '555-010-0142', '(555) 010-0142', '0100142', '+1.555.010.0142']) {
          expect((await store.findContactsByPhone(text)).map((c) => c.id), text).to.deep.equal(['C-1042']);
        }
      });

      it('matches national and international forms (suffix of >= 7 digits, leading zeros ignored)', async () => {
        expect((await store.findContactsByPhone('020 7946 0006')).map((c) => c.id)).to.deep.equal(['C-6']);
        expect((await store.findContactsByPhone('+44 20 7946 0043')).map((c) => c.id)).to.deep.equal(['1043']);
        expect((await store.findContactsByPhone('00 1 555 010 0142')).map((c) => c.id)).to.deep.equal(['C-1042']);
      });

      it('finds one phone in two campaigns', async () => {
        const found = await store.findContactsByPhone('+1 555 010 0001');
        expect(found.map((c) => [c.id, c.campaign.name])).to.deep.equal([
          ['C-1', 'Alpha Renewals'],
          ['C-8', 'Finished Gamma'],
        ]);
      });

      it('does not suffix-match fewer than 7 digits', async () => {
        expect(await store.findContactsByPhone('010 0142')).to.have.length(1); // 7 digits
        expect(await store.findContactsByPhone('10 0142')).to.deep.equal([]); // 6 digits
      });

      it('returns [] for no digits, garbage and huge input', async () => {
        for (const text of ['', 'n/a', "'; DROP TABLE contacts;--", '9'.repeat(5000), '555 019 9999']) {
          expect(await store.findContactsByPhone(text)).to.deep.equal([]);
        }
      });
    });

    describe('campaigns', () => {
      it('lists campaigns by name', async () => {
        expect((await store.listCampaigns()).map((c) => c.name)).to.deep.equal(['Alpha Renewals', 'Cobranza Beta', 'Finished Gamma']);
      });

      it('finds a campaign by id, id in any case, or name without case or accents', async () => {
        expect((await store.findCampaign('CMP-B'))?.id).to.equal('CMP-B');
        expect((await store.findCampaign('cmp-b'))?.id).to.equal('CMP-B');
        expect((await store.findCampaign('  cobranza   BETA '))?.id).to.equal('CMP-B');
        expect((await store.findCampaign('Cöbranza Beta'))?.id).to.equal('CMP-B');
        expect(await store.findCampaign('Beta')).to.equal(null);
        expect(await store.findCampaign("x' OR '1'='1")).to.equal(null);
      });

      it('reports a campaign from its aggregates', async () => {
        expect(await store.campaignReport('CMP-A')).to.deep.equal({
          campaign: (await store.findCampaign('CMP-A'))!,
          totalContacts: 5, // C-1, C-2, C-3, C-7, C-1042
          byStatus: { new: 2, completed: 1, failed: 0, busy: 0, no_response: 2, ivr: 0, incorrect_number: 0, canceled: 0 },
          flaggedBad: 2, // C-1, C-1042
          callsMade: 7, // 2 + 3 + 0 + 0 + 2
          contactsWithAttemptsRemaining: 4, // all but C-2 (closed)
          closedContacts: 1,
        });
      });

      it('reports 0 remaining for a finished campaign', async () => {
        expect(await store.campaignReport('CMP-F')).to.deep.include({ totalContacts: 2, flaggedBad: 1, callsMade: 3, contactsWithAttemptsRemaining: 0, closedContacts: 0 });
      });

      it('returns null for an unknown campaign', async () => {
        expect(await store.campaignReport('CMP-Z')).to.equal(null);
        expect(await store.campaignReport('x'.repeat(10_000))).to.equal(null);
      });
    });

    describe('similarContactIds', () => {
      it('suggests ids one edit away, closest first', async () => {
        expect(await store.similarContactIds('C-1024', 3)).to.deep.equal(['C-1042']);
        expect((await store.similarContactIds('C-10420', 3))[0]).to.equal('C-1042');
        expect(await store.similarContactIds('C-1', 2)).to.include('C-1');
      });
      it('suggests nothing for far-off, empty or huge input', async () => {
        expect(await store.similarContactIds('ZZZZZZZZ', 3)).to.deep.equal([]);
        expect(await store.similarContactIds('', 3)).to.deep.equal([]);
        expect(await store.similarContactIds('9'.repeat(100_000), 3)).to.deep.equal([]);
        expect(await store.similarContactIds('C-1042', 0)).to.deep.equal([]);
      });
    });
  });
}
