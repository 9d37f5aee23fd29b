import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { importFolder } from '../../src/data/importer';
import { smallDataSet, tempDir, writeDataSet } from '../data/helpers';
import { startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { call, newConversation, pollUntil, postActivity as postToDirectLine, StreamClient, userMessage } from '../helpers/directLineClient';
import { messageActivity, postActivity } from '../helpers/httpServer';
import { levelFrom, logger } from '../../src/logging/logger';
import { captureLogs, parseLogLines, type LogRecord } from '../helpers/logCapture';

/** Every way a phone number could show up in a log: as imported, digits only, without the country code, the local part. */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  return [phone, digits, `+${digits}`, digits.slice(-10), digits.slice(-7)];
}

/** A customer's full name (any case), and each part of it as a capitalised word ("Able", not "unreachable"). */
function namePatterns(name: string): RegExp[] {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [new RegExp(escape(name), 'i'), ...name.split(' ').filter((part) => part.length >= 3).map((part) => new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'u'))];
}

const data = smallDataSet();
const PHONES = data.contacts.map((row) => String(row[3]));
const NAMES = data.contacts.map((row) => String(row[2]));

describe('the logs (a real bot process, every line read)', function () {
  this.timeout(120_000);
  let temp: ReturnType<typeof tempDir>;
  let bot: SpawnedBot & { url: string };
  let records: LogRecord[];
  let output = '';
  const asked: string[] = [];
  let directLineToken = '';

  const ask = async (text: string, overrides: Partial<Activity> = {}): Promise<Partial<Activity>[]> => {
    asked.push(text);
    const { status, activities } = await postActivity(bot.url, messageActivity(text, { channelId: 'webchat', ...overrides }));
    expect(status, text).to.equal(200);
    return activities;
  };

  before(async () => {
    temp = tempDir('bot-logs-');
    const db = join(temp.dir, 'campaigns.sqlite');
    await importFolder(db, writeDataSet(join(temp.dir, 'csv'), data));
    bot = await startBot({ CAMPAIGN_DB: db, STATE_DB: join(temp.dir, 'state.sqlite'), AUDIT_LOG: join(temp.dir, 'audit.log'), LOG_LEVEL: 'trace' });

    // contact questions in both languages, by id, by phone in several forms, and a customer's name typed in
    const [bad] = await ask('why is contact C-1 flagged bad?');
    expect(bad?.text).to.contain('C-1');
    await ask('how many attempts remain for +1 (555) 010-0002?');
    await ask('how many attempts remain for 15550100001?', { from: { id: 'u-ann', name: 'Ann Able' } });
    await ask('what about Dolores Díaz, +52 55 1234 0004?');
    await ask('¿por qué el contacto C-5 está marcado como malo?', { locale: 'es-ES' });
    await ask('¿cuántos intentos le quedan a +44 20 7946 0006?', { locale: 'es-ES', from: { id: 'u-eva', name: 'Eva Ruiz' } });
    // unknown ids and numbers
    await ask('why is contact C-999 flagged bad?');
    await ask('how many attempts remain for +1 555 999 0142?');
    // a Teams channel message that @mentions the bot, from a user whose display name is a customer's
    const recipient = { id: '28:bot-id', name: 'Campaign Status' };
    const teams = await ask('<at>Campaign Status</at> how many attempts remain for 555 010 0003?', {
      channelId: 'msteams',
      recipient,
      from: { id: '29:teams-user', name: 'Finn Ford' },
      conversation: { id: '19:channel@thread.tacv2', isGroup: true, conversationType: 'channel', name: 'Ops' } as Activity['conversation'],
      entities: [{ type: 'mention', text: '<at>Campaign Status</at>', mentioned: recipient }],
    });
    expect(teams.some((a) => a.type === 'message')).to.equal(true);
    // errors: a reply to a channel that refuses connections, about a contact with a phone and a name
    asked.push('how many attempts remain for +1 555 010 0007?');
    const refused = await postActivity(bot.url, messageActivity('how many attempts remain for +1 555 010 0007?', { channelId: 'webchat', deliveryMode: undefined, serviceUrl: 'http://127.0.0.1:9' }));
    expect(refused.status).to.be.within(200, 599);
    // malformed and oversized bodies that carry phone numbers
    expect((await postActivity(bot.url, '{"type":"message","text":"+1 (555) 010-0001 Ann Able", ')).status).to.equal(400);
    expect((await postActivity(bot.url, messageActivity(`Bob Baker +1-555-010-0002 ${'x'.repeat(300 * 1024)}`))).status).to.equal(413);

    // the web chat: a token, a stream (whose URL carries the token), a question, its answer
    const conversation = await newConversation(bot.url, 'es-ES');
    directLineToken = conversation.token;
    const stream = await StreamClient.open(conversation.streamUrl);
    asked.push('¿cuántos intentos le quedan a +1 (555) 010-0001?');
    const posted = await postToDirectLine(bot.url, conversation, userMessage('¿cuántos intentos le quedan a +1 (555) 010-0001?', { locale: 'es-ES', from: { id: 'x', name: 'Hal Shared' } }));
    await stream.waitFor((a) => a.replyToId === posted.body.id, 10_000);
    await pollUntil(bot.url, conversation, (a) => a.replyToId === posted.body.id);
    expect((await call(bot.url, 'GET', `/v3/directline/conversations/${conversation.conversationId}/activities?watermark=nope`, { token: conversation.token })).status).to.equal(400);
    await stream.close();

    expect(await stopBot(bot)).to.equal(0);
    output = bot.stdout();
    records = parseLogLines(output);
  });

  after(() => temp.cleanup());

  it('are JSON lines, each with a level, an ISO time and the service name', () => {
    expect(records.length).to.be.above(20);
    for (const record of records) {
      expect(record.level).to.be.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
      expect(record.time).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(record.service).to.equal('campaign-status-bot');
    }
  });

  it('name no phone number of the data set, in any form', () => {
    const everything = output + bot.stderr();
    for (const phone of PHONES) for (const form of phoneForms(phone)) expect(everything, `phone ${form}`).to.not.contain(form);
  });

  it("name no customer, not even one whose name was a user's display name", () => {
    const everything = output + bot.stderr();
    for (const name of NAMES) for (const pattern of namePatterns(name)) expect(everything, `name ${pattern}`).to.not.match(pattern);
  });

  it('hold no message text, and no Direct Line token (the stream URL carries one in its query)', () => {
    for (const text of asked) expect(output).to.not.contain(text);
    expect(output).to.not.contain('how many attempts');
    expect(output).to.not.contain(directLineToken);
    expect(output).to.not.contain('?t=');
  });

  it('log every turn with its request id, channel, type, intent and score, and every request with route, status and duration', () => {
    const turns = records.filter((r) => r.event === 'turn');
    expect(turns.length).to.be.at.least(12);
    for (const turn of turns) {
      expect(turn.requestId, JSON.stringify(turn)).to.match(/^[0-9a-f-]{36}$/);
      expect(turn).to.include.keys('channel', 'activityType', 'durationMs', 'outcome');
    }
    const messages = turns.filter((t) => t.activityType === 'message' && t.intent);
    expect(messages.map((t) => t.intent)).to.include.members(['contact.why_bad', 'contact.attempts']);
    expect(messages.every((t) => typeof t.score === 'number')).to.equal(true);
    expect(turns.map((t) => t.channel)).to.include.members(['webchat', 'msteams']);

    const requests = records.filter((r) => r.event === 'http.request');
    for (const request of requests) {
      expect(request.requestId).to.match(/^[0-9a-f-]{36}$/);
      expect(request).to.include.keys('method', 'route', 'status', 'durationMs');
      expect(String(request.route)).to.not.contain('?');
    }
    expect(requests.map((r) => r.status)).to.include.members([200, 400, 413]);
    // a web chat turn runs after its post is answered, under the post's request id
    const posts = requests.filter((r) => r.route === '/v3/directline/conversations/:conversationId/activities' && r.method === 'POST');
    const webChatTurn = turns.find((t) => t.channel === 'webchat' && posts.some((p) => p.requestId === t.requestId));
    expect(webChatTurn, 'a web chat turn with its post\'s request id').to.not.equal(undefined);
  });

  it('log the failed reply as a turn error, without the reply it carried', () => {
    const errors = records.filter((r) => r.event === 'turn.error');
    expect(errors.length).to.be.at.least(1);
    expect(errors[0]).to.include({ channelUnreachable: true });
    expect(errors[0]?.err).to.include.keys('type', 'message');
  });
});

