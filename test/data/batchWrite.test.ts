import { expect } from 'chai';
import * as path from 'node:path';
import type { Recompute, RowCounts } from '../../src/data/campaignStore';
import { Db } from '../../src/data/db';
import { importFolder } from '../../src/data/importer';
import { ATTEMPT_ROWS, validateJsonRows } from '../../src/data/rowSpecs';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { ATTEMPT_HEADER, dataRows, smallDataSet, tempDir, writeDataSet } from './helpers';

/** A new attempt for C-7 (CMP-A, never called), as the ingest would send it. */
const NEW_ATTEMPT = { attempt_id: 'A-20', contact_id: 'C-7', started_at: '2025-03-06T10:00:00-05:00', result: 'busy' };

describe('data: a batch commit that names the contacts and campaigns to recompute', function () {
  this.timeout(20000);
  let dir: string;
  let cleanup: () => void;
  let dbPath: string;
  /** The tables as a fresh import of the data set with NEW_ATTEMPT gives them. */
  let truth: Awaited<ReturnType<typeof dataRows>>;

  before(async () => {
    ({ dir, cleanup } = tempDir('batch-commit-'));
    const data = smallDataSet();
    data.attempts.push(ATTEMPT_HEADER.map((column) => (NEW_ATTEMPT as Record<string, string>)[column] ?? ''));
    const truthDb = path.join(dir, 'truth.sqlite');
    await importFolder(truthDb, writeDataSet(path.join(dir, 'truth'), data));
    truth = await dataRows(truthDb);
  });

  after(() => cleanup());

  let seq = 0;
  beforeEach(async () => {
    dbPath = path.join(dir, `db-${++seq}.sqlite`);
    await importFolder(dbPath, writeDataSet(path.join(dir, `in-${seq}`), smallDataSet()));
    // derived facts gone stale behind the store's back: two contacts' facts, two campaigns' aggregates and call slots
    const db = await Db.open(dbPath);
    try {
      await db.exec(`
        UPDATE contact_facts SET calls_made = 99, flagged_bad = 0, current_status = 'ivr' WHERE contact_id IN ('C-1', 'C-4');
        UPDATE campaign_stats SET total_contacts = 99, calls_made = 99 WHERE campaign_id IN ('CMP-B', 'CMP-F');
        UPDATE campaign_status_counts SET contacts = 99 WHERE campaign_id IN ('CMP-B', 'CMP-F');
        DELETE FROM campaign_call_slots WHERE campaign_id IN ('CMP-B', 'CMP-F');
      `);
    } finally {
      await db.close();
    }
  });

  /** An incremental batch that upserts NEW_ATTEMPT through the sinks, committed with `recompute`. */
  async function commitWith(recompute?: Recompute): Promise<RowCounts> {
    const store = await SqliteCampaignStore.open(dbPath);
    try {
      const batch = await store.beginBatch({ source: 'ingest', strategy: 'incremental', onRejected: (r) => expect.fail(`rejected ${JSON.stringify(r)}`) });
      const { records, errors } = validateJsonRows(ATTEMPT_ROWS, [NEW_ATTEMPT]);
      expect(errors).to.deep.equal([]);
      await batch.campaigns.finish();
      await batch.contacts.finish();
      for (const { record } of records) await batch.attempts.add(record, 0);
      await batch.attempts.finish();
      return (await batch.commit(recompute)).rows;
    } finally {
      await store.close();
    }
  }

  /** Rows of a derived table, as dataRows gives them, that are about these ids. */
  const about = (rows: string[], ids: string[]): string[] => rows.filter((row) => ids.some((id) => row.includes(`"${id}"`)));

  it('by default recomputes only what the batch changed: facts gone stale elsewhere stay as they were', async () => {
    expect(await commitWith()).to.deep.equal({ campaigns: 0, contacts: 0, attempts: 1 });
    const after = await dataRows(dbPath);
    // C-7 follows the new attempt (and CMP-A's aggregates are summed again, over C-1's stale facts too)
    expect(about(after.contact_facts, ['C-7'])).to.deep.equal(about(truth.contact_facts, ['C-7']));
    // nothing else was looked at
    expect(about(after.contact_facts, ['C-1'])).to.not.deep.equal(about(truth.contact_facts, ['C-1']));
    expect(about(after.campaign_stats, ['CMP-F'])).to.not.deep.equal(about(truth.campaign_stats, ['CMP-F']));
  });

  it('recomputes the named contacts (and their campaigns) and the named campaigns too, and nothing more', async () => {
    expect(await commitWith({ contactIds: ['C-1'], campaignIds: ['CMP-F'] })).to.deep.equal({ campaigns: 0, contacts: 0, attempts: 1 });
    const after = await dataRows(dbPath);
    // named: C-1 (in CMP-A, which the batch changed anyway) and CMP-F; changed by the batch: C-7 and CMP-A
    for (const table of ['contact_facts'] as const) expect(about(after[table], ['C-1', 'C-7']), table).to.deep.equal(about(truth[table], ['C-1', 'C-7']));
    for (const table of ['campaign_stats', 'campaign_status_counts', 'campaign_call_slots'] as const) {
      expect(about(after[table], ['CMP-A', 'CMP-F']), table).to.deep.equal(about(truth[table], ['CMP-A', 'CMP-F']));
      // CMP-B was neither named nor changed: its spoilt rows stay
      expect(about(after[table], ['CMP-B']), table).to.not.deep.equal(about(truth[table], ['CMP-B']));
    }
    expect(about(after.contact_facts, ['C-4'])).to.not.deep.equal(about(truth.contact_facts, ['C-4']));
  });

  it('brings everything back with all the ids named, and ignores ids that do not exist', async () => {
    await commitWith({ contactIds: ['C-1', 'C-4', 'C-404'], campaignIds: ['CMP-B', 'CMP-F', 'CMP-404'] });
    const { indexes: _a, ...after } = await dataRows(dbPath);
    const { indexes: _b, ...expected } = truth;
    expect(after).to.deep.equal(expected);
  });
});
