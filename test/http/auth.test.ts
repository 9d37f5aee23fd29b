import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { createAdapter } from '../../src/adapter';
import { createBot } from '../../src/app';
import { readConfig } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { messageActivity } from '../helpers/httpServer';

const APP_ID = '0b7c2a4e-91d3-4f6a-8e25-3c1d9f0a7b64';

describe('authentication with MicrosoftAppId set (no network needed to refuse)', () => {
  let server: RunningServer;
  let turns = 0;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs256 = (claims: object): string => jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: 'test-key' });
  const inAnHour = (): number => Math.floor(Date.now() / 1000) + 3600;

  before(async () => {
    const config = readConfig({ PORT: '0', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' });
    expect(config.host).to.equal('0.0.0.0');
    const { bot, conversationState } = createBot();
    const counting = { run: async (...args: Parameters<typeof bot.run>) => { turns++; return bot.run(...args); } };
    server = await startServer({ adapter: createAdapter(config, conversationState), bot: counting, port: 0, host: '127.0.0.1', appId: APP_ID });
  });
  after(async () => {
    await server.close();
  });

  const cases: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a header that is not a bearer token', () => 'Basic dXNlcjpwYXNz'],
    ['a malformed token', () => 'Bearer not.a.jwt'],
    ['a token signed with a shared secret', () => `Bearer ${jwt.sign({ aud: APP_ID, iss: 'https://api.botframework.com', exp: inAnHour() }, 'guess')}`],
    ['a token for another audience', () => `Bearer ${rs256({ aud: 'another-bot', iss: 'https://api.botframework.com', exp: inAnHour() })}`],
    ['an expired token', () => `Bearer ${rs256({ aud: APP_ID, iss: 'https://api.botframework.com', exp: Math.floor(Date.now() / 1000) - 3600 })}`],
    ['a token from an unknown issuer', () => `Bearer ${rs256({ aud: APP_ID, iss: 'https://evil.example', exp: inAnHour() })}`],
  ];
  for (const [name, header] of cases) {
    it(`refuses ${name} with 401 and runs no turn (offline, botbuilder alone would answer 500)`, async () => {
      const before = turns;
      const authorization = header();
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(messageActivity('what does busy mean?', { channelId: 'msteams', deliveryMode: undefined })),
      });
      expect(response.status).to.equal(401);
      expect(turns).to.equal(before);
    });
  }

  it('still serves the health check without a token', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
  });
});
