import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { smallDataSet, tempDir, writeDataSet } from './helpers';

const ROOT = path.join(__dirname, '..', '..');

/** Runs `tsx scripts/import.ts ...args` as `npm run import` does (stdout not a TTY: plain progress lines). */
function runImport(args: string[], dbPath: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'import.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, CAMPAIGN_DB: dbPath, DEBUG: '' },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/import.ts (npm run import)', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('imports a folder and prints the summary', () => {
    const dbPath = path.join(dir, 'db', 'c.sqlite');
    const r = runImport([writeDataSet(path.join(dir, 'in'), smallDataSet())], dbPath);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/Imported 3 campaigns, 8 contacts, 13 attempts in [\d.]+ s/);
    expect(fs.existsSync(dbPath)).to.equal(true);
  });

  it('prints each problem, no stack trace, and exits 1 when a row is bad', () => {
    const data = smallDataSet();
    data.contacts[3]![1] = 'X9';
    data.attempts[0]![2] = 'tomorrow';
    const r = runImport([writeDataSet(path.join(dir, 'in'), data)], path.join(dir, 'c.sqlite'));
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('contacts.csv line 5: unknown campaign_id "X9"');
    expect(r.stderr).to.contain('attempts.csv line 2: started_at "tomorrow" is not an ISO 8601 date-time');
    expect(r.stderr).to.contain('nothing was imported');
    expect(r.stderr + r.stdout).to.not.match(/\n\s+at /);
  });

  it('explains a missing folder or file and exits 1', () => {
    const missing = runImport([path.join(dir, 'nope')], path.join(dir, 'c.sqlite'));
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.contain('folder not found');
    const input = writeDataSet(path.join(dir, 'in'), smallDataSet());
    fs.rmSync(path.join(input, 'contacts.csv'));
    const noFile = runImport([input], path.join(dir, 'c.sqlite'));
    expect(noFile.status).to.equal(1);
    expect(noFile.stderr).to.contain('contacts.csv: file not found');
    expect(noFile.stderr + noFile.stdout).to.not.match(/\n\s+at /);
    const usage = runImport([], path.join(dir, 'c.sqlite'));
    expect(usage.status).to.equal(1);
    expect(usage.stderr).to.contain('usage: npm run import -- <folder');
  });
});
