import { ensureCampaignDatabase } from './data/demo';
import type { SqliteCampaignStore } from './data/sqliteStore';
import { projectPath } from './core/paths';
import type { CampaignRef } from './nlu/entities/campaignNames';

export interface CampaignData {
  store: SqliteCampaignStore;
  campaigns: CampaignRef[];
}

/** The campaign database at `dbPath`, created from the embedded demo data set on first start. */
export async function openCampaignData(dbPath: string): Promise<CampaignData> {
  const store = await ensureCampaignDatabase(dbPath, projectPath('data', 'demo'), {
    onCreate: (path, summary) => console.log(`Created ${path} from the demo data set (${summary.contacts} contacts, ${summary.attempts} attempts).`),
  });
  return { store, campaigns: await campaignRefs(store) };
}

export async function campaignRefs(store: SqliteCampaignStore): Promise<CampaignRef[]> {
  return (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
}
