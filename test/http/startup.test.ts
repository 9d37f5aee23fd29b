import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { spawnBot, startBot, stopBot } from '../helpers/botProcess';
import { messageActivity, postActivity, readableText } from '../helpers/httpServer';

describe('the bot process', () => {
  it('starts on loopback without auth, creates the demo database, answers, and stops cleanly on SIGTERM', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'bot-start-'));
    const db = join(temp, 'nested', 'campaigns.sqlite');
    const bot = await startBot({ CAMPAIGN_DB: db, STATE_DB: join(temp, 'state.sqlite'), AUDIT_LOG: join(temp, 'audit.log') });
    const { url } = bot;
    const output = (): string => bot.stdout() + bot.stderr();
    try {
      expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).to.contain('authentication is off').and.to.contain('from the demo data set');
      expect(existsSync(db)).to.equal(true);
      const health = await fetch(`${url}/healthz`);
      expect(await health.json()).to.deep.equal({ status: 'ok' });
      const { activities } = await postActivity(url, messageActivity('qué significa contestador', { channelId: 'webchat', locale: 'es-ES' }));
      expect(activities[0].text).to.contain('**Contacto IVR**');
      const demo = await postActivity(url, messageActivity('why is Spring Renewals paused?', { channelId: 'webchat' }));
      // the lead sentence above the card, the pause reason on the card
      expect(demo.activities[0].text).to.contain('**Spring Renewals** is **Paused**');
      expect(readableText(demo.activities[0])).to.contain('ran out of minutes');
    } finally {
      const code = await stopBot(bot);
      rmSync(temp, { recursive: true, force: true });
      expect(code, output()).to.equal(0);
    }
  });

  it('refuses to start with a clear message when PORT is not a port', async () => {
    const bot = spawnBot({ PORT: 'eighty' });
    expect(await bot.exited).to.equal(1);
    expect(bot.stderr()).to.contain('PORT must be a port number');
  });
});
