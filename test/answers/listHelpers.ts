import * as path from 'node:path';
import type { Activity } from 'botbuilder';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import type { CampaignRef } from '../../src/domain/recognition';
import { cardOf } from '../helpers/botHarness';
import { smallDataSet, tempDir, writeDataSet, type DataSet } from '../data/helpers';

/**
 * The small data set (test/data/helpers.ts) plus Delta Paging (CMP-D): 23 contacts, D-01 ... D-23, each with two busy
 * calls (flagged bad, one attempt left of 3) and, for D-05 and D-17, a third failed one (most unreachable calls, so
 * first); D-24 never called.
 */
export function listDataSet(): DataSet {
  const data = smallDataSet();
  data.campaigns.push(['CMP-D', 'Delta Paging', 'in_progress', 4, 2, '', '', '', 'UTC']);
  for (let i = 1; i <= 24; i++) {
    const id = `D-${String(i).padStart(2, '0')}`;
    data.contacts.push([id, 'CMP-D', `Person ${i}`, `+1 555 020 ${String(1000 + i)}`]);
    if (i === 24) continue;
    const day = String(10 + (i % 15)).padStart(2, '0');
    data.attempts.push([`AD-${i}-1`, id, `2025-03-${day}T09:00:00Z`, 'busy', '', '']);
    data.attempts.push([`AD-${i}-2`, id, `2025-03-${day}T15:00:00Z`, 'busy', '', '']);
    if (i === 5 || i === 17) data.attempts.push([`AD-${i}-3`, id, `2025-03-${day}T18:00:00Z`, 'failed', '', '']);
  }
  return data;
}

/** The ids of a card's table rows (its first column, header left out). */
export function tableIds(reply: Partial<Activity>): string[] {
  const card = cardOf(reply) as { body: { type: string; rows?: { cells: { items: { text: string }[] }[] }[] }[] } | undefined;
  const table = card?.body.find((element) => element.type === 'Table');
  return (table?.rows ?? []).slice(1).map((row) => row.cells[0]!.items[0]!.text);
}


/** The list data set imported into a fresh SQLite file: the store, its campaigns for the recognizer, and the clean-up. */
export async function openListStore(prefix: string): Promise<{ store: SqliteCampaignStore; campaigns: CampaignRef[]; close: () => Promise<void> }> {
  const temp = tempDir(prefix);
  const dbPath = path.join(temp.dir, 'campaigns.sqlite');
  await importFolder(dbPath, writeDataSet(path.join(temp.dir, 'csv'), listDataSet()));
  const store = await SqliteCampaignStore.open(dbPath);
  const campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
  return {
    store,
    campaigns,
    close: async () => {
      await store.close();
      temp.cleanup();
    },
  };
}
