/**
 * Live data as the bot sees it: the next question after an ingest's 200 answers from the new data (facts, campaign
 * status, a new campaign's name); requests are written one at a time; `npm run import` keeps working on the same file;
 * a write lock held elsewhere makes the ingest wait, then answer 503 without changing anything; and the bot process
 * wires it all from INGEST_TOKEN.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AuditEntry } from '../../src/access/auditLog';
import { Db } from '../../src/data/db';
import { importFolder } from '../../src/data/importer';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';
import { startBot, stopBot } from '../helpers/botProcess';
import { messageActivity, postActivity, readableText } from '../helpers/httpServer';
import { DIALER_TOKEN, postRows, startIngestServer, type IngestServer } from '../helpers/ingestServer';

async function ask(url: string, text: string): Promise<string> {
  const { status, activities } = await postActivity(url, messageActivity(text, { channelId: 'webchat' }));
  expect(status).to.equal(200);
  return readableText(activities.find((a) => a.type === 'message') ?? {});
}

const CAMPAIGN_B = { campaign_id: 'CMP-B', name: 'Cobranza Beta', status: 'in_progress', max_attempts: 4, bad_after: 3, starts_at: '2025-03-01T08:00:00-06:00', timezone: 'America/Mexico_City' };

describe('HTTP ingest: the next question sees the data', function () {
  this.timeout(60_000);
  let ingest: IngestServer;
  beforeEach(async () => {
    ingest = await startIngestServer({ writer: { busyTimeoutMs: 1500 } });
  });
  afterEach(() => ingest.close());

  it('an attempt that completes a flagged contact clears its flag in the next answer', async () => {
    expect(await ask(ingest.url, 'why is contact C-1 flagged bad?')).to.match(/^\*\*Yes: C-1\*\*/);
    const { status } = await postRows(ingest.url, 'attempts', [{ attempt_id: 'LIVE-1', contact_id: 'C-1', started_at: '2025-03-05T11:00:00-05:00', result: 'completed', duration_s: 95 }]);
    expect(status).to.equal(200);
    expect(await ask(ingest.url, 'why is contact C-1 flagged bad?')).to.match(/^\*\*No: C-1\*\*/);
    const report = (await ingest.store.campaignReport('CMP-A'))!;
    expect([report.flaggedBad, report.closedContacts, report.byStatus.completed]).to.deep.equal([0, 2, 2]);
  });

  it('a campaign paused through the ingest answers as paused, and a new campaign is known by name at once', async () => {
    expect(await ask(ingest.url, 'how is Cobranza Beta doing?')).to.contain('**Cobranza Beta** is **In progress**');
    const paused = await postRows(ingest.url, 'campaigns', [
      { ...CAMPAIGN_B, status: 'paused', pause_reason: 'system_failure' },
      { campaign_id: 'CMP-Z', name: 'Zafiro Norte', status: 'in_progress', max_attempts: 3 },
    ]);
    expect([paused.status, paused.body]).to.deep.equal([200, { campaigns: 2, contacts: 0, attempts: 0 }]);
    expect(await ask(ingest.url, 'how is Cobranza Beta doing?')).to.contain('**Cobranza Beta** is **Paused**').and.to.contain('system failure');

    const contacts = await postRows(ingest.url, 'contacts', [{ contact_id: 'Z-1', campaign_id: 'CMP-Z', name: 'Zoe', phone: '+34 600 111 222' }]);
    expect(contacts.status).to.equal(200);
    expect(await ask(ingest.url, 'how is Zafiro Norte doing?')).to.contain('**Zafiro Norte** is **In progress**. 1 contact');
  });

  it('writes concurrent requests one at a time, each all or nothing', async () => {
    const posts = Array.from({ length: 6 }, (_, i) =>
      postRows(ingest.url, 'attempts', [
        { attempt_id: `P-${i}-a`, contact_id: `C-${1 + i}`, started_at: '2025-03-08T09:00:00Z', result: 'failed' },
        // the third request names a contact that does not exist
        { attempt_id: `P-${i}-b`, contact_id: i === 2 ? 'C-404' : 'C-7', started_at: `2025-03-08T09:0${i}:00Z`, result: 'busy' },
      ]),
    );
    const statuses = (await Promise.all(posts)).map((p) => p.status);
    expect(statuses).to.deep.equal([200, 200, 400, 200, 200, 200]);
    const ids = new Set((await ingest.store.findContact('C-7'))!.attempts.map((a) => a.id));
    expect([0, 1, 2, 3, 4, 5].map((i) => ids.has(`P-${i}-b`))).to.deep.equal([true, true, false, true, true, true]);
    expect((await ingest.store.findContact('C-3'))!.attempts.map((a) => a.id)).to.not.include('P-2-a');
    const seqs = (await ingest.store.changesSince(0)).filter((c) => c.source === 'ingest').map((c) => c.seq);
    expect(seqs).to.have.length(5);
  });

  it('npm run import keeps working on the same database while the bot runs, and the bot answers from both', async () => {
    const data = smallDataSet();
    data.campaigns = [['CMP-I', 'Imported Iris', 'paused', 2, 2, 'manual', '', '', '']];
    data.contacts = [['I-1', 'CMP-I', 'Ines', '+34 600 333 444']];
    data.attempts = [];
    expect((await postRows(ingest.url, 'attempts', [{ attempt_id: 'LIVE-2', contact_id: 'C-3', started_at: '2025-03-09T09:00:00Z', result: 'busy' }])).status).to.equal(200);
    const summary = await importFolder(ingest.dbPath, writeDataSet(path.join(ingest.dir, 'more'), data));
    expect(summary.contacts).to.equal(1);
    expect((await postRows(ingest.url, 'contacts', [{ contact_id: 'I-2', campaign_id: 'CMP-I', name: 'Ivo', phone: '+34 600 333 555' }])).status).to.equal(200);
    expect((await ingest.store.campaignReport('CMP-I'))!.totalContacts).to.equal(2);
    expect((await ingest.store.findContact('C-3'))!.currentStatus).to.equal('busy');
  });

  it('waits for another process holding the write lock, and answers 503 without changing anything when it holds it too long', async () => {
    const other = await Db.open(ingest.dbPath, { queryTimeoutMs: 0 });
    const row = { attempt_id: 'LOCK-1', contact_id: 'C-4', started_at: '2025-03-09T09:00:00Z', result: 'completed' };
    try {
      await other.run('BEGIN IMMEDIATE');
      const waiting = postRows(ingest.url, 'attempts', [row]);
      // released while the ingest waits (its busy timeout is 1.5 s here)
      setTimeout(() => void other.run('COMMIT'), 300);
      expect((await waiting).status).to.equal(200);

      await other.run('BEGIN IMMEDIATE');
      const initial = await ingest.snapshot();
      const refused = await postRows<{ error: string }>(ingest.url, 'attempts', [{ ...row, attempt_id: 'LOCK-2' }]);
      expect([refused.status, refused.headers.get('retry-after')]).to.deep.equal([503, '5']);
      expect(refused.body.error).to.match(/busy with another write/);
      await other.run('ROLLBACK');
      expect(await ingest.snapshot()).to.deep.equal(initial);
      expect((await postRows(ingest.url, 'attempts', [{ ...row, attempt_id: 'LOCK-3' }])).status).to.equal(200);
    } finally {
      await other.run('ROLLBACK').catch(() => undefined);
      await other.close();
    }
  });
});

