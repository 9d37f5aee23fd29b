import type { Activity, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { TokenService } from '../../src/channels/directLine/tokens';
import type { RunningServer } from '../../src/server';
import {
  call,
  newConversation,
  poll,
  pollUntil,
  postActivity,
  startDirectLineServer,
  StreamClient,
  upgradeStatus,
  userMessage,
  type ConversationInfo,
  type WebChatToken,
} from '../helpers/directLineClient';
import { startTestServer } from '../helpers/httpServer';
import { captureLogs } from '../helpers/logCapture';

const SECRET = 'direct-line-test-secret-0123456789';

const isMessage = (a: Activity): boolean => a.type === 'message';
const fromBot = (a: Activity): boolean => a.from?.role === 'bot';
const seqOf = (a: Activity): number => Number(String(a.id).split('|')[1]);

/** The claims of a token, read without checking its signature (the server checks it). */
function decodeJwt(token: string): { sub?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub?: string };
}

describe('Direct Line (real server, real HTTP and WebSockets)', () => {
  let server: RunningServer;
  let url: string;
  const streams: StreamClient[] = [];
  const open = async (streamUrl: string): Promise<StreamClient> => {
    const stream = await StreamClient.open(streamUrl);
    streams.push(stream);
    return stream;
  };

  before(async () => {
    const saved = process.env.DIRECTLINE_SECRET;
    process.env.DIRECTLINE_SECRET = SECRET;
    try {
      server = await startTestServer();
    } finally {
      if (saved === undefined) delete process.env.DIRECTLINE_SECRET;
      else process.env.DIRECTLINE_SECRET = saved;
    }
    url = server.url;
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  after(async () => {
    await server.close();
  });

  describe('conversations and tokens', () => {
    it('creates a conversation from the page endpoint with a 30-minute token for it and a user', async () => {
      const { status, body } = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: 'en-US' } });
      expect(status).to.equal(200);
      expect(body.conversationId).to.be.a('string').and.not.empty;
      expect(body.userId).to.match(/^dl_/);
      expect(body.expires_in).to.equal(1800);
      const claims = jwt.verify(body.token, SECRET) as jwt.JwtPayload;
      expect(claims).to.include({ conv: body.conversationId, sub: body.userId, user: body.userId });
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).to.equal(1800);
    });

    it("keeps the page's visitor key as the user across conversations, prefixed, and ignores one that is not a key", async () => {
      const visitor = 'a'.repeat(16) + '0123456789abcdef';
      const first = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: 'en-US', visitor } });
      const second = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: 'en-US', visitor } });
      expect(first.body.userId).to.equal(`visitor-${visitor}`);
      expect(second.body.userId).to.equal(first.body.userId);
      expect(second.body.conversationId).to.not.equal(first.body.conversationId);
      for (const bad of ['ana@contoso.com', 'A'.repeat(32), `${visitor}0`, 42, { id: visitor }]) {
        const { body } = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: 'en-US', visitor: bad } });
        expect(body.userId, JSON.stringify(bad)).to.match(/^dl_/);
      }
    });

    it('starts the conversation with a stream URL on our own server, and welcomes the user once, in the page locale', async () => {
      const { body: created } = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: 'es-MX' } });
      // Web Chat posts its start properties form-encoded (RxJS's default).
      const first = await call<ConversationInfo>(url, 'POST', '/v3/directline/conversations', { token: created.token, body: 'locale=es-MX', contentType: 'application/x-www-form-urlencoded' });
      expect(first.status).to.equal(201);
      expect(first.body.conversationId).to.equal(created.conversationId);
      expect(first.body.streamUrl).to.match(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${created.conversationId}/stream\\?t=`));
      const again = await call<ConversationInfo>(url, 'POST', '/v3/directline/conversations', { token: created.token });
      expect(again.status).to.equal(200);

      const stream = await open(first.body.streamUrl);
      const welcome = await stream.waitFor(isMessage);
      expect(welcome.text).to.contain('¡Hola!');
      expect(welcome.from).to.include({ role: 'bot' });
      expect(welcome.recipient?.id).to.equal(created.userId);
      // a second welcome would be on the stream before the answer to a message posted after the second start
      const later = await postActivity(url, { conversationId: created.conversationId, token: created.token }, userMessage('gracias'));
      await stream.waitFor((a) => fromBot(a) && a.replyToId === later.body.id);
      expect(stream.activities.filter((a) => a.text?.includes('¡Hola!'))).to.have.length(1);
    });

    it('refreshes a token: the new one opens the same conversation as the same user', async () => {
      const conversation = await newConversation(url);
      const { status, body } = await call<{ token: string; conversationId: string; expires_in: number }>(url, 'POST', '/v3/directline/tokens/refresh', { token: conversation.token });
      expect(status).to.equal(200);
      expect(body.conversationId).to.equal(conversation.conversationId);
      expect(body.expires_in).to.equal(1800);
      expect((jwt.decode(body.token) as jwt.JwtPayload).sub).to.equal(conversation.userId);
      const polled = await poll(url, { conversationId: conversation.conversationId, token: body.token });
      expect(polled.status).to.equal(200);
    });

    it('generates tokens and starts conversations with the secret, and refuses generate without it', async () => {
      expect((await call(url, 'POST', '/v3/directline/tokens/generate')).status).to.equal(401);
      expect((await call(url, 'POST', '/v3/directline/tokens/generate', { token: 'not-the-secret' })).status).to.equal(401);
      const generated = await call<{ conversationId: string; token: string }>(url, 'POST', '/v3/directline/tokens/generate', { token: SECRET });
      expect(generated.status).to.equal(200);
      expect((await poll(url, generated.body)).status).to.equal(200);
      const named = await call<{ token: string }>(url, 'POST', '/v3/directline/tokens/generate', { token: SECRET, body: { user: { id: 'ana@contoso.com' } } });
      expect(decodeJwt(named.body.token).sub).to.equal('ana@contoso.com');
      const junk = await call<{ token: string }>(url, 'POST', '/v3/directline/tokens/generate', { token: SECRET, body: { user: { id: 'x'.repeat(500) } } });
      expect(decodeJwt(junk.body.token).sub).to.match(/^dl_/);
      const started = await call<ConversationInfo>(url, 'POST', '/v3/directline/conversations', { token: SECRET, body: { locale: 'es-ES' } });
      expect(started.status).to.equal(201);
      const welcome = await pollUntil(url, started.body, isMessage);
      expect(welcome.text).to.contain('¡Hola!');
    });
  });

  describe('activities', () => {
    it('echoes the user activity with its clientActivityID, as the token user, and the answer arrives over the socket', async () => {
      const conversation = await newConversation(url);
      const stream = await open(conversation.streamUrl);
      await stream.waitFor(isMessage);
      const posted = userMessage('what does busy mean?');
      const { status, body } = await postActivity(url, conversation, posted);
      expect(status).to.equal(200);

      const echo = await stream.waitFor((a) => a.id === body.id);
      expect(echo.channelData).to.deep.equal(posted.channelData);
      expect(echo).to.include({ type: 'message', text: 'what does busy mean?', channelId: 'webchat', serviceUrl: url, locale: 'en-US' });
      expect(echo.from).to.include({ id: conversation.userId, role: 'user' });
      expect(echo.conversation.id).to.equal(conversation.conversationId);
      expect(echo.id).to.match(new RegExp(`^${conversation.conversationId}\\|\\d{7}$`));

      const answer = await stream.waitFor((a) => fromBot(a) && a.replyToId === echo.id);
      expect(answer.text).to.contain('**Busy**');
      expect(answer.attachments?.[0].contentType).to.equal('application/vnd.microsoft.card.adaptive');
      expect(answer.suggestedActions?.actions.length).to.be.greaterThan(0);
      expect(seqOf(answer)).to.be.greaterThan(seqOf(echo));
    });

    it('gives the bot the channel, the user, the conversation, our serviceUrl and the page locale', async () => {
      const seen: Activity[] = [];
      const spy = await startDirectLineServer({ run: async (context: TurnContext) => void seen.push(context.activity) });
      try {
        const conversation = await newConversation(spy.url, 'es-MX');
        await postActivity(spy.url, conversation, userMessage('hola', { locale: undefined }));
        await spy.channel.adapter.idle();
        const [update, message] = seen;
        expect(update.type).to.equal('conversationUpdate');
        expect(update.membersAdded?.map((m) => m.id)).to.deep.equal([conversation.userId]);
        for (const activity of [update, message]) {
          expect(activity).to.include({ channelId: 'webchat', serviceUrl: spy.url, locale: 'es-MX' });
          expect(activity.from.id).to.equal(conversation.userId);
          expect(activity.conversation.id).to.equal(conversation.conversationId);
        }
      } finally {
        await spy.close();
      }
    });

    it('answers over polling too, with increasing watermarks', async () => {
      const conversation = await newConversation(url, 'es-ES');
      await pollUntil(url, conversation, isMessage);
      const before = await poll(url, conversation);
      const mark = before.body.watermark;
      expect(mark).to.match(/^\d+$/);

      const { body } = await postActivity(url, conversation, userMessage('¿qué significa número incorrecto?', { locale: 'es-ES' }));
      const answer = await pollUntil(url, conversation, (a) => a.replyToId === body.id);
      expect(answer.text).to.contain('**Número incorrecto**');

      const after = await poll(url, conversation, mark);
      expect(after.body.activities.map((a) => a.id)).to.deep.equal([body.id, answer.id]);
      expect(Number(after.body.watermark)).to.equal(seqOf(answer)).and.to.be.greaterThan(Number(mark));
      const nothingNew = await poll(url, conversation, after.body.watermark);
      expect(nothingNew.body.activities).to.deep.equal([]);
      expect(nothingNew.body.watermark).to.equal(after.body.watermark);
    });

    it('sends the backlog when a socket connects (all of it, or after its watermark)', async () => {
      const conversation = await newConversation(url);
      const { body } = await postActivity(url, conversation, userMessage('what is IVR?'));
      const answer = await pollUntil(url, conversation, (a) => a.replyToId === body.id);

      const late = await open(conversation.streamUrl);
      await late.waitFor((a) => a.id === answer.id);
      expect(late.groups[0].activities.map((a) => a.id)).to.include.members([body.id, answer.id]);
      expect(late.groups[0].watermark).to.equal(String(seqOf(answer)));

      const resumed = await call<ConversationInfo>(url, 'GET', `/v3/directline/conversations/${conversation.conversationId}?watermark=${seqOf(answer) - 1}`, { token: conversation.token });
      expect(resumed.status).to.equal(200);
      expect(resumed.body.streamUrl).to.contain(`watermark=${seqOf(answer) - 1}`);
      const partial = await open(resumed.body.streamUrl);
      await partial.waitFor((a) => a.id === answer.id);
      expect(partial.groups[0].activities.map((a) => a.id)).to.deep.equal([answer.id]);
    });

    it('loses nothing when the socket drops mid-reply: the client reconnects with its watermark and gets the rest', async () => {
      const conversation = await newConversation(url);
      const first = await open(conversation.streamUrl);
      await first.waitFor(isMessage);
      const watermark = first.watermark;
      const { body } = await postActivity(url, conversation, userMessage('list all statuses'));
      first.drop();

      const resumed = await call<ConversationInfo>(url, 'GET', `/v3/directline/conversations/${conversation.conversationId}?watermark=${watermark}`, { token: conversation.token });
      const second = await open(resumed.body.streamUrl);
      const answer = await second.waitFor((a) => a.replyToId === body.id);
      const seen = [...first.activities, ...second.activities].map((a) => a.id);
      expect(seen).to.include.members([body.id, answer.id]);
      expect(new Set(second.activities.map((a) => a.id)).size).to.equal(second.activities.length);
      expect(second.activities.every((a) => seqOf(a) > Number(watermark))).to.equal(true);
      const log = await poll(url, conversation);
      expect(log.body.activities.map((a) => a.id)).to.include.members([body.id, answer.id]);
    });

    it('never shows one conversation the activities of another', async () => {
      const one = await newConversation(url);
      const two = await newConversation(url);
      const streamOne = await open(one.streamUrl);
      const streamTwo = await open(two.streamUrl);
      const { body } = await postActivity(url, one, userMessage('what does failed mean?'));
      await streamOne.waitFor((a) => a.replyToId === body.id);
      await postActivity(url, two, userMessage('help'));
      await streamTwo.waitFor((a) => fromBot(a) && a.replyToId !== undefined);
      for (const [stream, conversation] of [[streamOne, one], [streamTwo, two]] as const) {
        expect(stream.activities.every((a) => a.conversation.id === conversation.conversationId)).to.equal(true);
      }
      const polledTwo = await poll(url, two);
      expect(polledTwo.body.activities.some((a) => a.text === 'what does failed mean?')).to.equal(false);
      expect(polledTwo.body.activities.every((a) => a.conversation.id === two.conversationId)).to.equal(true);
    });

    it('handles the language switch event: answers in the new language and remembers it', async () => {
      const conversation = await newConversation(url);
      const { body } = await postActivity(url, conversation, { type: 'event', name: 'webchat/language', value: 'es', channelData: { clientActivityID: 'switch-1' } });
      const confirmed = await pollUntil(url, conversation, (a) => a.replyToId === body.id);
      expect(confirmed.text).to.equal('Claro: desde ahora te respondo en español.');
      expect(confirmed.locale).to.equal('es');
      const { body: asked } = await postActivity(url, conversation, userMessage('what does busy mean?'));
      const answer = await pollUntil(url, conversation, (a) => a.replyToId === asked.id);
      expect(answer.text).to.contain('**Ocupado**');
    });

    it('passes typing on without adding it to the transcript', async () => {
      const conversation = await newConversation(url);
      const { status } = await postActivity(url, conversation, { type: 'typing' });
      expect(status).to.equal(200);
      const { body } = await poll(url, conversation);
      expect(body.activities.some((a) => a.type === 'typing')).to.equal(false);
    });
  });

  describe('bad tokens and bad input get a 4xx', () => {
    let conversation: WebChatToken & { streamUrl: string };
    let other: WebChatToken & { streamUrl: string };
    before(async () => {
      conversation = await newConversation(url);
      other = await newConversation(url);
    });

    it('401 without a token, with a forged one and with an expired one (HTTP and WebSocket)', async () => {
      const path = `/v3/directline/conversations/${conversation.conversationId}/activities`;
      const forged = new TokenService('someone-else').issue(conversation.conversationId, conversation.userId).token;
      const expired = new TokenService(SECRET, -60).issue(conversation.conversationId, conversation.userId).token;
      const unsigned = jwt.sign({ conv: conversation.conversationId, sub: conversation.userId }, '', { algorithm: 'none' });
      expect((await call(url, 'GET', path)).status).to.equal(401);
      for (const token of [forged, expired, unsigned, 'garbage']) {
        expect((await call(url, 'GET', path, { token })).status, token).to.equal(401);
        expect((await call(url, 'POST', path, { token, body: userMessage('hi') })).status).to.equal(401);
        expect((await call(url, 'POST', '/v3/directline/tokens/refresh', { token })).status).to.equal(401);
        expect(await upgradeStatus(conversation.streamUrl.replace(/t=[^&]+/, `t=${token}`))).to.equal(401);
      }
      const expiredBody = await call<{ error: { code: string } }>(url, 'GET', path, { token: expired });
      expect(expiredBody.body.error.code).to.equal('TokenExpired');
    });

    it("403 with another conversation's token (HTTP and WebSocket)", async () => {
      const path = `/v3/directline/conversations/${conversation.conversationId}`;
      expect((await call(url, 'GET', `${path}/activities`, { token: other.token })).status).to.equal(403);
      expect((await call(url, 'POST', `${path}/activities`, { token: other.token, body: userMessage('hi') })).status).to.equal(403);
      expect((await call(url, 'GET', path, { token: other.token })).status).to.equal(403);
      expect(await upgradeStatus(conversation.streamUrl.replace(/t=[^&]+/, `t=${other.token}`))).to.equal(403);
      // The token in a header works for the stream as well.
      expect(await upgradeStatus(conversation.streamUrl.replace(/\?.*$/, ''), { authorization: `Bearer ${conversation.token}` })).to.equal(101);
    });

    it('404 for an unknown conversation', async () => {
      const token = new TokenService(SECRET).issue('no-such-conversation', 'dl_someone').token;
      const path = '/v3/directline/conversations/no-such-conversation';
      expect((await call(url, 'GET', `${path}/activities`, { token })).status).to.equal(404);
      expect((await call(url, 'POST', `${path}/activities`, { token, body: userMessage('hi') })).status).to.equal(404);
      expect((await call(url, 'GET', path, { token })).status).to.equal(404);
      expect((await call(url, 'POST', '/v3/directline/tokens/refresh', { token })).status).to.equal(404);
      expect(await upgradeStatus(`${url.replace('http', 'ws')}${path}/stream?t=${token}`)).to.equal(404);
      expect(await upgradeStatus(`${url.replace('http', 'ws')}/somewhere/else`)).to.equal(404);
    });

    it('400 for malformed JSON, a body that is no activity, a type we do not take, or a bad watermark', async () => {
      const path = `/v3/directline/conversations/${conversation.conversationId}/activities`;
      const token = conversation.token;
      expect((await call(url, 'POST', path, { token, body: '{"type": "message", ' })).status).to.equal(400);
      for (const body of ['[]', '42', '"text"', 'null', '{}', '{"type":"conversationUpdate"}', '{"type":"invoke","name":"x"}', '{"type":"message","text":42}', '{"type":"message","channelData":"x"}']) {
        expect((await call(url, 'POST', path, { token, body })).status, body).to.equal(400);
      }
      expect((await call(url, 'GET', `${path}?watermark=abc`, { token })).status).to.equal(400);
      expect(await upgradeStatus(conversation.streamUrl + '&watermark=-1')).to.equal(400);
      const { body } = await poll(url, conversation);
      expect(body.activities.filter((a) => a.from.role === 'user')).to.deep.equal([]);
    });

    it('413 for an oversized post, and the conversation still works after it', async () => {
      const { status } = await postActivity(url, conversation, userMessage('x'.repeat(300 * 1024)));
      expect(status).to.equal(413);
      const { body } = await postActivity(url, conversation, userMessage('what does busy mean?'));
      const answer = await pollUntil(url, conversation, (a) => a.replyToId === body.id);
      expect(answer.text).to.contain('**Busy**');
    });

    it('the page endpoint ignores a locale that is not one', async () => {
      const { status, body } = await call<WebChatToken>(url, 'POST', '/api/webchat/token', { body: { locale: '<script>' } });
      expect(status).to.equal(200);
      await call(url, 'POST', '/v3/directline/conversations', { token: body.token });
      const welcome = await pollUntil(url, body, isMessage);
      expect(welcome.text).to.contain('Hi!');
    });
  });
});

describe('Direct Line around a bot that crashes', () => {
  const crashing = {
    async run(context: TurnContext): Promise<void> {
      if (context.activity.type !== 'message') return;
      if (context.activity.text === 'crash') throw new Error('the bot fell over (on purpose)');
      await context.sendActivity(`echo: ${context.activity.text}`);
    },
  };

  it('keeps serving, apologises in the user language, and answers the next message', async () => {
    const dl = await startDirectLineServer(crashing);
    const logs = captureLogs();
    try {
      const conversation = await newConversation(dl.url, 'es-ES');
      const { status, body } = await postActivity(dl.url, conversation, userMessage('crash', { locale: 'es-ES' }));
      expect(status).to.equal(200);
      const apology = await pollUntil(dl.url, conversation, (a) => a.replyToId === body.id);
      expect(apology.text).to.equal('Perdona, algo falló de mi lado. Inténtalo de nuevo en un momento.');
      expect(logs.records().find((r) => r.event === 'turn.error')?.err).to.deep.include({ type: 'Error', message: 'the bot fell over (on purpose)' });
      const { body: next } = await postActivity(dl.url, conversation, userMessage('still there?'));
      expect((await pollUntil(dl.url, conversation, (a) => a.replyToId === next.id)).text).to.equal('echo: still there?');
    } finally {
      logs.stop();
      await dl.close();
    }
  });

  it('runs proactive logic with continueConversation, and refuses to edit, delete or reach unknown conversations', async () => {
    const dl = await startDirectLineServer(crashing);
    try {
      const conversation = await newConversation(dl.url);
      await dl.channel.adapter.continueConversation({ conversation: { id: conversation.conversationId, isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
        await context.sendActivity('a proactive hello');
      });
      const proactive = await pollUntil(dl.url, conversation, (a) => a.text === 'a proactive hello');
      expect(proactive.from.role).to.equal('bot');
      let failures = 0;
      await dl.channel.adapter.continueConversation({ conversation: { id: 'nope', isGroup: false, conversationType: 'personal', name: '' } }, async () => undefined).catch(() => failures++);
      await dl.channel.adapter.continueConversation({ conversation: { id: conversation.conversationId, isGroup: false, conversationType: 'personal', name: '' } }, async (context) => {
        await context.updateActivity({ id: proactive.id, text: 'changed' }).catch(() => failures++);
        await context.deleteActivity(String(proactive.id)).catch(() => failures++);
      });
      expect(failures).to.equal(3);
    } finally {
      await dl.close();
    }
  });
});

describe('Direct Line conversation expiry over HTTP', () => {
  it('returns 404 over HTTP once a conversation has expired', async () => {
    let now = Date.now();
    const dl = await startDirectLineServer({ run: async () => undefined }, { conversations: { idleMs: 300, now: () => now } });
    try {
      const conversation = await newConversation(dl.url);
      expect((await poll(dl.url, conversation)).status).to.equal(200);
      now += 400;
      expect((await poll(dl.url, conversation)).status).to.equal(404);
    } finally {
      await dl.close();
    }
  });
});
