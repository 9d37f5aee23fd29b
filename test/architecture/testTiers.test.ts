import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { projectPath } from '../../src/platform/paths';

/** What makes a test file slow or dependent on the machine: a process (a PostgreSQL server too), a port, a browser. */
const NOT_UNIT = /\b(spawn|spawnSync|spawnBot|startBot|startBotProcess|execFile|execFileSync|startTestServer|startServer|startIngestServer|startDirectLineServer|launchChromium|startPlayground|startConnectorStandIn|startCluster|sharedPostgres|freshDatabase|postgresEngine)\(|\.listen\(/;

function testFiles(folder: string): string[] {
  return readdirSync(projectPath(folder)).flatMap((name) => {
    const path = `${folder}/${name}`;
    if (statSync(projectPath(path)).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the test tiers (npm test runs every file; npm run test:unit leaves out .mocharc.unit.json "ignore")', () => {
  const config = JSON.parse(readFileSync(projectPath('.mocharc.unit.json'), 'utf8')) as { spec: string[]; ignore: string[] };
  const files = testFiles('test');

  it('keeps processes, ports and browsers out of the unit tier', () => {
    const unit = files.filter((file) => !config.ignore.includes(file));
    const slow = unit.filter((file) => NOT_UNIT.test(readFileSync(join(projectPath(), file), 'utf8')));
    expect(slow, 'add these to "ignore" in .mocharc.unit.json').to.deep.equal([]);
  });

  it('leaves out only files that exist, and only files that need to be left out', () => {
    expect(config.spec).to.deep.equal(['test/**/*.test.ts']);
    expect(config.ignore.filter((file) => !files.includes(file)), 'no such test file').to.deep.equal([]);
    const needless = config.ignore.filter((file) => files.includes(file) && !NOT_UNIT.test(readFileSync(join(projectPath(), file), 'utf8')));
    expect(needless, 'unit tests left out of test:unit').to.deep.equal([]);
  });
});