describe('HTTP ingest in the bot process (INGEST_TOKEN)', function () {
  this.timeout(60_000);

  it('is on with the tokens named in the log, learns a new campaign at once, and audits by name to AUDIT_LOG', async () => {
    const temp = tempDir('ingest-process-');
    try {
      const campaignDb = path.join(temp.dir, 'campaigns.sqlite');
      await importFolder(campaignDb, writeDataSet(path.join(temp.dir, 'csv'), smallDataSet()));
      const auditLog = path.join(temp.dir, 'audit.log');
      const env = { CAMPAIGN_DB: campaignDb, STATE_DB: path.join(temp.dir, 'state.sqlite'), AUDIT_LOG: auditLog, INGEST_TOKEN: `dialer:${DIALER_TOKEN}` };
      const bot = await startBot(env);
      let code: number | string;
      try {
        await bot.waitForOutput(/Live data ingest: on at .*\/api\/data\/\{campaigns,contacts,attempts\} for the tokens \\"dialer\\"/);
        const posted = await postRows(bot.url, 'campaigns', [{ campaign_id: 'CMP-Q', name: 'Quetzal Sur', status: 'paused', max_attempts: 2, pause_reason: 'out_of_minutes' }]);
        expect(posted.status).to.equal(200);
        expect(await ask(bot.url, 'why is Quetzal Sur paused?')).to.contain('**Quetzal Sur** is **Paused**');
      } finally {
        code = await stopBot(bot);
      }
      expect(code, bot.output()).to.equal(0);
      expect(bot.output()).to.not.contain(DIALER_TOKEN);
      const lines = readFileSync(auditLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as AuditEntry);
      expect(lines.find((e) => e.action === 'data.ingest')).to.deep.include({ who: ['dialer'], target: '/api/data/campaigns', decision: 'accepted', status: 200, rows: 1 });
      expect(readFileSync(auditLog, 'utf8')).to.not.contain(DIALER_TOKEN);
    } finally {
      temp.cleanup();
    }
  });
});
