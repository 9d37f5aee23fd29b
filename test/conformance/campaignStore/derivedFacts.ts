/**
 * The SQL facts (materialized at each batch's commit, aggregated per campaign) agree with rules.ts, whichever
 * strategy ran and however the data changed between imports: derivedFactsSql.ts is written once for every engine, and
 * this is what guards it on each.
 */
import { expect } from 'chai';
import * as path from 'node:path';
import type { AttemptResult } from '../../../src/domain/statusKeys';
import type { CampaignQueries } from '../../../src/data/campaignStore';
import { importCsvFolder, type ImportStrategy } from '../../../src/data/importer';
import { chronological, deriveContactFacts, latestAttempt } from '../../../src/data/rules';
import { emptyStatusCounts } from '../../../src/data/sqlQueries';
import type { CampaignReport } from '../../../src/data/types';
import type { CampaignStoreEngine } from '../campaignStoreEngines';
import { csvFolders, importInto, storeOpener } from './fixtures';
import { changeWorld, diffDataSet, randomWorld, toDataSet, type World } from './randomWorld';

/** Checks every contact and campaign of the store against rules.ts over the world. */
async function expectAgreesWithRules(store: CampaignQueries, world: World): Promise<void> {
  const byContact = new Map<string, { id: string; startedAt: string; result: AttemptResult }[]>();
  for (const [id, a] of world.attempts) {
    const list = byContact.get(a.contactId) ?? [];
    list.push({ id, startedAt: a.startedAt, result: a.result });
    byContact.set(a.contactId, list);
  }
  const expectedReports = new Map<string, Omit<CampaignReport, 'campaign'>>();
  for (const id of world.campaigns.keys()) {
    expectedReports.set(id, { totalContacts: 0, byStatus: emptyStatusCounts(), flaggedBad: 0, callsMade: 0, contactsWithAttemptsRemaining: 0, closedContacts: 0 });
  }
  for (const [id, contact] of world.contacts) {
    const campaign = world.campaigns.get(contact.campaignId)!;
    const attempts = byContact.get(id) ?? [];
    const facts = deriveContactFacts(attempts, campaign);
    const report = (await store.findContact(id))!;
    expect(report, id).to.not.equal(null);
    expect(
      {
        callsMade: report.callsMade,
        closed: report.closed,
        unreachableAttempts: report.unreachableAttempts,
        attemptsRemaining: report.attemptsRemaining,
        flaggedBad: report.flaggedBad,
        currentStatus: report.currentStatus,
        dominantUnreachableResult: report.dominantUnreachableResult,
        stopReason: report.stopReason,
      },
      id,
    ).to.deep.equal(facts);
    expect(report.campaignId, id).to.equal(contact.campaignId);
    expect(report.attempts.map((a) => a.id), id).to.deep.equal(chronological(attempts).map((a) => a.id));
    expect(report.lastAttempt?.id ?? null, id).to.equal(latestAttempt(attempts)?.id ?? null);
    const r = expectedReports.get(contact.campaignId)!;
    r.totalContacts++;
    r.byStatus[facts.currentStatus]++;
    r.flaggedBad += facts.flaggedBad ? 1 : 0;
    r.callsMade += facts.callsMade;
    r.contactsWithAttemptsRemaining += facts.attemptsRemaining > 0 ? 1 : 0;
    r.closedContacts += facts.closed ? 1 : 0;
  }
  for (const [id, expected] of expectedReports) {
    const { campaign, ...actual } = (await store.campaignReport(id))!;
    expect(campaign.id).to.equal(id);
    expect(actual, id).to.deep.equal(expected);
  }
}

export function derivedFactsTests(engine: CampaignStoreEngine): void {
  describe('derived facts agree with rules.ts', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();

    it('after a first import, bulk or incremental, on a random world', async () => {
      const world = randomWorld(7, 600);
      const rows: Record<string, string[]>[] = [];
      for (const strategy of ['bulk', 'incremental'] as ImportStrategy[]) {
        const s = await open();
        expect((await importInto(s, folders, toDataSet(world), { strategy })).strategy).to.equal(strategy);
        await expectAgreesWithRules(s.store, world);
        rows.push(await s.dataRows());
      }
      expect(rows[0]).to.deep.equal(rows[1]);
    });

    it('after changes imported on top (moves, new results, bad_after and status changes), either strategy', async () => {
      const world = randomWorld(11, 500);
      const next = changeWorld(world, 12);
      const results: Record<string, Record<string, string[]>> = {};
      for (const [name, second, strategy] of [
        ['changes-incremental', diffDataSet(world, next), 'incremental'],
        ['changes-bulk', diffDataSet(world, next), 'bulk'],
        ['everything-auto', toDataSet(next), 'auto'],
      ] as const) {
        const s = await open();
        await importInto(s, folders, toDataSet(world));
        await importInto(s, folders, second, { strategy });
        await expectAgreesWithRules(s.store, next);
        results[name] = await s.dataRows();
      }
      expect(results['changes-incremental']).to.deep.equal(results['changes-bulk']);
      expect(results['changes-incremental']).to.deep.equal(results['everything-auto']);
    });

    it('on the demo data set', async () => {
      const { store } = await open();
      await importCsvFolder(store, path.join(__dirname, '..', '..', '..', 'data', 'demo'));
      for (const campaign of await store.listCampaigns()) {
        const report = (await store.campaignReport(campaign.id))!;
        expect(Object.values(report.byStatus).reduce((a, b) => a + b, 0)).to.equal(report.totalContacts);
      }
      // every contact: the materialized facts = rules.ts over its attempts
      for (let n = 1001; n <= 3000; n++) {
        const c = (await store.findContact(`C-${n}`))!;
        const facts = deriveContactFacts(c.attempts, c.campaign);
        expect({ callsMade: c.callsMade, closed: c.closed, flaggedBad: c.flaggedBad, currentStatus: c.currentStatus, unreachableAttempts: c.unreachableAttempts }, c.id).to.deep.equal({
          callsMade: facts.callsMade,
          closed: facts.closed,
          flaggedBad: facts.flaggedBad,
          currentStatus: facts.currentStatus,
          unreachableAttempts: facts.unreachableAttempts,
        });
      }
    });
  });
}
