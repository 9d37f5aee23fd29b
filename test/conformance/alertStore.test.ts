import * as path from 'node:path';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { tempDir } from '../data/helpers';
import { alertStoreConformance } from './alertStore.suite';

// one line per engine
alertStoreConformance('SQLite state file', async () => {
  const { dir, cleanup } = tempDir('alert-store-');
  return { open: () => SqliteAlertStore.open(path.join(dir, 'state.sqlite')), dispose: async () => cleanup() };
});
