/**
 * The ingest below HTTP (src/data/ingest.ts): JSON rows through the import's row specs into incremental batches of
 * the store. Ingesting a data set in batches must leave exactly what importing its CSV files leaves.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import * as path from 'node:path';
import type { RecordKind } from '../../src/data/campaignStore';
import { DataEvents, observedWrites, type CommittedBatch } from '../../src/data/dataEvents';
import { importFolder } from '../../src/data/importer';
import { ingestRows, MAX_INGEST_ERRORS, type IngestOutcome } from '../../src/data/ingest';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { mulberry32 } from '../../scripts/bench/prng';
import { ATTEMPT_HEADER, CAMPAIGN_HEADER, CONTACT_HEADER, dataRows, smallDataSet, snapshot, tempDir, writeDataSet, type Cell, type DataSet } from './helpers';

const HEADERS: Record<RecordKind, readonly string[]> = { campaigns: CAMPAIGN_HEADER, contacts: CONTACT_HEADER, attempts: ATTEMPT_HEADER };
const RESULTS = ['completed', 'failed', 'busy', 'no_response', 'ivr', 'incorrect_number', 'canceled'];
const OFFSETS = ['Z', '+00:00', '-05:00', '+05:30'];

/** CSV cells as JSON rows: an empty cell is left out, null or "" at random; a number stays a number or becomes text. */
function jsonRows(kind: RecordKind, rows: readonly (readonly Cell[])[], rnd: () => number): Record<string, unknown>[] {
  return rows.map((cells) => {
    const row: Record<string, unknown> = {};
    HEADERS[kind].forEach((column, i) => {
      const cell = cells[i];
      if (cell === '' || cell === null || cell === undefined) {
        const pick = rnd();
        if (pick < 0.3) row[column] = null;
        else if (pick < 0.6) row[column] = '';
      } else {
        row[column] = typeof cell === 'number' && rnd() < 0.5 ? String(cell) : cell;
      }
    });
    return row;
  });
}

/** A random data set: a few campaigns, contacts spread over them, 0 to 4 attempts each with ties in time. */
function randomDataSet(seed: number, contacts: number): DataSet {
  const rnd = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;
  const data: DataSet = { campaigns: [], contacts: [], attempts: [] };
  const statuses = ['draft', 'planned', 'in_progress', 'paused', 'finished'];
  for (let i = 0; i < 4; i++) data.campaigns.push([`CMP-${i}`, `Campaign ${i}`, pick(statuses), 1 + Math.floor(rnd() * 4), rnd() < 0.3 ? '' : 1 + Math.floor(rnd() * 3), '', '', '', '']);
  let a = 0;
  for (let c = 0; c < contacts; c++) {
    data.contacts.push([`C-${c}`, `CMP-${Math.floor(rnd() * 4)}`, `Person ${c}`, `+1 555 ${String(1000000 + c).slice(1)}`]);
    for (let k = Math.floor(rnd() * 5); k > 0; k--) {
      const at = new Date(Date.UTC(2025, 2, 3, 8 + Math.floor(rnd() * 3))).toISOString().replace('.000Z', pick(OFFSETS) === 'Z' ? 'Z' : '+00:00');
      data.attempts.push([`A-${a++}`, `C-${c}`, at, pick(RESULTS), rnd() < 0.5 ? '' : Math.floor(rnd() * 300), '']);
    }
  }
  return data;
}

/** Ingests a data set kind by kind, in batches of the given sizes (cycled); throws on a refused batch. */
async function ingestInBatches(store: SqliteCampaignStore, data: DataSet, sizes: readonly number[], seed: number): Promise<CommittedBatch[]> {
  const events = new DataEvents();
  const committed: CommittedBatch[] = [];
  events.onCommitted((batch) => void committed.push(batch));
  const writes = observedWrites(store, events);
  const rnd = mulberry32(seed);
  let n = 0;
  for (const kind of ['campaigns', 'contacts', 'attempts'] as const) {
    const rows = jsonRows(kind, data[kind], rnd);
    for (let i = 0; i < rows.length; ) {
      const size = sizes[n++ % sizes.length]!;
      const outcome = await ingestRows(writes, kind, rows.slice(i, i + size));
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
      i += size;
    }
  }
  return committed;
}

