import type { CampaignQueries, CampaignStoreWithLists } from './data/campaignStore';
import { campaignDataLocation, type CampaignDataSettings } from './data/campaignDataLocation';
import type { DataEvents } from './data/dataEvents';
import { projectPath } from './platform/paths';
import { logger } from './logging/logger';
import type { CampaignRef } from './domain/recognition';

export interface CampaignData {
  store: CampaignStoreWithLists;
  campaigns: CampaignRef[];
}

const ADVICE = {
  CAMPAIGN_DB: 'Point CAMPAIGN_DB at a campaign database (npm run import creates one), or at a path that does not exist yet to start with the demo data.',
  DATABASE_URL: 'Check that PostgreSQL runs and accepts this URL (host, port, database, user and password); an empty database is given the schema and the demo data.',
};

/**
 * The campaign data the settings name (campaignDataLocation.ts chooses the engine: PostgreSQL with DATABASE_URL, else
 * the SQLite file CAMPAIGN_DB), filled with the embedded demo data set when it is new or empty. A database that cannot
 * be used (a folder, random bytes, a damaged or foreign database, no permission, a server that refuses) fails here
 * with a message that names the setting, so the bot never starts half-working.
 */
export async function openCampaignData(settings: CampaignDataSettings): Promise<CampaignData> {
  const location = campaignDataLocation(settings);
  const unusable = (reason: string): Error => new Error(`${location.setting} ${location.where} cannot be used: ${reason}. ${ADVICE[location.setting]}`);
  const problem = location.problem();
  if (problem) throw unusable(problem);
  let store: CampaignStoreWithLists | undefined;
  try {
    store = await location.open({
      folder: projectPath('data', 'demo'),
      onCreate: (where, summary) =>
        logger.info(
          { event: 'import.created', file: where, contacts: summary.contacts, attempts: summary.attempts, seconds: summary.seconds },
          `Created ${where} from the demo data set (${summary.contacts} contacts, ${summary.attempts} attempts).`,
        ),
    });
    const campaigns = await campaignRefs(store);
    logger.info({ event: 'data.opened', setting: location.setting, where: location.where, campaigns: campaigns.length }, `Campaign data: ${location.where} (${campaigns.length} campaigns).`);
    return { store, campaigns };
  } catch (error) {
    await store?.close().catch(() => undefined);
    throw unusable(location.describeError(error));
  }
}

export async function campaignRefs(store: Pick<CampaignQueries, 'listCampaigns'>): Promise<CampaignRef[]> {
  return (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
}

/**
 * After every commit in this process that wrote campaign rows (an ingest), the recognizer learns the campaigns' names
 * again before the writer hears back, so the next question finds a new or renamed campaign. Returns what stops it.
 */
export function learnCampaignNamesOnCommit(events: DataEvents, store: Pick<CampaignQueries, 'listCampaigns'>, recognizer: { setCampaigns(campaigns: readonly CampaignRef[]): void }): () => void {
  return events.onCommitted(async (batch) => {
    if (batch.rows.campaigns > 0) recognizer.setCampaigns(await campaignRefs(store));
  });
}
