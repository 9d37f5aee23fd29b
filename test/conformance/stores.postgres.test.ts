/**
 * The state store, Direct Line log and alert store conformance suites on PostgreSQL: a database of the run's
 * throwaway cluster (test/helpers/postgres.ts) per test, every instance on a pool of its own as a process has.
 */
import { sharedPostgres } from '../helpers/postgres';
import { STATE_STORE_ENGINES, usePostgres } from './engines';
import { describeStateStore } from './stateStore.suite';

describe('the stores on PostgreSQL', function () {
  this.timeout(30_000);
  before(async function () {
    usePostgres(await sharedPostgres(this));
  });

  for (const engine of STATE_STORE_ENGINES.filter((e) => e.server)) describeStateStore(engine);
});
