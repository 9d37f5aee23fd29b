import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { AuditEntry } from '../../src/access/auditLog';
import { importFolder } from '../../src/data/importer';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';
import { spawnBot, startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { messageActivity, postActivity } from '../helpers/httpServer';

/** The real entry point, until it has said which access mode it runs in. */
async function startBotProcess(env: NodeJS.ProcessEnv): Promise<SpawnedBot & { url: string }> {
  const bot = await startBot(env);
  await bot.waitForOutput(/Audit log: /);
  return bot;
}

/** What the process said: each JSON log line's message (the bot logs with pino), or the line itself. */
function messages(output: string): string {
  return output
    .split('\n')
    .map((line) => {
      try {
        const record: unknown = JSON.parse(line);
        return typeof record === 'object' && record !== null && 'msg' in record ? String(record.msg) : line;
      } catch {
        return line;
      }
    })
    .join('\n');
}

/** Every way a phone number of the data set could be written into a log: as imported, digits only, without the country code. */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  return [phone, digits, `+${digits}`, digits.slice(-10), digits.slice(-7)];
}

const ROLES = JSON.stringify({ users: [{ ids: ['agent-a'], role: 'agent', campaigns: ['CMP-A'] }, { ids: ['boss'], role: 'supervisor' }] });

describe('the bot process with a roles file', () => {
  let temp: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    temp = tempDir('access-process-');
    const campaignDb = join(temp.dir, 'campaigns.sqlite');
    await importFolder(campaignDb, writeDataSet(join(temp.dir, 'csv'), smallDataSet()));
    writeFileSync(join(temp.dir, 'roles.json'), ROLES);
    env = { CAMPAIGN_DB: campaignDb, STATE_DB: join(temp.dir, 'state.sqlite'), AUDIT_LOG: join(temp.dir, 'logs', 'audit.log'), ACCESS_FILE: join(temp.dir, 'roles.json') };
  });
  after(() => temp.cleanup());

  it('answers by role, audits every lookup, and never writes a name or a phone number to its output or its audit log', async () => {
    const bot = await startBotProcess(env);
    let code: number | string | null = null;
    const ask = async (from: string, text: string): Promise<string> => {
      const { activities } = await postActivity(bot.url, messageActivity(text, { channelId: 'webchat', from: { id: from, name: 'Someone' } }));
      return String(activities[0]?.text);
    };
    try {
      expect(messages(bot.output())).to.contain(`Access: 2 user entries from ${env.ACCESS_FILE}`).and.to.contain(`Audit log: ${env.AUDIT_LOG}`);
      expect(await ask('agent-a', 'why is contact C-1 flagged bad?')).to.contain('**Yes: C-1** (Ann Able, ••• 0001)');
      const refused = await ask('agent-a', 'why is contact C-6 flagged bad?');
      expect(await ask('agent-a', 'why is contact C-66 flagged bad?')).to.equal(refused);
      expect(await ask('agent-a', 'how many attempts remain for +1 (555) 010-0001?')).to.contain('**C-1**');
      expect(await ask('agent-a', 'how many attempts remain for +44 20 7946 0006?')).to.equal(refused);
      expect(await ask('boss', 'how many attempts remain for 525512340004?')).to.contain('**C-4** (Dolores Díaz');
      expect(await ask('boss', 'why is +1 555-010-0002 flagged bad?')).to.contain('**No: C-2** (Bob Baker');
      expect(await ask('stranger', 'why is contact C-2 flagged bad?')).to.contain('status guide');
      expect(await ask('boss', 'how is Cobranza Beta doing?')).to.contain('**Cobranza Beta**');
    } finally {
      code = await stopBot(bot);
    }
    expect(code, bot.output()).to.equal(0);

    const audit = readFileSync(env.AUDIT_LOG as string, 'utf8');
    const entries = audit.trim().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((e) => `${e.who.join(',')} ${e.action} ${e.target} ${e.decision}`)).to.deep.equal([
      'agent-a contact.why_bad C-1 allowed',
      'agent-a contact.why_bad C-6 refused',
      'agent-a contact.why_bad C-66 not_found',
      'agent-a contact.attempts phone:***0001 allowed',
      'agent-a contact.attempts phone:***0006 refused',
      'boss contact.attempts phone:***0004 allowed',
      'boss contact.why_bad phone:***0002 allowed',
      'stranger contact.why_bad C-2 refused',
      'boss campaign.summary CMP-B allowed',
    ]);
    for (const [name, text] of [['output', bot.output()], ['output, decoded', messages(bot.output())], ['audit log', audit]]) {
      for (const row of smallDataSet().contacts) {
        expect(text, `${name} names ${row[2]}`).to.not.contain(String(row[2]));
        for (const form of phoneForms(String(row[3]))) expect(text, `${name} has the phone ${form}`).to.not.contain(form);
      }
    }
  });

  it('refuses to start, with a clear message, when ACCESS_FILE is missing or invalid', async () => {
    const missing = join(temp.dir, 'missing.yaml');
    const invalid = join(temp.dir, 'invalid.yaml');
    writeFileSync(invalid, 'users:\n  - ids: [agent-a]\n    role: admin\n');
    for (const [file, message] of [
      [missing, `ACCESS_FILE ${missing} cannot be read: no such file`],
      [invalid, `The roles file ${invalid} (ACCESS_FILE) is not valid:\n  - users[0].role: unknown role "admin"`],
    ]) {
      const bot = spawnBot({ ...env, ACCESS_FILE: file });
      expect(await bot.exited).to.equal(1);
      expect(messages(bot.output())).to.contain(`The bot could not start: ${message}`);
    }
  });
});