describe('data/ingest: JSON rows into the store', function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('ingest-')));
  afterEach(() => cleanup());

  it('ingesting a data set in JSON batches leaves what importing its CSV files leaves (facts and aggregates too)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 }), async (seed, contacts, sizes) => {
        const data = randomDataSet(seed, contacts);
        const imported = path.join(dir, `imported-${run}.sqlite`);
        await importFolder(imported, writeDataSet(path.join(dir, `csv-${run}`), data));
        const store = await SqliteCampaignStore.open(path.join(dir, `ingested-${run}.sqlite`));
        run++;
        try {
          await ingestInBatches(store, data, sizes, seed);
          expect(await dataRows(store.path)).to.deep.equal(await dataRows(imported));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 12 },
    );
  });

  it('changes ingested on top (moved contacts and attempts, new results, a campaign rule changed) agree with the same changes imported, and a retry changes nothing', async () => {
    const base = randomDataSet(41, 80);
    const changes: DataSet = {
      campaigns: [['CMP-1', 'Campaign 1', 'paused', 5, 1, 'manual', '', '', ''], ['CMP-9', 'Brand New', 'in_progress', 2, 2, '', '', '', '']],
      contacts: base.contacts.filter((_, i) => i % 6 === 0).map((c, i) => [c[0], i % 2 ? 'CMP-9' : 'CMP-3', c[2], c[3]]),
      attempts: [
        ...base.attempts.filter((_, i) => i % 5 === 0).map((a, i) => [a[0], i % 3 ? a[1] : 'C-7', a[2], RESULTS[i % RESULTS.length]!, a[4], a[5]]),
        ['A-NEW-1', 'C-2', '2025-03-09T10:00:00-06:00', 'completed', 61, ''],
      ],
    };
    const imported = path.join(dir, 'imported.sqlite');
    await importFolder(imported, writeDataSet(path.join(dir, 'base'), base));
    const ingestedPath = path.join(dir, 'ingested.sqlite');
    await importFolder(ingestedPath, writeDataSet(path.join(dir, 'base'), base));
    await importFolder(imported, writeDataSet(path.join(dir, 'changes'), changes), { strategy: 'bulk' });
    const store = await SqliteCampaignStore.open(ingestedPath);
    try {
      const first = await ingestInBatches(store, changes, [7, 3], 5);
      expect(await dataRows(ingestedPath)).to.deep.equal(await dataRows(imported));
      expect(first.flatMap((b) => b.campaignIds)).to.include.members(['CMP-1', 'CMP-3', 'CMP-9']);

      const again = await ingestInBatches(store, changes, [7, 3], 5);
      expect(await dataRows(ingestedPath)).to.deep.equal(await dataRows(imported));
      expect(again.map((b) => b.campaignIds)).to.deep.equal(again.map(() => []));
      expect(again.map((b) => b.source)).to.deep.equal(again.map(() => 'ingest'));
    } finally {
      await store.close();
    }
  });

  describe('a refused request changes nothing and names each bad row and column', () => {
    let store: SqliteCampaignStore;
    let before: Record<string, unknown[]>;
    beforeEach(async () => {
      const dbPath = path.join(dir, 'campaigns.sqlite');
      await importFolder(dbPath, writeDataSet(path.join(dir, 'csv'), smallDataSet()));
      store = await SqliteCampaignStore.open(dbPath);
      before = await snapshot(dbPath);
    });
    afterEach(() => store.close());

    const refused = async (kind: RecordKind, rows: unknown[]): Promise<Extract<IngestOutcome, { ok: false }>> => {
      const outcome = await ingestRows(store, kind, rows);
      expect(outcome.ok).to.equal(false);
      expect(await snapshot(store.path)).to.deep.equal(before);
      return outcome as Extract<IngestOutcome, { ok: false }>;
    };
    const good = (id: string, contact = 'C-1'): Record<string, unknown> => ({ attempt_id: id, contact_id: contact, started_at: '2025-03-06T10:00:00Z', result: 'completed' });

    it('unknown references among good rows: the contact of an attempt, the campaign of a contact', async () => {
      expect((await refused('attempts', [good('N-1'), good('N-2', 'C-404'), good('N-3')])).errors).to.deep.equal([
        { row: 1, column: 'contact_id', problem: 'unknown contact_id "C-404"' },
      ]);
      expect((await refused('contacts', [{ contact_id: 'C-50', campaign_id: 'CMP-A', name: 'Ok', phone: '555 0100' }, { contact_id: 'C-51', campaign_id: 'CMP-X', name: 'No', phone: '555 0101' }])).errors).to.deep.equal([
        { row: 1, column: 'campaign_id', problem: 'unknown campaign_id "CMP-X"' },
      ]);
    });

    it('an id twice in the request, bad values, a missing column, a row that is no object', async () => {
      const outcome = await refused('attempts', [good('N-1'), { ...good('N-2'), result: 'answered!' }, good('N-1'), { ...good('N-3'), started_at: '2025-03-06T10:00:00' }, { attempt_id: 'N-4', started_at: '2025-03-06T10:00:00Z', result: 'busy' }, 'N-5', { ...good('N-6'), result: true }]);
      expect(outcome.errors).to.deep.equal([
        { row: 1, column: 'result', problem: 'result "answered!" is not one of completed, failed, busy, no_response, ivr, incorrect_number, canceled' },
        { row: 2, column: 'attempt_id', problem: 'duplicate attempt_id "N-1" (first at row 0)' },
        { row: 3, column: 'started_at', problem: 'started_at "2025-03-06T10:00:00" has no UTC offset: add Z or an offset such as -06:00' },
        { row: 4, column: 'contact_id', problem: 'contact_id is missing' },
        { row: 5, column: '', problem: 'a row must be a JSON object' },
        { row: 6, column: 'result', problem: 'result must be a string or a number' },
      ]);
      expect(outcome.truncated).to.equal(false);
    });

    it(`reports at most ${MAX_INGEST_ERRORS} problems, and says there were more`, async () => {
      const outcome = await refused('attempts', Array.from({ length: 50 }, (_, i) => ({ ...good(`N-${i}`), result: 'nope' })));
      expect(outcome.errors).to.have.length(MAX_INGEST_ERRORS);
      expect(outcome.errors.map((e) => e.row)).to.deep.equal([...Array(MAX_INGEST_ERRORS).keys()]);
      expect(outcome.truncated).to.equal(true);
    });
  });

  it('announces each commit to its listeners before the writer hears back, never a rolled-back batch, and survives a failing listener', async () => {
    const dbPath = path.join(dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(dir, 'csv'), smallDataSet()));
    const store = await SqliteCampaignStore.open(dbPath);
    try {
      const events = new DataEvents();
      const heard: string[] = [];
      events.onCommitted(() => {
        throw new Error('a broken listener');
      });
      const stop = events.onCommitted(async (batch) => {
        await new Promise((resolve) => setImmediate(resolve));
        heard.push(`${batch.seq} ${batch.campaignIds.join(',')} ${batch.rows.campaigns}/${batch.rows.attempts}`);
      });
      const writes = observedWrites(store, events);
      const paused = await ingestRows(writes, 'campaigns', [{ campaign_id: 'CMP-B', name: 'Cobranza Beta', status: 'paused', max_attempts: 4, bad_after: 3, pause_reason: 'manual', timezone: 'America/Mexico_City', starts_at: '2025-03-01T08:00:00-06:00' }]);
      expect(paused.ok && heard).to.deep.equal([`${paused.ok && paused.change.seq} CMP-B 1/0`]);
      expect((await ingestRows(writes, 'attempts', [{ attempt_id: 'Z', contact_id: 'nobody', started_at: '2025-03-06T10:00:00Z', result: 'busy' }])).ok).to.equal(false);
      expect(heard).to.have.length(1);
      stop();
      expect((await ingestRows(writes, 'attempts', [{ attempt_id: 'Z', contact_id: 'C-1', started_at: '2025-03-06T10:00:00Z', result: 'busy' }])).ok).to.equal(true);
      expect(heard).to.have.length(1);
      expect((await store.changesSince(0)).map((c) => c.source).slice(-2)).to.deep.equal(['ingest', 'ingest']);
    } finally {
      await store.close();
    }
  });
});
