import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { accessPolicyFor } from '../../src/access/accessSettings';
import { FileAuditLog, MemoryAuditLog, type AuditEntry } from '../../src/access/auditLog';
import { parseAccessFile, type AccessPolicy } from '../../src/access/roles';
import type { BotOptions, BotServices } from '../../src/app';
import { translator } from '../../src/content/i18n';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { buttonsOf, cardOf, startConversation, testBot } from '../helpers/botHarness';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';

/**
 * Who sees which contact, through the whole bot, on the data-layer tests' small data set: Alpha Renewals (CMP-A:
 * C-1, C-2, C-3, C-7), Cobranza Beta (CMP-B: C-4, C-5), Finished Gamma (CMP-F: C-6, C-8); C-1 and C-8 share a phone.
 */
const ROLES = `
users:
  - ids: [agent-a]
    role: agent
    campaigns: [CMP-A]
  - ids: [agent-b]
    role: agent
    campaigns: ["cobranza beta"]
  - ids: [sup-a]
    role: supervisor
    campaigns: [CMP-A]
  - ids: [boss]
    role: supervisor
  - ids: [guest-1]
    role: guest
  - ids: ["29:1teams", "AAD-OBJECT-B"]
    role: agent
    campaigns: [CMP-B]
  - ids: [ana@contoso.com]
    role: agent
    campaigns: [CMP-F]
`;

const NAMES = smallDataSet().contacts.map((row) => String(row[2]));
const PHONES = smallDataSet().contacts.map((row) => String(row[3]));

const en = translator('en');
const es = translator('es');

