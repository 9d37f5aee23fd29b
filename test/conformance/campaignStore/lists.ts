/**
 * The store's list queries (ListQueries): every filter's contacts in the order they are acted on, paged and exported,
 * with the counts in scope and matching, and the campaigns' figures, all compared with what rules.ts says of the data.
 */
import { expect } from 'chai';
import type { CampaignStoreWithLists } from '../../../src/data/campaignStore';
import type { CampaignListRow, ContactFilter, ContactListRow, ListQueries } from '../../../src/data/lists';
import { attemptInstant, compareCodePoints, deriveContactFacts, latestAttempt, NOT_DIALLED_RESULT } from '../../../src/data/rules';
import type { CampaignStatus, AttemptResult } from '../../../src/domain/statusKeys';
import type { DialledResult } from '../../../src/data/types';
import { smallDataSet, type DataSet } from '../../data/helpers';
import { listDataSet } from '../../answers/listHelpers';
import type { CampaignStoreEngine } from '../campaignStoreEngines';
import { csvFolders, importInto, storeOpener } from './fixtures';
import { randomWorld, toDataSet } from './randomWorld';

/** A contact's list row and what the filters and figures look at besides. */
interface Expected extends ContactListRow {
  lastMs: number;
  flaggedBad: boolean;
  closed: boolean;
}

/** Every contact's list row, from rules.ts over the data set's rows. */
function expectedRows(data: DataSet): Expected[] {
  const campaigns = new Map(data.campaigns.map((c) => [String(c[0]), c]));
  const attempts = new Map<string, { id: string; startedAt: string; result: AttemptResult }[]>();
  for (const a of data.attempts) {
    const list = attempts.get(String(a[1])) ?? [];
    list.push({ id: String(a[0]), startedAt: String(a[2]), result: a[3] as AttemptResult });
    attempts.set(String(a[1]), list);
  }
  return data.contacts.map((k) => {
    const c = campaigns.get(String(k[1]))!;
    const rules = { status: c[2] as CampaignStatus, maxAttempts: Number(c[3]), badAfter: c[4] === '' || c[4] == null ? 2 : Number(c[4]) };
    const mine = attempts.get(String(k[0])) ?? [];
    const facts = deriveContactFacts(mine, rules);
    const last = latestAttempt(mine);
    return {
      id: String(k[0]),
      name: String(k[2]),
      phone: String(k[3]),
      campaignId: String(c[0]),
      campaignName: String(c[1]),
      timezone: c[8] ? String(c[8]) : 'UTC',
      currentStatus: facts.currentStatus,
      callsMade: facts.callsMade,
      maxAttempts: rules.maxAttempts,
      attemptsRemaining: facts.attemptsRemaining,
      unreachableAttempts: facts.unreachableAttempts,
      lastAttemptAt: last?.startedAt ?? null,
      lastMs: last ? attemptInstant(last.startedAt) : -1,
      flaggedBad: facts.flaggedBad,
      closed: facts.closed,
    };
  });
}

