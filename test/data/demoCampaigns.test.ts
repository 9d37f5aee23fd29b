import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { DEMO_CAMPAIGN_NAMES } from '../../src/data/demoCampaigns';
import { projectPath } from '../../src/platform/paths';

describe('the demo campaigns the recognizer, the evaluation and the tests share', () => {
  it('are the campaigns of the demo data set, in its order', () => {
    const rows = parse(readFileSync(projectPath('data', 'demo', 'campaigns.csv'), 'utf8'), { columns: true }) as { name: string }[];
    expect([...DEMO_CAMPAIGN_NAMES]).to.deep.equal(rows.map((row) => row.name));
  });
});