describe('access to contact and campaign data, through the bot', () => {
  let store: SqliteCampaignStore;
  let cleanup: () => void;
  let dir: string;
  let audit: MemoryAuditLog;
  let services: BotServices;
  const policy: AccessPolicy = parseAccessFile(ROLES, 'roles.yaml');

  let campaigns: { id: string; name: string }[];
  const bot = (options: BotOptions): BotServices => testBot({ store, campaigns, ...options });

  before(async () => {
    const temp = tempDir('access-');
    cleanup = temp.cleanup;
    dir = temp.dir;
    const dbPath = path.join(dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(dir, 'csv'), smallDataSet()));
    store = await SqliteCampaignStore.open(dbPath);
    audit = new MemoryAuditLog();
    campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    // Teams' member API, as it would answer for the user whose email the roles file lists.
    const teamsMemberIds = async (context: { activity: Partial<Activity> }): Promise<string[]> => (context.activity.from?.id === '29:1ana' ? ['Ana@Contoso.com'] : []);
    services = testBot({ store, campaigns, access: policy, audit, teamsMemberIds });
  });
  after(async () => {
    await store.close();
    cleanup();
  });

  const as = (userId: string, locale = 'en-US') => startConversation({ services, userId, locale });
  const ask = async (userId: string, text: string, locale?: string): Promise<Partial<Activity>> => (await as(userId, locale).say(text))[0];

  describe('an agent', () => {
    it("gets the same refusal, word for word and button for button, for another campaign's contact and for one that does not exist", async () => {
      for (const question of ['why is contact {id} flagged bad?', 'how many attempts remain for {id}?']) {
        const existing = await ask('agent-a', question.replace('{id}', 'C-6'));
        const missing = await ask('agent-a', question.replace('{id}', 'C-99'));
        const near = await ask('agent-a', question.replace('{id}', 'C-11'));
        expect(existing.text).to.equal(en('access.contactRefused'));
        for (const other of [missing, near]) {
          expect(other.text).to.equal(existing.text);
          expect(buttonsOf(other)).to.deep.equal(buttonsOf(existing));
          expect(cardOf(other)).to.deep.equal(cardOf(existing));
        }
        expect(buttonsOf(existing)).to.deep.equal(['How is Alpha Renewals doing?', 'Bad Connection', 'Number of Calls']);
      }
    });

    it('gets the same refusal by phone, in any format, for a number in another campaign and for an unknown one', async () => {
      const existing = await ask('agent-b', 'how many attempts remain for +1 555-010-0002?');
      const formats = ['how many attempts remain for 15550100002?', 'attempts left for (555) 010 0002'];
      const missing = await ask('agent-b', 'how many attempts remain for +1 555-010-0999?');
      expect(existing.text).to.equal(en('access.contactRefused'));
      for (const other of [missing, ...(await Promise.all(formats.map((text) => ask('agent-b', text))))]) {
        expect(other.text).to.equal(existing.text);
        expect(buttonsOf(other)).to.deep.equal(buttonsOf(existing));
      }
      expect(buttonsOf(existing)[0]).to.equal('How is Cobranza Beta doing?');
    });

    it('refuses in Spanish the same way', async () => {
      const existing = await ask('agent-a', '¿por qué el contacto C-6 está marcado como malo?', 'es-MX');
      const missing = await ask('agent-a', '¿por qué el contacto C-99 está marcado como malo?', 'es-MX');
      expect(existing.text).to.equal(es('access.contactRefused'));
      expect(missing.text).to.equal(existing.text);
      expect(buttonsOf(missing)).to.deep.equal(buttonsOf(existing));
    });

    it("sees their own campaign's contacts, by id and by phone", async () => {
      const byId = await ask('agent-a', 'why is contact C-1 flagged bad?');
      expect(byId.text).to.match(/^\*\*Yes: C-1\*\* \(Ann Able, ••• 0001\) in \*\*Alpha Renewals\*\*/);
      const byPhone = await ask('agent-b', 'how many attempts remain for +52 55 1234 0004?');
      expect(byPhone.text).to.contain('**C-4**');
    });

    it('sees only their own contact behind a phone shared with another campaign', async () => {
      const reply = await ask('agent-a', 'why is +1 (555) 010-0001 flagged bad?');
      expect(reply.text).to.contain('**Yes: C-1**');
      expect(JSON.stringify(reply)).to.not.contain('C-8').and.to.not.contain('Finished Gamma');
    });

    it('is offered only their campaigns, the same whether they named another one or none', async () => {
      const none = await ask('agent-a', 'how is the campaign doing?');
      const other = await ask('agent-a', 'how is Cobranza Beta doing?');
      expect(none.text).to.equal(en('access.campaignWhich'));
      expect(buttonsOf(none)).to.deep.equal(['Alpha Renewals']);
      expect(other.text).to.equal(none.text);
      expect(buttonsOf(other)).to.deep.equal(buttonsOf(none));
      const own = await ask('agent-b', 'how is Cobranza Beta doing?');
      expect(own.text).to.contain('**Cobranza Beta** is **In progress**');
    });

    it('gets the weekly guide, not the figures, for a campaign that is not theirs', async () => {
      const other = await ask('agent-a', 'what should we improve in Cobranza Beta?');
      expect(other.text).to.not.contain('Cobranza Beta');
      expect(other.text).to.equal((await ask('agent-a', 'how should I do the weekly status analysis?')).text);
      expect((await ask('agent-b', 'what should we improve in Cobranza Beta?')).text).to.contain('Applying the weekly status analysis to **Cobranza Beta**');
    });

    it('cannot follow up on a contact someone else asked about in a shared conversation', async () => {
      const chat = startConversation({ services, userId: 'boss' });
      const [first] = await chat.say('why is C-4 flagged bad?');
      expect(first.text).to.contain('**No: C-4**');
      const [followUp] = await chat.say('and how many attempts remain?', { from: { id: 'agent-a', name: 'Agent A' } });
      expect(followUp.text).to.equal(en('access.contactRefused'));
      const [campaign] = await chat.say('how is it doing?', { from: { id: 'agent-a', name: 'Agent A' } });
      expect(JSON.stringify(campaign)).to.not.contain('Cobranza Beta');
    });
  });

  describe('a supervisor', () => {
    it('listed for one campaign is refused on another, as an agent is', async () => {
      expect((await ask('sup-a', 'why is C-2 flagged bad?')).text).to.contain('**No: C-2**');
      const other = await ask('sup-a', 'why is C-4 flagged bad?');
      const missing = await ask('sup-a', 'why is C-404 flagged bad?');
      expect(other.text).to.equal(en('access.contactRefused'));
      expect(missing.text).to.equal(other.text);
      expect((await ask('sup-a', 'how is Cobranza Beta doing?')).text).to.equal(en('access.campaignWhich'));
    });

    it('of every campaign gets the helpful not-found answer, with the closest ids', async () => {
      const near = await ask('boss', 'why is C-11 flagged bad?');
      expect(near.text).to.contain("couldn't find contact **C-11**").and.to.contain('Did you mean one of these?');
      expect(buttonsOf(near)).to.include('C-1');
      const shared = await ask('boss', 'why is +1 (555) 010-0001 flagged bad?');
      expect(buttonsOf(shared)).to.have.members(['C-1 · Alpha Renewals', 'C-8 · Finished Gamma']);
      expect((await ask('boss', 'how is the campaign doing?')).text).to.equal(en('campaign.which'));
    });
  });

  describe('a guest', () => {
    for (const who of ['guest-1', 'someone-not-in-the-file']) {
      it(`(${who}) gets the status guide only: a polite answer with its buttons, for any contact or campaign question`, async () => {
        const questions = ['why is C-1 flagged bad?', 'why is C-99 flagged bad?', 'how many attempts remain for +1 555-010-0002?', 'how is Alpha Renewals doing?', 'how is the campaign doing?'];
        for (const question of questions) {
          const reply = await ask(who, question);
          expect(reply.text, question).to.equal(en('access.guest'));
          expect(buttonsOf(reply)).to.deep.equal(['Bad Connection', 'Paused', 'List all statuses', 'Weekly analysis']);
        }
        expect((await ask(who, '¿por qué C-1 está marcado como malo?', 'es-ES')).text).to.equal(es('access.guest'));
        expect((await ask(who, 'what does busy mean?')).text).to.contain('**Busy**');
        expect((await ask(who, 'how should I do the weekly status analysis?')).text).to.equal((await ask('boss', 'how should I do the weekly status analysis?')).text);
      });
    }
  });

  describe('Teams users', () => {
    it('are matched on their Entra object id, whatever its case', async () => {
      const chat = startConversation({ services, channelId: 'msteams' });
      const [reply] = await chat.say('why is C-4 flagged bad?', { from: { id: '29:someone-else', name: 'B', aadObjectId: 'aad-object-b' } });
      expect(reply.text).to.contain('**No: C-4**');
    });

    it("are matched on the email Teams' member API gives, never on their display name", async () => {
      const chat = startConversation({ services, channelId: 'msteams' });
      const [byEmail] = await chat.say('why is C-6 flagged bad?', { from: { id: '29:1ana', name: 'Ana' } });
      expect(byEmail.text).to.contain('C-6');
      expect(byEmail.text).to.not.equal(en('access.guest'));
      const [byName] = await chat.say('why is C-6 flagged bad?', { from: { id: '29:1other', name: 'ana@contoso.com' } });
      expect(byName.text).to.equal(en('access.guest'));
    });
  });

  describe('without a roles file', () => {
    it('with MicrosoftAppId set (closed), refuses every contact and campaign question', async () => {
      const closed = bot({ access: accessPolicyFor({ authEnabled: true }) });
      const chat = startConversation({ services: closed, userId: 'boss' });
      expect((await chat.say('why is C-1 flagged bad?'))[0].text).to.equal(en('access.guest'));
      expect((await chat.say('how is Alpha Renewals doing?'))[0].text).to.equal(en('access.guest'));
    });

    it('without MicrosoftAppId (open, the local demo), shows everyone everything', async () => {
      const open = bot({ access: accessPolicyFor({ authEnabled: false }) });
      const [reply] = await startConversation({ services: open, userId: 'anyone' }).say('why is C-6 flagged bad?');
      expect(reply.text).to.contain('C-6').and.to.contain('Finn Ford');
    });
  });

  describe('the audit log', () => {
    it('has one line per lookup: who, when, which id, the decision, and no names or phone numbers', async () => {
      const temp = tempDir('audit-bot-');
      const logPath = path.join(temp.dir, 'logs', 'audit.log');
      const fileLog = await FileAuditLog.open(logPath);
      try {
        const audited = bot({ access: policy, audit: fileLog });
        const before = Date.now();
        const agent = startConversation({ services: audited, userId: 'agent-a', channelId: 'webchat' });
        await agent.say('why is C-1 flagged bad?');
        await agent.say('why is C-6 flagged bad?');
        await agent.say('why is C-99 flagged bad?');
        await agent.say('how many attempts remain for +1 (555) 010-0001?');
        await agent.say('how many attempts remain for +44 20 7946 0006?');
        await agent.say('how many attempts remain for C-15550100002?');
        await agent.say('how is Cobranza Beta doing?');
        await agent.say('how is Alpha Renewals doing?');
        await agent.say('what does busy mean?');
        await startConversation({ services: audited, userId: 'guest-1', channelId: 'webchat' }).say('why is C-2 flagged bad?');
        const text = readFileSync(logPath, 'utf8');
        const entries = text.trim().split('\n').map((line) => JSON.parse(line) as AuditEntry);
        const brief = entries.map(({ who, channel, action, target, decision, contacts }) => ({ who: who.join(' '), channel, action, target, decision, contacts }));
        expect(brief).to.deep.equal([
          { who: 'agent-a', channel: 'webchat', action: 'contact.why_bad', target: 'C-1', decision: 'allowed', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'contact.why_bad', target: 'C-6', decision: 'refused', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'contact.why_bad', target: 'C-99', decision: 'not_found', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'contact.attempts', target: 'phone:***0001', decision: 'allowed', contacts: ['C-1'] },
          { who: 'agent-a', channel: 'webchat', action: 'contact.attempts', target: 'phone:***0006', decision: 'refused', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'contact.attempts', target: 'C-***0002', decision: 'not_found', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'campaign.summary', target: 'CMP-B', decision: 'refused', contacts: undefined },
          { who: 'agent-a', channel: 'webchat', action: 'campaign.summary', target: 'CMP-A', decision: 'allowed', contacts: undefined },
          { who: 'guest-1', channel: 'webchat', action: 'contact.why_bad', target: 'C-2', decision: 'refused', contacts: undefined },
        ]);
        for (const { at } of entries) {
          expect(at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          expect(Date.parse(at)).to.be.within(before, Date.now());
        }
        for (const name of NAMES) expect(text).to.not.contain(name);
        for (const phone of PHONES) {
          const digits = phone.replace(/\D/g, '');
          for (const form of [phone, digits, digits.slice(-10), digits.slice(-7)]) expect(text).to.not.contain(form);
        }
      } finally {
        await fileLog.close();
        temp.cleanup();
      }
    });

    it('records lookups made in open mode too, and nothing for questions that look nothing up', async () => {
      const log = new MemoryAuditLog();
      const open = bot({ audit: log });
      const chat = startConversation({ services: open, userId: 'local' });
      await chat.say('why is C-1 flagged bad?');
      await chat.say('which contact is flagged bad?');
      await chat.say('what does busy mean?');
      expect(log.entries.map((e) => [e.target, e.decision])).to.deep.equal([['C-1', 'allowed']]);
    });

    it('was written for the shared bot above, on every question of these tests', () => {
      expect(audit.entries.length).to.be.greaterThan(20);
      const json = JSON.stringify(audit.entries);
      for (const name of NAMES) expect(json).to.not.contain(name);
    });
  });
});