/** The list's contacts in the order the store must give them: the filter, its sort keys, then the id. */
function expectedList(rows: Expected[], campaignIds: string[], filter: ContactFilter): ContactListRow[] {
  const keep: Record<ContactFilter['kind'], (r: Expected) => boolean> = {
    flagged_bad: (r) => r.flaggedBad,
    no_attempts_left: (r) => r.attemptsRemaining === 0,
    never_called: (r) => r.callsMade === 0,
    min_calls: (r) => filter.kind === 'min_calls' && r.callsMade >= filter.minCalls,
    status: (r) => filter.kind === 'status' && r.currentStatus === filter.status,
  };
  const keys: Record<ContactFilter['kind'], (r: Expected) => number[]> = {
    flagged_bad: (r) => [-r.unreachableAttempts, r.lastMs],
    no_attempts_left: (r) => [r.lastMs],
    never_called: () => [],
    min_calls: (r) => [-r.callsMade, r.lastMs],
    status: (r) => [r.lastMs],
  };
  const byKey = (a: Expected, b: Expected): number => {
    const x = keys[filter.kind](a);
    const y = keys[filter.kind](b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return compareCodePoints(a.id, b.id);
  };
  return rows
    .filter((r) => campaignIds.includes(r.campaignId) && keep[filter.kind](r))
    .sort(byKey)
    .map(({ lastMs: _ms, flaggedBad: _flagged, closed: _closed, ...row }) => row);
}

async function exported(lists: ListQueries, campaignIds: string[], filter: ContactFilter): Promise<ContactListRow[]> {
  const rows: ContactListRow[] = [];
  for await (const row of lists.contactRows({ campaignIds, filter })) rows.push(row);
  return rows;
}

const FILTERS: ContactFilter[] = [
  { kind: 'flagged_bad' },
  { kind: 'no_attempts_left' },
  { kind: 'never_called' },
  { kind: 'min_calls', minCalls: 2 },
  { kind: 'status', status: 'busy' },
  { kind: 'status', status: 'new' },
];

export function listTests(engine: CampaignStoreEngine): void {
  describe('lists', () => {
    const open = storeOpener(engine);
    const folders = csvFolders();
    let paging: CampaignStoreWithLists;
    let random: CampaignStoreWithLists;
    const world = toDataSet(randomWorld(5, 400));

    before(async () => {
      const one = await open();
      await importInto(one, folders, listDataSet());
      paging = one.store;
      const two = await open();
      await importInto(two, folders, world);
      random = two.store;
    });

    it('gives a campaign\'s flagged contacts by most unreachable calls, then oldest last attempt, with the counts', async () => {
      const page = await paging.listQueries().contactPage({ campaignIds: ['CMP-D'], filter: { kind: 'flagged_bad' } }, 0, 10);
      expect(page).to.include({ inScope: 24, matching: 23, offset: 0 });
      expect(page.rows.map((r) => r.id).slice(0, 3)).to.deep.equal(['D-17', 'D-05', 'D-15']);
      expect(page.rows[0]).to.deep.equal({
        id: 'D-17', name: 'Person 17', phone: '+1 555 020 1017', campaignId: 'CMP-D', campaignName: 'Delta Paging', timezone: 'UTC',
        currentStatus: 'failed', callsMade: 3, maxAttempts: 4, attemptsRemaining: 1, unreachableAttempts: 3, lastAttemptAt: '2025-03-12T18:00:00Z',
      });
    });

    it('pages through a list to its end, the pages together being the export', async () => {
      const lists = paging.listQueries();
      const query = { campaignIds: ['CMP-D', 'CMP-A'], filter: { kind: 'flagged_bad' } as ContactFilter };
      const pages: ContactListRow[] = [];
      for (let offset = 0; ; offset += 10) {
        const page = await lists.contactPage(query, offset, 10);
        pages.push(...page.rows);
        if (page.rows.length < 10) break;
      }
      expect(pages).to.have.length(24);
      expect(pages).to.deep.equal(await exported(lists, query.campaignIds, query.filter));
      expect((await lists.contactPage(query, 40, 10)).rows).to.deep.equal([]);
      expect(await lists.contactPage({ campaignIds: [], filter: query.filter }, 0, 10)).to.deep.equal({ inScope: 0, matching: 0, offset: 0, rows: [] });
      expect(await exported(lists, [], query.filter)).to.deep.equal([]);
    });

    it('gives every filter\'s rows as rules.ts says, in order, paged and exported (random data)', async () => {
      const rows = expectedRows(world);
      const lists = random.listQueries();
      for (const campaignIds of [['CMP-0', 'CMP-1', 'CMP-2', 'CMP-3', 'CMP-4', 'CMP-5'], ['CMP-3'], ['CMP-4', 'CMP-1', 'CMP-X']]) {
        const inScope = rows.filter((r) => campaignIds.includes(r.campaignId)).length;
        for (const filter of FILTERS) {
          const expected = expectedList(rows, campaignIds, filter);
          const label = `${campaignIds.join(',')} ${JSON.stringify(filter)}`;
          expect(await exported(lists, campaignIds, filter), label).to.deep.equal(expected);
          const page = await lists.contactPage({ campaignIds, filter }, 5, 7);
          expect(page, label).to.deep.equal({ inScope, matching: expected.length, offset: 5, rows: expected.slice(5, 12) });
        }
      }
    });

    it('gives the campaigns\' figures: contacts, closed, flagged bad, calls made by result (unknown ids left out)', async () => {
      const data = smallDataSet();
      const rows = expectedRows(data);
      const { store } = await open().then(async (s) => (await importInto(s, folders, data), s));
      const got = await store.listQueries().campaignRows(['CMP-F', 'CMP-A', 'CMP-NOPE']);
      const expected: CampaignListRow[] = [];
      for (const campaign of (await store.listCampaigns()).filter((c) => ['CMP-A', 'CMP-F'].includes(c.id))) {
        const mine = rows.filter((r) => r.campaignId === campaign.id);
        const calls = { completed: 0, failed: 0, busy: 0, no_response: 0, ivr: 0, incorrect_number: 0 } as Record<DialledResult, number>;
        const ids = new Set(mine.map((r) => r.id));
        for (const a of data.attempts) if (ids.has(String(a[1])) && a[3] !== NOT_DIALLED_RESULT) calls[a[3] as DialledResult]++;
        expected.push({
          campaign,
          contacts: mine.length,
          closed: mine.filter((r) => r.closed).length,
          flaggedBad: mine.filter((r) => r.flaggedBad).length,
          callsMade: mine.reduce((sum, r) => sum + r.callsMade, 0),
          calls,
        });
      }
      expect(got).to.deep.equal(expected);
      expect(got.map((r) => r.campaign.name)).to.deep.equal(['Alpha Renewals', 'Finished Gamma']);
    });
  });
}
