import { campaignStoreConformance } from './campaignStore.suite';
import { sqliteEngine } from './campaignStoreEngines';

// SQLite files in a temporary folder: no process, no port, so in the unit tier
campaignStoreConformance(sqliteEngine());
