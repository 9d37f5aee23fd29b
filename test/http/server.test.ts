import { expect } from 'chai';
import { emptyInputAnswer } from '../../src/core/answers/generalAnswers';
import type { RunningServer } from '../../src/server';
import { messageActivity, postActivity, startTestServer } from '../helpers/httpServer';

describe('the HTTP server (real restify + CloudAdapter, expectReplies)', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('reports health', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers a question in the HTTP response, after the RecognizerResult trace on the Emulator', async () => {
    const { status, activities } = await postActivity(server.url, messageActivity('what does bussy mean?'));
    expect(status).to.equal(200);
    const [trace, reply] = activities;
    expect(trace).to.include({ type: 'trace', name: 'RecognizerResult', label: 'Recognizer', valueType: 'https://www.botframework.com/schemas/recognizerResult' });
    const value = trace.value as { text: string; language: string; intents: Record<string, { score: number }>; entities: Record<string, string[]> };
    expect(value.text).to.equal('what does bussy mean?');
    expect(value.language).to.equal('en');
    const top = Object.entries(value.intents).sort((a, b) => b[1].score - a[1].score)[0];
    expect(top[0]).to.equal('status.explain');
    expect(value.entities.status).to.deep.equal(['busy']);
    expect(value.entities).to.have.keys('status', 'contact', 'phone', 'campaign');
    expect(reply.type).to.equal('message');
    expect(reply.text).to.contain('**Busy**');
    expect(reply.attachments?.[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
  });

  it('reports contact and campaign entities in the trace', async () => {
    const { activities } = await postActivity(server.url, messageActivity('why is C-1042 flagged bad in Spring Renewals?'));
    const value = activities[0].value as { entities: Record<string, string[]> };
    expect(value.entities.contact).to.deep.equal(['C-1042']);
  });

  it('sends no trace on other channels', async () => {
    const { activities } = await postActivity(server.url, messageActivity('¿qué significa sin respuesta?', { channelId: 'webchat', locale: 'es-ES' }));
    expect(activities.map((a) => a.type)).to.deep.equal(['message']);
    expect(activities[0].text).to.contain('**Sin respuesta**');
  });

  it('keeps the conversation between requests (follow-up over HTTP)', async () => {
    const first = messageActivity('what is IVR?', { channelId: 'webchat' });
    await postActivity(server.url, first);
    const { activities } = await postActivity(server.url, messageActivity('and what should I do?', { channelId: 'webchat', conversation: first.conversation, from: first.from }));
    expect(activities[0].text).to.contain('what to do:');
  });

  it('answers malformed JSON, non-activities and wrong content types with a 4xx', async () => {
    expect((await postActivity(server.url, '{"type": "message", ')).status).to.equal(400);
    for (const body of ['[]', '42', '"text"', 'null', '{}']) {
      const { status } = await postActivity(server.url, body);
      expect(status, body).to.be.within(400, 499);
    }
    const plain = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(plain.status).to.be.within(400, 499);
  });

  it('refuses bodies over 256 KB with 413', async () => {
    const { status } = await postActivity(server.url, messageActivity('x'.repeat(300 * 1024)));
    expect(status).to.equal(413);
  });

  it('answers an over-long message politely instead of reading it', async () => {
    const { status, activities } = await postActivity(server.url, messageActivity('what does busy mean '.repeat(200)));
    expect(status).to.equal(200);
    expect(activities.find((a) => a.type === 'message')?.text).to.contain('too long');
  });

  it('takes odd activity types without a 5xx', async () => {
    for (const type of ['typing', 'event', 'invoke', 'messageReaction', 'endOfConversation', 'conversationUpdate', 'bogus']) {
      const { status } = await postActivity(server.url, messageActivity('', { type, name: 'some/thing' }));
      expect(status, type).to.be.within(200, 499);
    }
  });

  it('takes wrong field types and odd text without a 5xx', async () => {
    const odd: unknown[] = [
      messageActivity('\u0000\u0001\u0002 ¿‽ 👍🏽 \ud83d'),
      { ...messageActivity('hi'), text: 42 },
      { ...messageActivity('hi'), locale: 12 },
      { ...messageActivity('hi'), from: null },
      { ...messageActivity('hi'), value: { deeply: { nested: [1, { x: null }] } }, text: undefined },
      { ...messageActivity('<script>alert(1)</script> what is busy') },
    ];
    for (const body of odd) {
      const { status } = await postActivity(server.url, body);
      expect(status, JSON.stringify(body).slice(0, 80)).to.be.within(200, 499);
    }
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
  });

  it('answers a Teams message whose text is no string as an empty one, not with the apology (the @mention step read it)', async () => {
    const body = {
      ...messageActivity('hi', { channelId: 'msteams', conversation: { id: 'teams-odd-text', conversationType: 'personal' } as never }),
      text: 42,
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'Bot' }, text: '<at>Bot</at>' }],
    };
    const { status, activities } = await postActivity(server.url, body);
    expect(status).to.equal(200);
    expect(activities.filter((a) => a.type === 'message').map((a) => a.text)).to.deep.equal([emptyInputAnswer('en').text]);
  });
});
