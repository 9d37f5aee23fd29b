import { STATE_STORE_ENGINES } from './engines';
import { describeStateStore } from './stateStore.suite';

// the engines that need a database server run in stores.postgres.test.ts
for (const engine of STATE_STORE_ENGINES.filter((e) => !e.server)) describeStateStore(engine);
