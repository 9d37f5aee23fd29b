import { campaignStoreConformance } from './campaignStore.suite';
import { postgresEngine } from './campaignStoreEngines';

// a database of the run's throwaway PostgreSQL cluster per store (test/helpers/postgres.ts)
campaignStoreConformance(postgresEngine());
