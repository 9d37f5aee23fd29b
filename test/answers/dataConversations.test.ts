import * as path from 'node:path';
import { expect } from 'chai';
import type { BotServices } from '../../src/app';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { buttonsOf, cardOf, startConversation, testBot } from '../helpers/botHarness';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';

/**
 * Questions about contacts and campaigns, answered from a real SQLite file built from the data-layer tests' small,
 * hand-checked data set (see test/data/helpers.ts for what each contact's attempts are).
 */
describe('answers from campaign data', () => {
  let store: SqliteCampaignStore;
  let services: BotServices;
  let cleanup: () => void;

  before(async () => {
    const temp = tempDir('answers-');
    cleanup = temp.cleanup;
    const dbPath = path.join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(path.join(temp.dir, 'csv'), smallDataSet()));
    store = await SqliteCampaignStore.open(dbPath);
    const campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    services = testBot({ store, campaigns });
  });
  after(async () => {
    await store.close();
    cleanup();
  });

  const chat = (locale = 'en-US') => startConversation({ services, locale });

  it('says why a flagged contact is bad: unreachable attempts with results and dates, temporary while attempts remain, and what to do', async () => {
    const [reply] = await chat().say('why is contact C-1 flagged bad?');
    expect(reply.text).to.match(/^\*\*Yes: C-1\*\* \(Ann Able, ••• 0001\) in \*\*Alpha Renewals\*\*/);
    expect(reply.text).to.contain('2 of its 2 calls ended unreachable');
    expect(reply.text).to.contain('Busy').and.to.contain('No response');
    expect(reply.text).to.contain('Mar 3, 2025');
    expect(reply.text).to.contain('temporary: 1 attempt remains');
    expect(reply.text).to.contain('What to do:');
    expect(reply.text).to.not.contain('010-0001');
    const card = JSON.stringify(cardOf(reply));
    expect(card).to.contain('Yes (temporary)').and.to.contain('2 of 3');
  });

  it('says no, with the reason, for a closed contact and for one below the threshold', async () => {
    const [closed] = await chat().say('why is C2 marked bad');
    expect(closed.text).to.match(/^\*\*No: C-2\*\*/);
    expect(closed.text).to.contain('closed: its call ended **Completed**');
    const [below] = await chat().say('is contact 4 a bad number?');
    expect(below.text).to.contain('**No: C-4**').and.to.contain('the campaign flags a contact after 3');
  });

  it('calls the flag final once the campaign is finished', async () => {
    const [reply] = await chat().say('why is C-8 unreachable?');
    expect(reply.text).to.contain('**Yes: C-8**').and.to.contain('final now: the campaign is finished');
  });

  it("explains a status with the named campaign's own figure for it, in both languages", async () => {
    const [busy] = await chat().say('in Alpha Renewals we see a lot of Busy, what does it mean?');
    expect(busy.text).to.match(/^In Alpha Renewals, \d+ of 4 contacts \(\d+%\) have the status Busy right now\./);
    expect(busy.text).to.contain('What to do:');
    expect(JSON.stringify(cardOf(busy))).to.contain('have the status Busy');
    const [paused] = await chat('es-MX').say('¿qué significa pausada en Cobranza Beta?');
    expect(paused.text).to.match(/^Cobranza Beta no está Pausada: ahora está En curso\./);
    const [alone] = await chat().say('what does Busy mean?');
    expect(alone.text).to.not.match(/contacts \(\d+%\)/);
  });

  it('answers attempts: calls made against the maximum, the last attempt, and when it stops', async () => {
    const [open] = await chat().say('how many attempts remain for C-1?');
    expect(open.text).to.contain('**2 calls** of a maximum of 3: **1 attempt remaining**');
    expect(open.text).to.contain('Last attempt: **No response**');
    expect(open.text).to.contain('will be called again');
    const [closed] = await chat().say('how many calls were made to C-5?');
    expect(closed.text).to.contain("won't be called again: it's closed");
    const [finished] = await chat().say('attempts left for C-6?');
    expect(finished.text).to.contain('the campaign is finished');
    const [canceled] = await chat().say('how many times did we call C-3?');
    expect(canceled.text).to.contain('**0 calls**');
    expect(JSON.stringify(cardOf(canceled))).to.contain("don't count as calls");
  });

  it('answers in Spanish, with Spanish status names and dates', async () => {
    const [reply] = await chat('es-MX').say('¿por qué el contacto C-1 está marcado como malo?');
    expect(reply.text).to.match(/^\*\*Sí: C-1\*\*/);
    expect(reply.text).to.contain('Ocupado').and.to.contain('Sin respuesta').and.to.contain('Qué hacer:');
    const [attempts] = await chat('es-MX').say('¿cuántos intentos le quedan al C-4?');
    expect(attempts.text).to.contain('**le queda 1 intento**');
  });

  it('finds contacts by phone in any format, and asks which one when a phone is in two campaigns', async () => {
    const [byPhone] = await chat().say('how many attempts remain for +1 555-010-0002?');
    expect(byPhone.text).to.contain('**C-2**');
    const [shared] = await chat().say('why is +1 (555) 010-0001 flagged bad?');
    expect(shared.text).to.contain('belongs to 2 contacts');
    expect(buttonsOf(shared)).to.have.members(['C-1 · Alpha Renewals', 'C-8 · Finished Gamma']);
  });

  it('answers unknown and huge ids politely, with the closest ids, and takes SQL-looking text without harm', async () => {
    const [unknown] = await chat().say('why is C-99999 flagged bad?');
    expect(unknown.text).to.contain("couldn't find contact **C-99999**");
    const [huge] = await chat().say(`attempts for C-${'9'.repeat(60)}`);
    expect(huge.text).to.match(/couldn't find contact|Which contact/);
    const [near] = await chat().say('why is C-11 flagged bad?');
    expect(near.text).to.contain('Did you mean one of these?');
    expect(buttonsOf(near)).to.include('C-1');
    await chat().say("why is contact 1'; DROP TABLE contacts;-- bad");
    await chat().say("how is x'); DELETE FROM campaigns; -- doing?");
    expect((await store.listCampaigns()).length).to.equal(3);
    expect(await store.findContact('C-1')).to.include({ name: 'Ann Able' });
  });

  it('follows up on the contact last asked about', async () => {
    const conversation = chat();
    await conversation.say('why is C-1 flagged bad?');
    const [next] = await conversation.say('and how many attempts remain?');
    expect(next.text).to.contain('**C-1**');
  });

  it('summarises a paused campaign: why, what to do, breakdown, bad-flag share', async () => {
    const [reply] = await chat().say('why is Alpha Renewals paused?');
    expect(reply.text).to.contain('**Alpha Renewals** is **Paused**');
    expect(reply.text).to.contain('ran out of minutes**. **What to do:** add minutes, then click Resume');
    expect(reply.text).to.contain('4 contacts');
    expect(reply.text).to.contain('**1 of 4 (25%)** are flagged bad');
    const card = cardOf(reply) as { body: unknown[] };
    expect(JSON.stringify(card)).to.contain('ColumnSet');
  });

  it('matches campaign names fuzzily, accents or not, and asks which campaign when none is named', async () => {
    const [fuzzy] = await chat('es-ES').say('¿cómo va cobranza veta?');
    expect(fuzzy.text).to.contain('**Cobranza Beta** está **En curso**');
    const [which] = await chat().say('how is the campaign doing?');
    expect(buttonsOf(which)).to.include.members(['Alpha Renewals', 'Cobranza Beta', 'Finished Gamma']);
  });

  it('applies the weekly analysis to a campaign: which critical statuses stand out, with figures and the guide action', async () => {
    const [reply] = await chat().say('what should we improve in Cobranza Beta?');
    expect(reply.text).to.contain('Applying the weekly status analysis to **Cobranza Beta**');
    expect(reply.text).to.contain('**Incorrect number: 50%**');
    expect(reply.text).to.match(/\*\*IVR[^*]*: 50%\*\*/);
  });
});
