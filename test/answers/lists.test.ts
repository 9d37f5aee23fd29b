import { expect } from 'chai';
import type { BotServices } from '../../src/app';
import { ExportLinks } from '../../src/access/exportLinks';
import { buttonsOf, buttonValuesOf, cardOf, startConversation, testBot } from '../helpers/botHarness';
import { openListStore, tableIds } from './listHelpers';

describe('contact and campaign lists from campaign data', () => {
  let services: BotServices;
  let close: () => Promise<void>;

  before(async () => {
    const opened = await openListStore('lists-');
    close = opened.close;
    services = testBot({ store: opened.store, campaigns: opened.campaigns, links: new ExportLinks('test-secret', 'http://bot.example') });
  });
  after(() => close());

  const chat = (locale = 'en-US', channelId = 'test') => startConversation({ services, locale, channelId });

  it('lists a campaign\'s flagged contacts: how many of how many, a table with masked phones, the action and a CSV link', async () => {
    const [reply] = await chat().say('which contacts in Alpha Renewals are flagged bad?');
    expect(reply.text).to.match(/^\*\*1 of 4\*\* contacts in \*\*Alpha Renewals\*\* is flagged bad\./);
    expect(reply.text).to.contain('C-1').and.to.contain('••• 0001').and.not.to.contain('010-0001');
    expect(reply.text).to.contain('What to do with this contact:');
    expect(reply.text).to.contain('http://bot.example/api/lists/export.csv?g=');
    expect(tableIds(reply)).to.deep.equal(['C-1']);
    const card = JSON.stringify(cardOf(reply));
    expect(card).to.contain('"type":"Table"').and.to.contain('Download CSV').and.to.contain('2 of 3');
  });

  it('orders flagged contacts by the most unreachable calls, then the oldest last attempt, and pages through them', async () => {
    const conversation = chat();
    const [first] = await conversation.say('which contacts in Delta Paging are flagged bad?');
    expect(first.text).to.match(/^\*\*23 of 24\*\* contacts in \*\*Delta Paging\*\* are flagged bad \(96%\)\./);
    const ids = tableIds(first);
    expect(ids).to.have.length(10);
    // both with 3 unreachable calls: D-17's last attempt (Mar 12) is older than D-05's (Mar 15)
    expect(ids.slice(0, 2)).to.deep.equal(['D-17', 'D-05']);
    // D-15 (day 10) is the oldest last attempt among the rest
    expect(ids[2]).to.equal('D-15');
    expect(buttonsOf(first)).to.include('Show 10 more');
    const [second] = await conversation.say('Show 10 more');
    expect(second.text).to.contain('Showing 11–20 of 23');
    const secondIds = tableIds(second);
    expect(secondIds).to.have.length(10);
    expect(secondIds.filter((id) => ids.includes(id))).to.deep.equal([]);
    const [third] = await conversation.say('show 10 more');
    expect(tableIds(third)).to.have.length(3);
    expect(buttonsOf(third)).to.not.include('Show 10 more');
    const [end] = await conversation.say('Show 10 more');
    expect(end.text).to.contain("That's the end of the list");
  });

  it('opens a contact from the list by its place ("the second one") or its id', async () => {
    const conversation = chat();
    await conversation.say('which contacts in Delta Paging are flagged bad?');
    const [second] = await conversation.say('the second one');
    expect(second.text).to.contain('**Yes: D-05**');
    await conversation.say('which contacts in Delta Paging are flagged bad?');
    const [byId] = await conversation.say('D-17');
    expect(byId.text).to.contain('**Yes: D-17**');
  });

  it('lists in Spanish: contacts with no attempts left', async () => {
    const [reply] = await chat('es-ES').say('contactos sin intentos restantes en Alpha Renewals');
    expect(reply.text).to.match(/^\*\*1 de 4\*\* contactos de \*\*Alpha Renewals\*\* está sin intentos restantes\./);
    expect(tableIds(reply)).to.deep.equal(['C-2']);
    expect(JSON.stringify(cardOf(reply))).to.contain('Descargar CSV');
  });

  it('lists contacts in a current status, and the never called across every campaign', async () => {
    const [busy] = await chat().say('contacts in Busy in Finished Gamma');
    expect(tableIds(busy)).to.deep.equal(['C-6']);
    const [never] = await chat().say("who hasn't been called yet");
    expect(tableIds(never)).to.deep.equal(['C-3', 'C-7', 'D-24']);
  });

  it('says when nothing matches and offers the nearest useful list', async () => {
    const [reply] = await chat().say('which contacts in Cobranza Beta are flagged bad?');
    expect(reply.text).to.contain('No contact in **Cobranza Beta** is flagged bad');
    expect(buttonsOf(reply)).to.include('Contacts with no attempts left in Cobranza Beta');
  });

  it('answers an unknown campaign with the closest names', async () => {
    const [reply] = await chat().say('which contacts in Alpha Renewels Two are flagged bad?');
    // the recognizer reads the typo as Alpha Renewals; a name like none gets the closest ones
    expect(reply.text).to.match(/flagged bad|couldn't find/);
    const [unknown] = await chat().say('which contacts in Zeta Promo are flagged bad?');
    expect(unknown.text).to.contain("I couldn't find that campaign");
    expect(buttonValuesOf(unknown)[0]).to.match(/^Contacts flagged bad in /);
  });

  it('lists campaigns by status in both languages, with the pause reason and the paused ones\' action', async () => {
    const [paused] = await chat().say('which campaigns are paused?');
    expect(paused.text).to.match(/^1 campaign is Paused: \*\*Alpha Renewals\*\*\./);
    expect(paused.text).to.contain('out of minutes').and.to.contain('add minutes');
    const [running] = await chat('es-ES').say('¿qué campañas están en curso?');
    expect(running.text).to.match(/^2 campañas tienen el estado En curso:/);
    expect(running.text).to.contain('Cobranza Beta').and.to.contain('Delta Paging').and.not.to.contain('Alpha Renewals');
  });

  it('ranks campaigns by what was asked', async () => {
    const [reply] = await chat().say('which campaign has the most failed calls?');
    expect(reply.text).to.match(/^\*\*Finished Gamma\*\* has the highest Failed/);
    const [all] = await chat().say('how are my campaigns doing?');
    expect(all.text).to.contain('Your 4 campaigns');
  });

  it('follows up on a campaign answer: the bad ones, what to do, the same about another campaign', async () => {
    const conversation = chat();
    await conversation.say('how is Delta Paging doing?');
    const [bad] = await conversation.say('and the bad ones?');
    expect(bad.text).to.match(/^\*\*23 of 24\*\* contacts in \*\*Delta Paging\*\*/);
    const [other] = await conversation.say('and in Alpha Renewals?');
    expect(other.text).to.match(/^\*\*1 of 4\*\* contacts in \*\*Alpha Renewals\*\* is flagged bad/);
    const spanish = chat('es-ES');
    await spanish.say('¿cómo va Alpha Renewals?');
    const [todo] = await spanish.say('¿y qué debo hacer?');
    expect(todo.text?.toLowerCase()).to.contain('reanudar');
  });

  it('reads once where cards show: the lead sentence above the card, the whole text elsewhere, a useful preview', async () => {
    const [webchat] = await chat('en-US', 'webchat').say('which contacts in Alpha Renewals are flagged bad?');
    expect(webchat.text).to.equal('**1 of 4** contacts in **Alpha Renewals** is flagged bad.');
    expect(webchat.summary).to.equal('1 of 4 contacts in Alpha Renewals is flagged bad.');
    expect(tableIds(webchat)).to.deep.equal(['C-1']);
    const [textOnly] = await chat('en-US', 'webchat').say('which contacts in Alpha Renewals are flagged bad?', { channelData: { textOnly: true } });
    expect(textOnly.text).to.contain('What to do');
  });
});
