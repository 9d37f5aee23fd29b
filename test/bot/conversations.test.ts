import { expect } from 'chai';
import { buttonsOf, buttonValuesOf, cardOf, startConversation } from '../helpers/botHarness';

describe('conversations with the bot (botbuilder TestAdapter)', () => {
  it('explains a status with a 1.5 card, a plain-text summary and next-question buttons', async () => {
    const chat = startConversation();
    const [reply] = await chat.say('what does Busy mean and what should I do?');
    expect(reply.text).to.contain('**Busy**').and.to.contain('What to do:');
    const card = cardOf(reply);
    expect(card).to.include({ type: 'AdaptiveCard', version: '1.5' });
    expect(JSON.stringify(card)).to.contain('Recommended action').and.to.contain('Smart persistence');
    expect(buttonsOf(reply)).to.include.members(['What should I do?', 'Related statuses', 'En español']);
  });

  it('answers in Spanish with the Spanish guide terms', async () => {
    const chat = startConversation({ locale: 'es-MX' });
    const [reply] = await chat.say('¿qué significa número incorrecto?');
    expect(reply.text).to.contain('**Número incorrecto**').and.to.contain('Qué hacer:');
    expect(JSON.stringify(cardOf(reply))).to.contain('Acción recomendada');
    expect(buttonsOf(reply)).to.include.members(['¿Qué debo hacer?', 'Estados relacionados', 'In English']);
  });

  it('reads Planned on a call as the call state New, in both languages, and on a campaign as the campaign status', async () => {
    const [onCall] = await startConversation().say('a call shows Planned in the report, what is that?');
    expect(onCall.text).to.match(/^On a call, \*\*Planned\*\* is the state this guide calls \*\*New\*\*\./);
    expect(onCall.text).to.contain('**New** (Call state)');
    const [enLlamada] = await startConversation({ locale: 'es-MX' }).say('la llamada aparece como planificada, ¿qué es?');
    expect(enLlamada.text).to.match(/^En una llamada, \*\*Planificada\*\* es el estado que esta guía llama \*\*Nueva\*\*\./);
    const [onCampaign] = await startConversation().say('the campaign shows Planned, what is that?');
    expect(onCampaign.text).to.match(/^\*\*Planned\*\* \(Campaign status\)/);
  });

  it('asks which status a new question means instead of repeating the last one', async () => {
    const chat = startConversation();
    await chat.say('what is IVR?');
    const [reply] = await chat.say('explain a status to me');
    expect(reply.text).to.not.contain('**IVR');
    expect(reply.text).to.contain('Which status do you mean?');
  });

  it('keeps context for follow-ups in both languages', async () => {
    const chat = startConversation();
    await chat.say('what is IVR?');
    const [action] = await chat.say('and what should I do?');
    expect(action.text).to.match(/^\*\*IVR[^*]*— what to do:\*\*/);
    const [related] = await chat.say('related statuses');
    expect(related.text).to.contain('Statuses related to **IVR');
    expect(buttonValuesOf(related).length).to.equal(3);

    const spanish = startConversation({ locale: 'es-ES' });
    await spanish.say('qué es ocupado');
    const [hago] = await spanish.say('¿y qué hago?');
    expect(hago.text).to.contain('**Ocupado — qué hacer:**');
  });

  it('asks which status when a follow-up has nothing to follow', async () => {
    const chat = startConversation();
    const [reply] = await chat.say('and what should I do?');
    expect(reply.text).to.contain('Which status do you mean?');
    expect(buttonsOf(reply)).to.include('Busy');
  });

  it('asks which one for "planned", then answers the pick, in either language', async () => {
    const chat = startConversation();
    const [question] = await chat.say('what does planned mean?');
    expect(question.text).to.contain('"planned" can mean more than one thing');
    const options = buttonsOf(question);
    expect(options).to.have.length(2);
    const campaignOption = options.find((o) => o.includes('Campaign status'));
    expect(campaignOption).to.be.a('string');
    const [answer] = await chat.say(campaignOption as string);
    expect(answer.text).to.contain('**Planned** (Campaign status)');

    const spanish = startConversation({ locale: 'es-ES' });
    const [pregunta] = await spanish.say('qué significa programada');
    expect(pregunta.text).to.contain('¿Cuál quieres decir?');
    const [respuesta] = await spanish.say('la segunda');
    expect(respuesta.text).to.match(/^\*\*\w+/);
  });

  it('lets a new question interrupt a clarification, and asks again after an unclear reply', async () => {
    const chat = startConversation();
    await chat.say('planned');
    const [answer] = await chat.say('what does IVR mean?');
    expect(answer.text).to.contain('**IVR');

    await chat.say('planned');
    const [again] = await chat.say('hmm not sure');
    expect(again.text).to.contain("didn't catch which one");
    expect(buttonsOf(again)).to.have.length(2);
    const [picked] = await chat.say('1');
    expect(picked.text).to.match(/^\*\*(New|Planned)\*\*/);
  });

  it('switches language on request, remembers it for the user, and repeats the last answer in it', async () => {
    const chat = startConversation();
    await chat.say('what does busy mean');
    const replies = await chat.say('answer in Spanish');
    expect(replies[0].text).to.contain('te respondo en español');
    expect(replies[1].text).to.contain('**Ocupado**');
    const [next] = await chat.say('what is IVR?');
    expect(next.text).to.contain('Qué hacer:');
    const [back] = await chat.say('en inglés por favor');
    expect(back.text).to.contain("I'll answer in English");
  });

  it('lists the statuses grouped by kind', async () => {
    const [reply] = await startConversation().say('list all statuses');
    expect(reply.text).to.contain('**Call states:**').and.to.contain('**Campaign statuses:**').and.to.contain('**Call-result settings and categories:**');
    const card = JSON.stringify(cardOf(reply));
    expect(card).to.contain('No response').and.to.contain('Plan limit exceeded');
  });

  it('answers out-of-scope questions with what it can do and the two closest topics', async () => {
    const [reply] = await startConversation().say("I'm busy tonight");
    expect(reply.text).to.contain("I can't help with that").and.to.contain('Did you mean');
    expect(buttonsOf(reply)[0]).to.equal('Busy');
    const [es] = await startConversation({ locale: 'es-ES' }).say('pide una pizza para la oficina');
    expect(es.text).to.contain('no puedo ayudarte');
  });

  it('gives help, the weekly routine, and a polite answer for contact and campaign questions when no campaign data is connected', async () => {
    const chat = startConversation();
    expect((await chat.say('what can you do?'))[0].text).to.contain('I explain call and campaign statuses');
    const [weekly] = await chat.say('how should I do the weekly status analysis?');
    expect(JSON.stringify(cardOf(weekly))).to.contain('By critical status');
    const [contact] = await chat.say('why is contact C-1042 flagged bad?');
    expect(contact.text).to.contain('no campaign data is connected');
    const [campaign] = await startConversation({ locale: 'es-ES' }).say('¿por qué está pausada Cobranza Marzo?');
    expect(campaign.text).to.contain('no tengo datos de campañas');
  });

  it('welcomes new members in their language', async () => {
    const chat = startConversation({ locale: 'es-ES' });
    const [welcome] = await chat.send({ type: 'conversationUpdate', membersAdded: [{ id: 'someone', name: 'Ana' }] });
    expect(welcome.text).to.contain('¡Hola! Soy la guía');
  });

  it('answers empty, whitespace, mention-only, too long and attachment-only messages politely', async () => {
    const chat = startConversation();
    expect((await chat.say(''))[0].text).to.contain('looks empty');
    expect((await chat.say('   \n\t '))[0].text).to.contain('looks empty');
    expect((await chat.say('<at>Status Bot</at>'))[0].text).to.contain('looks empty');
    expect((await chat.say('a'.repeat(2001)))[0].text).to.contain('too long');
    const [image] = await chat.send({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/x.png' }] });
    expect(image.text).to.contain('only read text');
    const [es] = await startConversation({ locale: 'es-ES' }).say('x'.repeat(5000));
    expect(es.text).to.contain('demasiado largo');
  });

  it('asks a user who sends too fast to slow down, once, instead of working', async () => {
    const chat = startConversation();
    for (let i = 0; i < 20; i++) expect((await chat.say('what is busy?'))[0].text, `message ${i + 1}`).to.contain('**Busy**');
    const [slowDown] = await chat.say('what is busy?');
    expect(slowDown.text).to.contain('faster than I can answer');
    expect(await chat.say('what is busy?')).to.deep.equal([]);
  });

  it('reads a card button posted back as a value (Web Chat Action.Submit)', async () => {
    const [reply] = await startConversation().send({ type: 'message', value: { text: 'What does No response mean?' } });
    expect(reply.text).to.contain('**No response**');
  });

  it('ignores other activity types without replying or failing', async () => {
    const chat = startConversation();
    for (const type of ['typing', 'event', 'messageReaction', 'endOfConversation', 'installationUpdate', 'somethingNew']) {
      expect(await chat.send({ type, name: 'x' }), type).to.deep.equal([]);
    }
  });

  it('on Teams outside personal chats, puts buttons on a card (never suggested actions), six at most', async () => {
    const chat = startConversation({ channelId: 'msteams' });
    const channel = { id: 'team-channel-1', isGroup: true, conversationType: 'channel', name: 'General' };
    const [hello] = await chat.send({ type: 'message', text: 'hello', conversation: channel });
    expect(hello.suggestedActions).to.equal(undefined);
    const actions = (cardOf(hello) as { actions?: unknown[] }).actions ?? [];
    expect(actions.length).to.be.greaterThan(0);
    const [many] = await chat.send({ type: 'message', text: 'busy, no answer, voicemail, wrong number and fax: what are they?', conversation: channel });
    expect((cardOf(many) as { actions: unknown[] }).actions.length).to.be.at.most(6);
  });

  it('strips the bot mention on Teams, so a channel message is understood', async () => {
    const chat = startConversation({ channelId: 'msteams' });
    const [reply] = await chat.send({
      type: 'message',
      text: '<at>Status Bot</at> what does busy mean',
      entities: [{ type: 'mention', text: '<at>Status Bot</at>', mentioned: { id: 'bot', name: 'Status Bot' } }],
    });
    expect(reply.text).to.contain('**Busy**');
    const card = cardOf(reply) as { actions?: { data: { msteams: { type: string } } }[] };
    expect(card.actions?.[0].data.msteams.type).to.equal('imBack');
    expect(reply.suggestedActions).to.equal(undefined);
  });
});
