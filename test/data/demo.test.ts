import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ATTEMPT_RESULTS } from '../../src/domain/statusKeys';
import { Db } from '../../src/data/db';
import { ensureCampaignDatabase } from '../../src/data/demo';
import { LATEST_SCHEMA_VERSION } from '../../src/data/migrations';
import type { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { tempDir } from './helpers';

const ROOT = path.join(__dirname, '..', '..');
const DEMO = path.join(ROOT, 'data', 'demo');

describe('data/demo: ensureCampaignDatabase and the demo data set', function () {
  this.timeout(30000);
  let dir: string;
  let cleanup: () => void;
  let store: SqliteCampaignStore;
  let dbPath: string;

  before(async () => {
    ({ dir, cleanup } = tempDir());
    dbPath = path.join(dir, 'nested', 'folder', 'campaigns.sqlite');
    store = await ensureCampaignDatabase(dbPath, DEMO);
  });

  after(async () => {
    await store.close();
    cleanup();
  });

  it('creates the missing database (and its folders) and fills it with the demo data', async () => {
    expect(fs.existsSync(dbPath)).to.equal(true);
    expect(fs.readdirSync(path.dirname(dbPath)).filter((f) => f.includes('.creating-'))).to.deep.equal([]);
    const campaigns = await store.listCampaigns();
    expect(campaigns.map((c) => [c.id, c.name, c.status, c.pauseReason, c.maxAttempts, c.timezone])).to.have.deep.members([
      ['CMP-SPRING', 'Spring Renewals', 'paused', 'out_of_minutes', 3, 'America/New_York'],
      ['CMP-COBRANZA', 'Cobranza Marzo', 'paused', 'system_failure', 4, 'America/Mexico_City'],
      ['CMP-SUMMER', 'Summer Upsell', 'in_progress', null, 3, 'Europe/London'],
      ['CMP-ENCUESTA', 'Encuesta de Satisfacción', 'in_progress', null, 2, 'Europe/Madrid'],
      ['CMP-WELCOME', 'Welcome Calls', 'finished', null, 3, 'UTC'],
    ]);
    let total = 0;
    for (const c of campaigns) total += (await store.campaignReport(c.id))!.totalContacts;
    expect(total).to.equal(2000);
  });

  it('opens an existing database without importing again', async () => {
    const again = await ensureCampaignDatabase(dbPath, path.join(dir, 'no-such-folder'));
    try {
      expect((await again.listCampaigns()).length).to.equal(5);
    } finally {
      await again.close();
    }
    const db = await Db.open(dbPath, { readonly: true });
    try {
      expect(await db.get('SELECT count(*) AS n FROM imports')).to.deep.equal({ n: 1 });
      expect(await db.get('SELECT max(version) AS v FROM schema_version')).to.deep.equal({ v: LATEST_SCHEMA_VERSION });
    } finally {
      await db.close();
    }
  });

  it('has C-1042 in Spring Renewals, flagged bad with attempts remaining', async () => {
    const c = (await store.findContact('c1042'))!;
    expect(c).to.deep.include({ id: 'C-1042', campaignId: 'CMP-SPRING', phone: '+1 (555) 010-0142', flaggedBad: true, stopReason: null });
    expect(c.unreachableAttempts).to.be.at.least(2);
    expect(c.attemptsRemaining).to.be.greaterThan(0);
    expect((await store.findContactsByPhone('+1 (555) 010-0142')).map((x) => x.id)).to.deep.equal(['C-1042']);
  });

  it('has one phone number in two campaigns', async () => {
    const found = await store.findContactsByPhone('+1 555 010 0177');
    expect(new Set(found.map((c) => c.campaignId)).size).to.equal(2);
  });

  it('has a notable bad-flag share in Spring Renewals and every attempt result', async () => {
    const spring = (await store.campaignReport('Spring Renewals'))!;
    const share = spring.flaggedBad / spring.totalContacts;
    expect(share).to.be.within(0.1, 0.2);
    const db = await Db.open(dbPath, { readonly: true });
    try {
      const results = (await db.all<{ result: string }>('SELECT DISTINCT result FROM attempts')).map((r) => r.result);
      expect(results).to.have.members([...ATTEMPT_RESULTS]);
      const perContact = await db.get<{ avg: number; max: number }>(
        'SELECT avg(n) AS avg, max(n) AS max FROM (SELECT count(a.id) AS n FROM contacts k LEFT JOIN attempts a ON a.contact_id = k.id GROUP BY k.id)',
      );
      expect(perContact!.avg).to.be.within(1.2, 2.5);
    } finally {
      await db.close();
    }
  });

  it('uses Spanish names in the Spanish campaigns', async () => {
    const db = await Db.open(dbPath, { readonly: true });
    try {
      const names = (await db.all<{ name: string }>("SELECT name FROM contacts WHERE campaign_id IN ('CMP-COBRANZA', 'CMP-ENCUESTA')")).map((r) => r.name);
      expect(names.filter((n) => /[áéíóúñÁÉÍÓÚÑ]/.test(n)).length).to.be.greaterThan(names.length / 3);
    } finally {
      await db.close();
    }
  });

  it('is generated deterministically (the committed files are what the generator writes)', () => {
    const out = path.join(dir, 'regenerated');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'make-demo-data.ts'), out], {
      stdio: 'pipe',
    });
    for (const file of ['campaigns.csv', 'contacts.csv', 'attempts.csv']) {
      expect(fs.readFileSync(path.join(out, file), 'utf8') === fs.readFileSync(path.join(DEMO, file), 'utf8'), file).to.equal(true);
    }
  });
});
