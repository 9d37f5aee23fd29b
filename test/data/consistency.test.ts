/**
 * The SQL layer (facts materialized at import, aggregates per campaign) must agree with rules.ts, whichever
 * import strategy ran and however the data changed between imports.
 */
import { expect } from 'chai';
import * as path from 'node:path';
import { ATTEMPT_RESULTS, type AttemptResult, type CampaignStatus } from '../../src/domain/statusKeys';
import { importFolder, type ImportStrategy } from '../../src/data/importer';
import { chronological, deriveContactFacts, latestAttempt } from '../../src/data/rules';
import { emptyStatusCounts } from '../../src/data/sqlQueries';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import type { CampaignReport } from '../../src/data/types';
import { mulberry32 } from '../../scripts/bench/prng';
import { dataRows, tempDir, writeDataSet, type DataSet } from './helpers';

interface World {
  campaigns: Map<string, { name: string; status: CampaignStatus; maxAttempts: number; badAfter: number }>;
  contacts: Map<string, { campaignId: string; name: string; phone: string }>;
  attempts: Map<string, { contactId: string; startedAt: string; result: AttemptResult }>;
}

const OFFSETS = ['Z', '+00:00', '-05:00', '-06:00', '+01:00', '+05:30'];

function isoAt(ms: number, offset: string): string {
  const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * 60000).toISOString().replace('.000Z', '').replace('Z', '') + offset;
}

/** A random world with the awkward cases: equal instants written with different offsets, canceled-only contacts, ... */
function randomWorld(seed: number, contacts: number): World {
  const rnd = mulberry32(seed);
  const world: World = { campaigns: new Map(), contacts: new Map(), attempts: new Map() };
  const statuses: CampaignStatus[] = ['draft', 'planned', 'in_progress', 'paused', 'finished'];
  for (let i = 0; i < 6; i++) {
    world.campaigns.set(`CMP-${i}`, { name: `Campaign ${i}`, status: statuses[i % 5]!, maxAttempts: 1 + (i % 4), badAfter: 1 + (i % 3) });
  }
  let a = 0;
  const base = Date.UTC(2025, 2, 3, 12);
  for (let c = 0; c < contacts; c++) {
    const id = `C-${c}`;
    world.contacts.set(id, { campaignId: `CMP-${Math.floor(rnd() * 6)}`, name: `Person ${c}`, phone: `+1 555 ${String(1000000 + c).slice(1)}` });
    const n = Math.floor(rnd() * 6);
    for (let k = 0; k < n; k++) {
      // few distinct instants per contact: ties happen
      const ms = base + Math.floor(rnd() * 4) * 3_600_000;
      const result = ATTEMPT_RESULTS[Math.floor(rnd() * ATTEMPT_RESULTS.length)]!;
      world.attempts.set(`A-${a++}`, { contactId: id, startedAt: isoAt(ms, OFFSETS[Math.floor(rnd() * OFFSETS.length)]!), result });
    }
  }
  return world;
}

function toDataSet(world: World): DataSet {
  return {
    campaigns: [...world.campaigns].map(([id, c]) => [id, c.name, c.status, c.maxAttempts, c.badAfter, c.status === 'paused' ? 'manual' : '', '', '', '']),
    contacts: [...world.contacts].map(([id, c]) => [id, c.campaignId, c.name, c.phone]),
    attempts: [...world.attempts].map(([id, a]) => [id, a.contactId, a.startedAt, a.result, '', '']),
  };
}

