/**
 * The campaign store's conformance suite: every behaviour of the CampaignStore interface (queries, lists, batch
 * writes, imports through them, derived facts against rules.ts), run against one engine's factory. Each engine's test
 * file runs it (campaignStore.test.ts: SQLite; campaignStore.postgres.test.ts: PostgreSQL), so both engines pass the
 * same tests and a third would only need its factory.
 */
import type { CampaignStoreEngine } from './campaignStoreEngines';
import { batchTests } from './campaignStore/batches';
import { derivedFactsTests } from './campaignStore/derivedFacts';
import { importTests } from './campaignStore/imports';
import { listTests } from './campaignStore/lists';
import { queryTests } from './campaignStore/queries';

export function campaignStoreConformance(engine: CampaignStoreEngine): void {
  describe(`campaign store conformance: ${engine.name}`, function () {
    this.timeout(60_000);
    before(async function () {
      await engine.prepare(this);
    });
    queryTests(engine);
    listTests(engine);
    importTests(engine);
    batchTests(engine);
    derivedFactsTests(engine);
  });
}
