/** What the parts of the campaign store's conformance suite share: stores opened per group, data sets imported into them. */
import * as path from 'node:path';
import { importCsvFolder, type ImportOptions, type ImportSummary } from '../../../src/data/importer';
import { tempDir, writeDataSet, type DataSet } from '../../data/helpers';
import type { CampaignStoreEngine, StoreUnderTest } from '../campaignStoreEngines';

/** CSV folders for a group's imports, removed after it. */
export function csvFolders(): { write(data: DataSet): string } {
  let temp: ReturnType<typeof tempDir> | undefined;
  let count = 0;
  after(() => temp?.cleanup());
  return {
    write(data) {
      temp ??= tempDir('store-csv-');
      return writeDataSet(path.join(temp.dir, `in-${++count}`), data);
    },
  };
}

/** Opens stores for a group and closes every one of them after it. */
export function storeOpener(engine: CampaignStoreEngine): () => Promise<StoreUnderTest> {
  const opened: StoreUnderTest[] = [];
  after(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return async () => {
    const s = await engine.open();
    opened.push(s);
    return s;
  };
}

/** Imports a data set into a store through its batch write, as `npm run import` does. */
export async function importInto(s: StoreUnderTest, folders: { write(data: DataSet): string }, data: DataSet, options?: ImportOptions): Promise<ImportSummary> {
  return importCsvFolder(s.store, folders.write(data), options);
}