describe('the logger (in-process)', () => {
  it('redacts fields that could carry text, names or phones, wherever a caller puts them by mistake', () => {
    const logs = captureLogs('info');
    try {
      logger.info({ event: 'oops', text: 'Ann Able +1 (555) 010-0001', activity: { text: 'x', from: { name: 'Ann Able' } }, turn: { from: { name: 'Bob Baker' }, phone: '+1-555-010-0002', value: { text: 'hi' } } }, 'a careless line');
    } finally {
      logs.stop();
    }
    const [line] = logs.lines;
    expect(line).to.not.match(/Ann Able|Bob Baker|555/);
    expect(logs.records()[0]).to.deep.include({ text: '[redacted]', activity: '[redacted]' });
  });

  it('logs errors as type, message and stack only, with phone-like runs masked and attached requests left out', () => {
    const error = Object.assign(new Error('no reply for +1 (555) 010-0001 at 2025-03-03'), {
      code: 'E_TEST',
      request: { body: JSON.stringify({ text: 'Ann Able, attempts left: 1' }) },
      response: { bodyAsText: 'Bob Baker' },
    });
    const logs = captureLogs('info');
    try {
      logger.error({ event: 'turn.error', err: error }, 'failed');
    } finally {
      logs.stop();
    }
    const err = logs.records()[0]?.err as Record<string, unknown>;
    expect(Object.keys(err).sort()).to.deep.equal(['code', 'message', 'stack', 'type']);
    expect(err.message).to.equal('no reply for [digits] at [digits]');
    expect(logs.lines.join('')).to.not.match(/Ann Able|Bob Baker|010-0001/);
  });

  it('falls back to info for a LOG_LEVEL that names no level', () => {
    expect(levelFrom('verbose')).to.equal('info');
    expect(levelFrom(undefined)).to.equal('info');
    expect(levelFrom(' DEBUG ')).to.equal('debug');
    expect(levelFrom('silent')).to.equal('silent');
  });
});