/** Changes between two imports: moves, result changes, bad_after and status changes, new rows. */
function changeWorld(world: World, seed: number): World {
  const rnd = mulberry32(seed);
  const next: World = { campaigns: new Map(world.campaigns), contacts: new Map(world.contacts), attempts: new Map(world.attempts) };
  next.campaigns.set('CMP-1', { ...world.campaigns.get('CMP-1')!, badAfter: 1 });
  next.campaigns.set('CMP-2', { ...world.campaigns.get('CMP-2')!, status: 'finished', maxAttempts: 5 });
  next.campaigns.set('CMP-NEW', { name: 'Brand New', status: 'in_progress', maxAttempts: 2, badAfter: 2 });
  const contactIds = [...world.contacts.keys()];
  for (let i = 0; i < contactIds.length; i += 7) {
    const id = contactIds[i]!;
    next.contacts.set(id, { ...world.contacts.get(id)!, campaignId: rnd() < 0.5 ? 'CMP-NEW' : `CMP-${Math.floor(rnd() * 6)}` });
  }
  const attemptIds = [...world.attempts.keys()];
  for (let i = 0; i < attemptIds.length; i += 5) {
    const id = attemptIds[i]!;
    const old = world.attempts.get(id)!;
    next.attempts.set(id, {
      ...old,
      result: ATTEMPT_RESULTS[Math.floor(rnd() * ATTEMPT_RESULTS.length)]!,
      contactId: i % 3 === 0 ? contactIds[Math.floor(rnd() * contactIds.length)]! : old.contactId, // moved to another contact
    });
  }
  for (let c = 0; c < 20; c++) next.contacts.set(`C-N${c}`, { campaignId: 'CMP-NEW', name: `Newcomer ${c}`, phone: `+44 20 7946 ${String(1000 + c).slice(1)}` });
  next.attempts.set('A-N1', { contactId: 'C-N1', startedAt: '2025-03-05T10:00:00Z', result: 'busy' });
  return next;
}

/** The files of the changes only (what an incremental import would receive). */
function diffDataSet(before: World, after: World): DataSet {
  const full = toDataSet(after);
  return {
    campaigns: full.campaigns.filter((r) => JSON.stringify(before.campaigns.get(r[0] as string)) !== JSON.stringify(after.campaigns.get(r[0] as string))),
    contacts: full.contacts.filter((r) => JSON.stringify(before.contacts.get(r[0] as string)) !== JSON.stringify(after.contacts.get(r[0] as string))),
    attempts: full.attempts.filter((r) => JSON.stringify(before.attempts.get(r[0] as string)) !== JSON.stringify(after.attempts.get(r[0] as string))),
  };
}

/** Checks every contact and campaign of the store against rules.ts over the world. */
async function expectAgreesWithRules(store: SqliteCampaignStore, world: World): Promise<void> {
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

describe('data: SQL facts agree with rules.ts', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('after a first import, bulk or incremental, on a random world', async () => {
    const world = randomWorld(7, 600);
    const input = writeDataSet(path.join(dir, 'in'), toDataSet(world));
    const paths: string[] = [];
    for (const strategy of ['bulk', 'incremental'] as ImportStrategy[]) {
      const dbPath = path.join(dir, `${strategy}.sqlite`);
      expect((await importFolder(dbPath, input, { strategy })).strategy).to.equal(strategy);
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        await expectAgreesWithRules(store, world);
      } finally {
        await store.close();
      }
      paths.push(dbPath);
    }
    expect(await dataRows(paths[0]!)).to.deep.equal(await dataRows(paths[1]!));
  });

  it('after changes imported on top (moves, new results, bad_after and status changes), either strategy', async () => {
    const world = randomWorld(11, 500);
    const next = changeWorld(world, 12);
    const base = writeDataSet(path.join(dir, 'base'), toDataSet(world));
    const changes = writeDataSet(path.join(dir, 'changes'), diffDataSet(world, next));
    const everything = writeDataSet(path.join(dir, 'everything'), toDataSet(next));
    const results: Record<string, Record<string, string[]>> = {};
    for (const [name, second, strategy] of [
      ['changes-incremental', changes, 'incremental'],
      ['changes-bulk', changes, 'bulk'],
      ['everything-auto', everything, 'auto'],
    ] as const) {
      const dbPath = path.join(dir, `${name}.sqlite`);
      await importFolder(dbPath, base);
      await importFolder(dbPath, second, { strategy });
      const store = await SqliteCampaignStore.open(dbPath);
      try {
        await expectAgreesWithRules(store, next);
      } finally {
        await store.close();
      }
      results[name] = await dataRows(dbPath);
    }
    expect(results['changes-incremental']).to.deep.equal(results['changes-bulk']);
    expect(results['changes-incremental']).to.deep.equal(results['everything-auto']);
  });

  it('on the demo data set', async () => {
    const store = await SqliteCampaignStore.open(path.join(dir, 'demo.sqlite'));
    try {
      await importFolder(store, path.join(__dirname, '..', '..', 'data', 'demo'));
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
    } finally {
      await store.close();
    }
  });
});
