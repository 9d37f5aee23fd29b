import { ensureCampaignDatabase } from './data/demo';
import { databaseFileProblem, describeDatabaseError } from './data/fileProblems';
import type { CampaignQueries } from './data/campaignStore';
import type { DataEvents } from './data/dataEvents';
import type { SqliteCampaignStore } from './data/sqliteStore';
import { projectPath } from './platform/paths';
import { logger } from './logging/logger';
import type { CampaignRef } from './domain/recognition';

export interface CampaignData {
  store: SqliteCampaignStore;
  campaigns: CampaignRef[];
}

/**
 * The campaign database at `dbPath`, created from the embedded demo data set on first start. A file that is not a
 * usable campaign database (a folder, random bytes, a damaged or foreign database, no permission) fails here with a
 * message that names CAMPAIGN_DB, so the bot never starts half-working.
 */
export async function openCampaignData(dbPath: string): Promise<CampaignData> {
  const unusable = (reason: string): Error =>
    new Error(`CAMPAIGN_DB ${dbPath} cannot be used: ${reason}. Point CAMPAIGN_DB at a campaign database (npm run import creates one), or at a path that does not exist yet to start with the demo data.`);
  const problem = databaseFileProblem(dbPath);
  if (problem) throw unusable(problem);
  let store: SqliteCampaignStore | undefined;
  try {
    store = await ensureCampaignDatabase(dbPath, projectPath('data', 'demo'), {
      onCreate: (path, summary) =>
        logger.info(
          { event: 'import.created', file: path, contacts: summary.contacts, attempts: summary.attempts, seconds: summary.seconds },
          `Created ${path} from the demo data set (${summary.contacts} contacts, ${summary.attempts} attempts).`,
        ),
    });
    return { store, campaigns: await campaignRefs(store) };
  } catch (error) {
    await store?.close().catch(() => undefined);
    throw unusable(describeDatabaseError(error));
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
