import { STATE_STORE_ENGINES } from './engines';
import { describeStateStore } from './stateStore.suite';

for (const engine of STATE_STORE_ENGINES) describeStateStore(engine);
