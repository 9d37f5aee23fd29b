import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { campaignRefs } from '../../src/campaignData';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import type { RunningServer } from '../../src/server';
import { openStateStorage, type StateStorage } from '../../src/state/openStateStorage';
import { smallDataSet, snapshot, tempDir, writeDataSet } from '../data/helpers';
import { call, newConversation, postActivity as postToDirectLine, upgradeStatus, type WebChatToken } from '../helpers/directLineClient';
import { messageActivity, postActivity, startTestServer } from '../helpers/httpServer';
import { captureLogs, type LogCapture } from '../helpers/logCapture';
import { activity, authorization, body, encodeText, oddText, pathSegment, watermark } from './arbitraries';
import '../helpers/quietLogs';

/** How many cases each property runs: a few thousand requests in all, in well under a minute. */
const RUNS = { messages: 1200, rawBodies: 400, tokens: 250, reads: 300, posts: 600, streams: 40 };

describe('hostile input, fuzzed (fast-check, against the real server over HTTP)', function () {
  this.timeout(180_000);
  let temp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let original: Record<string, unknown[]>;
  let store: SqliteCampaignStore;
  let state: StateStorage;
  let server: RunningServer;
  let channel: Server;
  let serviceUrl: string;
  let logs: LogCapture;
  let cases = 0;
  const statuses = new Map<number, number>();
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);

  /** Sends a request and fails the property on a 5xx, naming what was sent. */
  const send = async (method: string, path: string, options: { body?: string; contentType?: string; authorization?: string } = {}): Promise<void> => {
    cases++;
    const headers: Record<string, string> = {};
    if (options.contentType) headers['content-type'] = options.contentType;
    if (options.authorization) headers.authorization = options.authorization;
    const response = await fetch(`${server.url}${path}`, { method, headers, body: options.body });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    const what = `${method} ${path.slice(0, 200)} ${options.contentType ?? ''} ${String(options.body).slice(0, 300)}`;
    expect(response.status, what).to.be.below(500);
  };

  before(async () => {
    temp = tempDir('fuzz-');
    dbPath = join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, writeDataSet(join(temp.dir, 'csv'), smallDataSet()));
    original = await snapshot(dbPath);
    store = await SqliteCampaignStore.open(dbPath);
    state = await openStateStorage(join(temp.dir, 'state.sqlite'), { conversationTtlDays: 30 });
    // the channel of normal delivery: takes every reply (the fuzz is about the bot, not about a channel)
    channel = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"reply"}');
      });
    });
    await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', () => resolve()));
    serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}`;
    server = await startTestServer(
      {},
      { store, campaigns: await campaignRefs(store), storage: state.storage, rateLimit: { max: 1_000_000, windowMs: 1000 } },
      { outboundTimeoutMs: 1000 },
    );
    process.on('unhandledRejection', onRejection);
    logs = captureLogs('warn');
  });

  after(async () => {
    logs.stop();
    process.off('unhandledRejection', onRejection);
    await server?.close({ force: true });
    channel.closeAllConnections();
    await new Promise<void>((resolve) => channel.close(() => resolve()));
    await state?.close();
    await store?.close();
    temp.cleanup();
    const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    console.log(`      ${cases} fuzz cases sent (HTTP statuses ${byStatus}; the rest WebSocket upgrades)`);
  });

  it('POST /api/messages: activities with odd, missing and wrongly typed fields never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: activity({ serviceUrl }, true) }, { weight: 1, arbitrary: activity({ serviceUrl }, false) }), async (a) => {
        await send('POST', '/api/messages', { body: JSON.stringify(a), contentType: 'application/json' });
      }),
      { numRuns: RUNS.messages },
    );
  });

  it('POST /api/messages: junk, broken JSON and odd content types never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body({ serviceUrl }), async ({ text, contentType }) => {
        await send('POST', '/api/messages', { body: text, contentType });
      }),
      { numRuns: RUNS.rawBodies },
    );
  });

  describe('Direct Line', () => {
    const conversations: (WebChatToken & { streamUrl: string })[] = [];
    before(async () => {
      for (let i = 0; i < 4; i++) conversations.push(await newConversation(server.url, i % 2 ? 'es-ES' : 'en-US'));
    });

    it('token endpoints and conversation starts take junk bodies and junk bearers without a 5xx', async () => {
      const paths = ['/api/webchat/token', '/v3/directline/tokens/generate', '/v3/directline/tokens/refresh', '/v3/directline/conversations'];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), body({ serviceUrl }), fc.oneof(authorization, fc.constant('valid')), fc.nat(3), async (path, { text, contentType }, auth, pick) => {
          const bearer = auth === 'valid' ? `Bearer ${conversations[pick]!.token}` : auth;
          await send('POST', path, { body: text, contentType, authorization: bearer });
        }),
        { numRuns: RUNS.tokens },
      );
    });

    it('reads with bad watermarks, bad ids and bad tokens get a 4xx, never a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.oneof(pathSegment, fc.constant('own')), watermark, fc.oneof(authorization, fc.constant('valid')), fc.nat(3), async (poll, segment, mark, auth, pick) => {
          const conversation = conversations[pick]!;
          const id = segment === 'own' ? conversation.conversationId : segment;
          const bearer = auth === 'valid' ? `Bearer ${conversation.token}` : auth;
          await send('GET', `/v3/directline/conversations/${id}${poll ? '/activities' : ''}?watermark=${mark}`, { authorization: bearer });
        }),
        { numRuns: RUNS.reads },
      );
    });

    it('posted activities with junk fields and junk bodies never get a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: activity({ serviceUrl }, true).map((a) => ({ text: JSON.stringify({ ...a, type: pickDirectLineType(a.type) }), contentType: 'application/json' })) },
            { weight: 1, arbitrary: body({ serviceUrl }) },
          ),
          fc.nat(3),
          async ({ text, contentType }, pick) => {
            const conversation = conversations[pick]!;
            await send('POST', `/v3/directline/conversations/${conversation.conversationId}/activities`, { body: text, contentType, authorization: `Bearer ${conversation.token}` });
          },
        ),
        { numRuns: RUNS.posts },
      );
      // the turns run after the posts are answered: the checks below wait for the last ones
      await server.directLineIdle();
    });

    it('stream upgrades with bad watermarks, ids and tokens are refused cleanly', async () => {
      await fc.assert(
        fc.asyncProperty(watermark, fc.oneof(pathSegment, fc.constant('own')), fc.oneof(oddText.map(encodeText), fc.constant('valid')), fc.nat(3), async (mark, segment, token, pick) => {
          cases++;
          const conversation = conversations[pick]!;
          const url = new URL(conversation.streamUrl);
          const id = segment === 'own' ? conversation.conversationId : segment;
          const t = token === 'valid' ? conversation.token : token;
          const status = await upgradeStatus(`ws://${url.host}/v3/directline/conversations/${id}/stream?t=${t}&watermark=${mark}`);
          expect(status, `${id} ${mark}`).to.be.oneOf([101, 400, 401, 403, 404]);
        }),
        { numRuns: RUNS.streams },
      );
    });

    it('and the conversations still work: a question posted afterwards is answered', async () => {
      const conversation = conversations[0]!;
      const posted = await postToDirectLine(server.url, conversation, { type: 'message', text: 'what does busy mean?', locale: 'en-US' });
      expect(posted.status).to.equal(200);
      await server.directLineIdle();
      const { body: group } = await call<{ activities: { replyToId?: string; text?: string }[] }>(server.url, 'GET', `/v3/directline/conversations/${conversation.conversationId}/activities`, { token: conversation.token });
      const reply = group.activities.find((a) => a.replyToId === posted.body.id);
      expect(reply, 'no answer in the web chat after the fuzz').to.not.equal(undefined);
      // the fuzz may have switched the user to Spanish ("answer in Spanish", a webchat/language event)
      expect(reply?.text).to.match(/\*\*(Busy|Ocupado)\*\*/);
    });
  });

  describe('afterwards', () => {
    it('the server is healthy and answers status and contact questions correctly', async () => {
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
      const busy = await postActivity(server.url, messageActivity('what does busy mean?', { channelId: 'webchat' }));
      expect(busy.activities[0]?.text).to.contain('**Busy**');
      const contact = await postActivity(server.url, messageActivity('why is contact C-1 flagged bad?', { channelId: 'webchat' }));
      expect(contact.activities[0]?.text).to.contain('C-1');
      const spanish = await postActivity(server.url, messageActivity('¿qué significa sin respuesta?', { channelId: 'webchat', locale: 'es-ES' }));
      expect(spanish.activities[0]?.text).to.contain('**Sin respuesta**');
    });

    it('no turn crashed: nothing but unreachable channels was logged as a turn error, and no promise was left rejected', () => {
      const crashes = logs.records().filter((r) => r.level === 'error' && !(r.event === 'turn.error' && r.channelUnreachable === true));
      expect(crashes.map((r) => JSON.stringify(r).slice(0, 600))).to.deep.equal([]);
      expect(rejections.map(String)).to.deep.equal([]);
    });

    it('the campaign data is unchanged', async () => {
      expect(await snapshot(dbPath)).to.deep.equal(original);
    });
  });
});

/** Direct Line takes message, event and typing: most posted cases are one of them, so they reach the bot. */
function pickDirectLineType(type: unknown): unknown {
  if (typeof type !== 'string') return type;
  const accepted = ['message', 'event', 'typing'];
  return accepted.includes(type) ? type : accepted[type.length % 3];
}
