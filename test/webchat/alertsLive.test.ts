import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../data/helpers';
import { startBot, stopBot, type SpawnedBot } from '../helpers/botProcess';
import { askWebChat, launchChromium, requireChromium } from '../helpers/headlessChromium';

const WAIT_MS = 30_000;
const TOKEN = 'dialer:web-chat-alert-test-token';

const said = (page: Page, text: string) => page.locator('.webchat__bubble__content', { hasText: text });

/**
 * Alerts on the web chat page with nothing staged: the bot process, two pages subscribing in chat (English, Spanish),
 * a dialer pausing the campaign through the live data endpoint, and the alert in each page's language, at once.
 */
describe('an alert asked for in Web Chat and set off by the live data endpoint (bot process, headless Chromium)', function () {
  this.timeout(90_000);
  let temp: ReturnType<typeof tempDir>;
  let bot: (SpawnedBot & { url: string }) | undefined;
  let browser: Browser | undefined;

  before(async function () {
    requireChromium(this);
    temp = tempDir('webchat-live-alerts-');
    mkdirSync(join(temp.dir, 'state'));
    bot = await startBot({
      STATE_DB: join(temp.dir, 'state', 'state.sqlite'),
      CAMPAIGN_DB: join(temp.dir, 'campaigns.sqlite'),
      AUDIT_LOG: join(temp.dir, 'audit.log'),
      INGEST_TOKEN: TOKEN,
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (bot) await stopBot(bot);
    temp?.cleanup();
  });

  async function subscribedPage(locale: string, request: string, confirmation: string): Promise<Page> {
    const page = await (await browser!.newContext({ locale })).newPage();
    await page.goto(bot!.url);
    await page.locator('.webchat__bubble__content').first().waitFor({ timeout: WAIT_MS });
    await askWebChat(page, request);
    await said(page, confirmation).first().waitFor({ timeout: WAIT_MS });
    return page;
  }

  it('shows each page the pause in its language, with the action and the next questions', async () => {
    const en = await subscribedPage('en-US', 'notify me when Summer Upsell pauses', 'I’ll tell you here when');
    const es = await subscribedPage('es-MX', 'avísame cuando se pause Summer Upsell', 'te avisaré aquí cuando');

    const paused = await fetch(`${bot!.url}/api/data/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN.split(':')[1]}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        { campaign_id: 'CMP-SUMMER', name: 'Summer Upsell', status: 'paused', max_attempts: 3, bad_after: 2, pause_reason: 'out_of_minutes', starts_at: '2025-06-02', ends_at: '2025-08-29', timezone: 'Europe/London' },
      ]),
    });
    expect(paused.status, await paused.text()).to.equal(200);

    await said(en, 'Summer Upsell has been paused').first().waitFor({ timeout: WAIT_MS });
    await en.locator('.ac-adaptiveCard', { hasText: 'out of minutes' }).waitFor({ timeout: WAIT_MS });
    await en.locator('.webchat__suggested-action', { hasText: 'Contacts flagged bad in Summer Upsell' }).waitFor({ timeout: WAIT_MS });
    await said(es, 'Summer Upsell se ha pausado').first().waitFor({ timeout: WAIT_MS });
    await es.locator('.ac-adaptiveCard', { hasText: 'sin minutos' }).waitFor({ timeout: WAIT_MS });
    expect(await said(en, 'se ha pausado').count()).to.equal(0);
  });
});
