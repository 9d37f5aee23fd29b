/**
 * The best time to call and week over week on data sets with known figures (test/data/knownRates.ts), imported into
 * real SQLite files: the calls by quarter hour the importer keeps, their reading in the campaign's time zone (DST
 * and a half-hour zone included), the ranking rules, and incremental imports keeping the figures right.
 */
import { expect } from 'chai';
import * as path from 'node:path';
import type { CallSlotCount } from '../../src/data/types';
import { answerRates, MIN_CALLS, notEnoughData, scheduleAdvice } from '../../src/core/insights/answerRates';
import { localSlot } from '../../src/core/insights/localSlots';
import { weekOverWeek, weekOverWeekSignals } from '../../src/core/insights/weekOverWeek';
import { Db } from '../../src/data/db';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { dataRows, tempDir, writeDataSet, type DataSet } from './helpers';
import { HALF_HOUR_ID, KNOWN_ID, knownRatesDataSet, slotsOf } from './knownRates';

const rounded = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Calls at one UTC instant, as slot counts. */
function at(iso: string, result: CallSlotCount['result'], calls: number): CallSlotCount {
  return { slot: Math.floor(Date.parse(iso) / 900_000), result, calls };
}

describe('insights: answer rates and week over week', function () {
  this.timeout(30_000);
  let dir: string;
  let cleanup: () => void;
  let store: SqliteCampaignStore;
  let data: DataSet;
  let known: CallSlotCount[];
  let halfHour: CallSlotCount[];

  before(async () => {
    ({ dir, cleanup } = tempDir('insights-'));
    data = knownRatesDataSet();
    const dbPath = path.join(dir, 'known.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(dir, 'csv'), data));
    store = await SqliteCampaignStore.open(dbPath);
    known = await store.callSlots(KNOWN_ID);
    halfHour = await store.callSlots(HALF_HOUR_ID);
  });
  after(async () => {
    await store.close();
    cleanup();
  });

  describe('the calls by quarter hour in the store', () => {
    it('are the dialled attempts per UTC quarter hour and result (canceled left out), in slot order', () => {
      expect(known).to.deep.equal(slotsOf(data, KNOWN_ID));
      expect(known.reduce((sum, s) => sum + s.calls, 0)).to.equal(250);
      expect(known.some((s) => (s.result as string) === 'canceled')).to.equal(false);
      expect(known.map((s) => s.slot)).to.deep.equal([...known.map((s) => s.slot)].sort((a, b) => a - b));
      expect(halfHour.reduce((sum, s) => sum + s.calls, 0)).to.equal(95);
    });

    it('are empty for an unknown campaign', async () => {
      expect(await store.callSlots('CMP-NOPE')).to.deep.equal([]);
    });
  });

  describe('answer rates by local hour and weekday', () => {
    it('has the known calls, answers and rates per hour, across the DST switch', () => {
      const rates = answerRates(known, 'America/New_York');
      expect(rates.timeZone).to.equal('America/New_York');
      expect({ calls: rates.calls, completed: rates.completed, noResponse: rates.noResponse }).to.deep.equal({ calls: 250, completed: 93, noResponse: 90 });
      const withCalls = rates.byHour.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls, h.completed, rounded(h.rate), h.enough]);
      expect(withCalls).to.deep.equal([
        [9, 10, 9, 0.9, false],
        [10, 40, 8, 0.2, true],
        [11, 40, 10, 0.25, true],
        [12, 40, 12, 0.3, true],
        [15, 40, 16, 0.4, true],
        [16, 40, 18, 0.45, true],
        [17, 40, 20, 0.5, true],
      ]);
    });

    it('has the known calls and rates per weekday', () => {
      const rates = answerRates(known, 'America/New_York');
      expect(rates.byWeekday.map((d) => [d.weekday, d.calls, d.completed, rounded(d.rate), d.enough])).to.deep.equal([
        [0, 48, 48, 1, true],
        [1, 48, 30, 0.625, true],
        [2, 48, 6, 0.125, true],
        [3, 48, 0, 0, true],
        [4, 48, 0, 0, true],
        [5, 10, 9, 0.9, false],
        [6, 0, 0, 0, false],
      ]);
    });

    it('ranks only slots with enough calls: 09:00 and Saturday answer 90% but are not enough data', () => {
      const rates = answerRates(known, 'America/New_York');
      expect(MIN_CALLS).to.equal(30);
      expect(rates.bestHour).to.include({ hour: 17, calls: 40, completed: 20 });
      expect(rates.worstHour).to.include({ hour: 10, calls: 40, completed: 8 });
      expect(rates.bestWeekday).to.include({ weekday: 0, calls: 48 });
      // Thursday and Friday both 0% of 48: the earlier one
      expect(rates.worstWeekday).to.include({ weekday: 3, calls: 48 });
      expect(notEnoughData(rates.byHour).map((h) => h.hour)).to.deep.equal([9]);
      expect(notEnoughData(rates.byWeekday).map((d) => d.weekday)).to.deep.equal([5]);
    });

    it('finds the best and worst 3-hour windows whose hours all have enough calls', () => {
      const rates = answerRates(known, 'America/New_York');
      expect(rates.bestWindow).to.deep.equal({ start: 15, end: 18, calls: 120, completed: 54, rate: 0.45 });
      expect(rates.worstWindow).to.deep.equal({ start: 10, end: 13, calls: 120, completed: 30, rate: 0.25 });
    });

    it("gives the guide's advice for a no-response-heavy campaign: move calls to the best window", () => {
      const rates = answerRates(known, 'America/New_York');
      const advice = scheduleAdvice(rates, 0.25)!;
      expect(advice.moveTo).to.include({ start: 15, end: 18 });
      expect(advice.moveFrom).to.include({ start: 10, end: 13 });
      expect(rounded(advice.noResponseShare)).to.equal(0.36);
      expect(scheduleAdvice(rates, 0.4), 'not no-response-heavy at a 40% threshold').to.equal(null);
    });

    it('reads a half-hour zone by its quarter hours, and a call after local midnight on the local day', () => {
      const rates = answerRates(halfHour, 'Asia/Kolkata');
      expect(rates.byHour.filter((h) => h.calls > 0).map((h) => [h.hour, h.calls, h.completed])).to.deep.equal([
        [0, 5, 0],
        [10, 60, 36],
        [11, 30, 6],
      ]);
      expect(rates.byWeekday.filter((d) => d.calls > 0).map((d) => [d.weekday, d.calls, d.completed])).to.deep.equal([
        [0, 90, 42],
        [1, 5, 0],
      ]);
      // only two hours with enough calls, no three in a row: no window to compare
      expect([rates.bestWindow, rates.worstWindow]).to.deep.equal([null, null]);
      expect(rates.bestHour).to.include({ hour: 10 });
    });

    it('falls back to UTC for a zone Intl does not know', () => {
      const rates = answerRates([at('2025-03-03T10:30:00Z', 'completed', 3)], 'Mars/Olympus_Mons');
      expect(rates.timeZone).to.equal('UTC');
      expect(rates.byHour[10]).to.include({ calls: 3, completed: 3 });
    });

    it('maps a slot around a DST switch to the right local hour and day', () => {
      const ny = (iso: string) => localSlot(Math.floor(Date.parse(iso) / 900_000), 'America/New_York');
      expect(ny('2025-03-09T06:45:00Z')).to.include({ hour: 1, weekday: 6 }); // 01:45 EST, Sunday
      expect(ny('2025-03-09T07:00:00Z')).to.include({ hour: 3, weekday: 6 }); // 03:00 EDT
      expect(ny('2025-11-02T05:30:00Z')).to.include({ hour: 1 }); // 01:30 EDT
      expect(ny('2025-11-02T06:30:00Z')).to.include({ hour: 1 }); // 01:30 EST, the hour again
      expect(ny('2025-03-10T03:59:00Z').day + 1).to.equal(ny('2025-03-10T04:00:00Z').day); // local midnight (EDT)
    });

    it('gives no advice when the windows are too close or too thin to tell apart', () => {
      const even: CallSlotCount[] = [];
      for (let hour = 9; hour < 15; hour++) {
        even.push(at(`2025-03-03T${String(hour).padStart(2, '0')}:00:00Z`, 'completed', 10 + (hour >= 12 ? 1 : 0)));
        even.push(at(`2025-03-03T${String(hour).padStart(2, '0')}:00:00Z`, 'no_response', 30));
      }
      const rates = answerRates(even, 'UTC');
      expect(rates.bestWindow).to.include({ start: 12 });
      expect(scheduleAdvice(rates, 0.25), 'a 2-point gap').to.equal(null);
      expect(answerRates([], 'UTC')).to.include({ calls: 0, bestHour: null, bestWindow: null });
      expect(scheduleAdvice(answerRates([], 'UTC'), 0.25)).to.equal(null);
    });
  });

  describe('week over week', () => {
    it('compares the 7 local days ending on the latest call with the 7 before, with counts and shares', () => {
      const wow = weekOverWeek(known, 'America/New_York')!;
      const day = (iso: string): number => Math.floor(Date.parse(iso) / 86_400_000);
      expect([wow.previous.firstDay, wow.previous.lastDay, wow.latest.firstDay, wow.latest.lastDay]).to.deep.equal([
        day('2025-03-02'),
        day('2025-03-08'),
        day('2025-03-09'),
        day('2025-03-15'),
      ]);
      expect(wow.enough).to.equal(true);
      expect(wow.previous).to.deep.include({ calls: 125, byResult: { completed: 46, failed: 5, busy: 10, no_response: 60, ivr: 4, incorrect_number: 0 } });
      expect(wow.latest).to.deep.include({ calls: 125, byResult: { completed: 47, failed: 22, busy: 18, no_response: 30, ivr: 8, incorrect_number: 0 } });
      expect(wow.moves.map((m) => [m.result, m.before, m.after, rounded(m.beforeShare), rounded(m.afterShare), rounded(m.change), m.clear])).to.deep.equal([
        ['no_response', 60, 30, 0.48, 0.24, -0.24, true],
        ['failed', 5, 22, 0.04, 0.176, 0.136, true],
        ['busy', 10, 18, 0.08, 0.144, 0.064, false],
        ['ivr', 4, 8, 0.032, 0.064, 0.032, false],
        ['completed', 46, 47, 0.368, 0.376, 0.008, false],
      ]);
      expect(weekOverWeekSignals(wow)).to.deep.equal({ rose: ['failed'], fell: ['no_response'], completed: null });
    });

    it('is not enough data when either week has fewer than 30 calls, and nothing without calls', () => {
      const wow = weekOverWeek(halfHour, 'Asia/Kolkata')!;
      expect(wow.enough).to.equal(false);
      expect(wow.previous.calls).to.equal(0);
      expect(wow.moves.every((m) => !m.clear)).to.equal(true);
      expect(weekOverWeekSignals(wow)).to.deep.equal({ rose: [], fell: [], completed: null });
      expect(weekOverWeek([], 'UTC')).to.equal(null);
    });
  });

  describe('imports keep the calls by quarter hour right', () => {
    it('an extra attempts file imported incrementally gives what a full import of everything gives', async () => {
      const everything = knownRatesDataSet();
      // the base: every contact, the attempts of the first week; then the second week's attempts on their own
      const secondWeek = (row: (typeof everything.attempts)[number]): boolean => String(row[2]) >= '2025-03-09';
      const base = writeDataSet(path.join(dir, 'base'), { ...everything, attempts: everything.attempts.filter((a) => !secondWeek(a)) });
      const extra = writeDataSet(path.join(dir, 'extra'), { campaigns: [], contacts: [], attempts: everything.attempts.filter(secondWeek) });
      const full = writeDataSet(path.join(dir, 'full'), everything);

      const stepwise = path.join(dir, 'stepwise.sqlite');
      await importFolder(stepwise, base);
      const first = await SqliteCampaignStore.open(stepwise);
      try {
        const week1 = answerRates(await first.callSlots(KNOWN_ID), 'America/New_York');
        expect(week1.calls).to.equal(125);
      } finally {
        await first.close();
      }
      expect((await importFolder(stepwise, extra, { strategy: 'incremental' })).strategy).to.equal('incremental');
      const fresh = path.join(dir, 'fresh.sqlite');
      await importFolder(fresh, full);
      const [a, b] = [await dataRows(stepwise), await dataRows(fresh)];
      expect(a.campaign_call_slots).to.deep.equal(b.campaign_call_slots);
      const again = await SqliteCampaignStore.open(stepwise);
      try {
        expect(await again.callSlots(KNOWN_ID)).to.deep.equal(known);
      } finally {
        await again.close();
      }
    });

    it('a re-import that moves attempts to another campaign and changes results recomputes both campaigns', async () => {
      const everything = knownRatesDataSet();
      const dbPath = path.join(dir, 'moved.sqlite');
      await importFolder(dbPath, writeDataSet(path.join(dir, 'moved-base'), everything));
      // K-1 moves to the half-hour campaign; KA-2's result changes
      const change: DataSet = {
        campaigns: [],
        contacts: everything.contacts.filter((c) => c[0] === 'K-1').map((c) => [c[0], HALF_HOUR_ID, c[2], c[3]]),
        attempts: everything.attempts.filter((a) => a[0] === 'KA-2').map((a) => [a[0], a[1], a[2], 'ivr', '', '']),
      };
      await importFolder(dbPath, writeDataSet(path.join(dir, 'moved-change'), change), { strategy: 'incremental' });
      const after: DataSet = {
        ...everything,
        contacts: everything.contacts.map((c) => (c[0] === 'K-1' ? [c[0], HALF_HOUR_ID, c[2], c[3]] : c)),
        attempts: everything.attempts.map((a) => (a[0] === 'KA-2' ? [a[0], a[1], a[2], 'ivr', '', ''] : a)),
      };
      const moved = await SqliteCampaignStore.open(dbPath);
      try {
        expect(await moved.callSlots(KNOWN_ID)).to.deep.equal(slotsOf(after, KNOWN_ID));
        expect(await moved.callSlots(HALF_HOUR_ID)).to.deep.equal(slotsOf(after, HALF_HOUR_ID));
      } finally {
        await moved.close();
      }
    });

    it('migrating a version-1 database fills the calls by quarter hour from the data already there', async () => {
      const dbPath = path.join(dir, 'old.sqlite');
      await importFolder(dbPath, writeDataSet(path.join(dir, 'old-csv'), knownRatesDataSet()));
      const expected = (await dataRows(dbPath)).campaign_call_slots;
      const db = await Db.open(dbPath);
      try {
        // a version-1 file: none of the later migrations' tables, indexes or versions
        await db.exec(`DROP TABLE campaign_call_slots; DROP INDEX contact_facts_list_flagged_bad; DROP INDEX contact_facts_list_never_called;
          DROP INDEX contact_facts_list_calls_made; DROP TABLE import_campaigns;
          CREATE INDEX contact_facts_by_campaign ON contact_facts(campaign_id, current_status, closed, flagged_bad, calls_made);
          DELETE FROM schema_version WHERE version >= 2;`);
      } finally {
        await db.close();
      }
      const reopened = await SqliteCampaignStore.open(dbPath);
      try {
        expect(await reopened.callSlots(KNOWN_ID)).to.deep.equal(known);
      } finally {
        await reopened.close();
      }
      expect((await dataRows(dbPath)).campaign_call_slots).to.deep.equal(expected);
    });
  });
});
