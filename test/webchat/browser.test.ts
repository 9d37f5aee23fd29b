import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../src/server';
import { projectPath } from '../../src/platform/paths';
import { askWebChat, launchChromium, requireChromium } from '../helpers/headlessChromium';
import { startTestServer } from '../helpers/httpServer';

const WAIT_MS = 10_000;

/** Everything a page did that the test must see: every URL it asked for, console errors, page errors, CSP violations. */
interface PageRecord {
  page: Page;
  urls: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

/** Runs in the page (this project compiles without DOM types, so page-side code is a string). */
const RECORD_CSP_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));
`;
const STORED_CONVERSATION = `JSON.parse(sessionStorage.getItem('campaign-status-bot/webchat') || '{}').conversationId`;

async function openPage(context: BrowserContext, origin: string): Promise<PageRecord> {
  const record: PageRecord = { page: await context.newPage(), urls: [], consoleErrors: [], pageErrors: [] };
  // Anything not on our server is recorded and refused, so it fails the test instead of reaching the network.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    record.urls.push(url);
    if (new URL(url).origin === origin) await route.continue();
    else await route.abort();
  });
  record.page.on('websocket', (ws) => record.urls.push(ws.url()));
  record.page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text());
  });
  record.page.on('pageerror', (error) => record.pageErrors.push(error.message));
  await record.page.addInitScript(RECORD_CSP_VIOLATIONS);
  return record;
}

function expectClean(record: PageRecord, origin: string): void {
  const wsOrigin = origin.replace(/^http/, 'ws');
  const foreign = record.urls.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`${wsOrigin}/`));
  expect(foreign, 'requests that left the test server').to.deep.equal([]);
  expect(record.pageErrors, 'page errors').to.deep.equal([]);
  expect(record.consoleErrors, 'console errors').to.deep.equal([]);
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.cspViolations || []');
}

const ask = askWebChat;

const bubbles = (page: Page) => page.locator('.webchat__basic-transcript__activity');
/** A message bubble with this text (Web Chat also repeats the text in hidden labels for screen readers). */
const said = (page: Page, text: string) => page.locator('.webchat__bubble__content', { hasText: text });
const cards = (page: Page) => page.locator('.ac-adaptiveCard');

describe('the web chat page in a real headless Chromium', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let browser: Browser;

  before(async function () {
    requireChromium(this);
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('chats in English and Spanish, shows cards and buttons, switches language and survives a reload, all from this server', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const record = await openPage(context, server.url);
      const { page } = record;
      await page.goto(server.url);

      expect(await page.locator('html').getAttribute('lang')).to.equal('en');
      expect(await page.title()).to.equal('Campaign status help');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Campaign status help');
      await said(page, 'Hi! I’m the campaign status guide').first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('.webchat__upload-button').count(), 'upload button').to.equal(0);
      expect(await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed')).to.equal('true');

      await ask(page, 'what does busy mean?');
      await cards(page).filter({ hasText: 'Busy — ' }).waitFor({ timeout: WAIT_MS });
      expect(await page.getByText('Send failed', { exact: false }).count(), 'Send failed').to.equal(0);
      if (process.env.WEBCHAT_SCREENSHOT) await page.screenshot({ path: process.env.WEBCHAT_SCREENSHOT });

      await page.locator('.webchat__suggested-action', { hasText: 'What should I do?' }).click();
      await said(page, 'Busy — what to do:').first().waitFor({ timeout: WAIT_MS });

      await ask(page, '¿qué significa número incorrecto?');
      await cards(page).filter({ hasText: 'Número incorrecto — ' }).waitFor({ timeout: WAIT_MS });

      // The switch, by keyboard: focus it and press Enter.
      const spanish = page.getByRole('button', { name: 'Español', exact: true });
      await spanish.focus();
      await page.keyboard.press('Enter');
      await said(page, 'Claro: desde ahora te respondo en español.').first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('html').getAttribute('lang')).to.equal('es');
      expect(await page.title()).to.equal('Ayuda con los estados de campaña');
      expect(await spanish.getAttribute('aria-pressed')).to.equal('true');
      expect(await page.locator('[data-id="webchat-sendbox-input"]').getAttribute('placeholder')).to.equal('Escriba su mensaje');
      const conversationBefore = await page.evaluate<string>(STORED_CONVERSATION);
      expect(conversationBefore).to.be.a('string');
      expect(await cspViolations(page), 'CSP violations').to.deep.equal([]);
      const bubblesBefore = await bubbles(page).count();

      await page.reload();
      await said(page, 'Claro: desde ahora te respondo en español.').first().waitFor({ timeout: WAIT_MS });
      await cards(page).filter({ hasText: 'Busy — ' }).waitFor({ timeout: WAIT_MS });
      await cards(page).filter({ hasText: 'Número incorrecto — ' }).waitFor({ timeout: WAIT_MS });
      expect(await bubbles(page).count()).to.equal(bubblesBefore);
      expect(await said(page, 'Hi! I’m the campaign status guide').count(), 'one welcome, not two').to.equal(1);
      expect(await page.locator('html').getAttribute('lang')).to.equal('es');
      expect(await page.evaluate<string>(STORED_CONVERSATION)).to.equal(conversationBefore);

      // After the reload the bot still answers (the refreshed token works) and remembers Spanish.
      await ask(page, 'what does IVR mean?');
      await cards(page).filter({ hasText: 'Contacto IVR' }).waitFor({ timeout: WAIT_MS });
      expect(await cspViolations(page), 'CSP violations').to.deep.equal([]);
      expectClean(record, server.url);
    } finally {
      await context.close();
    }
  });

  it('follows a Spanish browser: Spanish page chrome and a Spanish welcome', async () => {
    const context = await browser.newContext({ locale: 'es-MX' });
    try {
      const record = await openPage(context, server.url);
      const { page } = record;
      await page.goto(server.url);
      await said(page, '¡Hola! Soy la guía de estados de campaña').first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('html').getAttribute('lang')).to.equal('es');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Ayuda con los estados de campaña');
      expect(await page.getByRole('button', { name: 'Español', exact: true }).getAttribute('aria-pressed')).to.equal('true');
      expect(await cspViolations(page), 'CSP violations').to.deep.equal([]);
      expectClean(record, server.url);
    } finally {
      await context.close();
    }
  });

  it('takes the language from ?lang= when an embedding page asks for one', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const record = await openPage(context, server.url);
      const { page } = record;
      await page.goto(`${server.url}/?lang=es`);
      await said(page, '¡Hola! Soy la guía de estados de campaña').first().waitFor({ timeout: WAIT_MS });
      expect(await page.locator('html').getAttribute('lang')).to.equal('es');
      expectClean(record, server.url);
    } finally {
      await context.close();
    }
  });
});

describe('the web chat page over HTTP', () => {
  let server: RunningServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('serves the page with a Content-Security-Policy that allows only this server', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    const host = new URL(server.url).host;
    expect(csp).to.contain("default-src 'none'").and.contain("script-src 'self'").and.contain("style-src 'self' 'unsafe-inline'");
    expect(csp).to.contain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).not.to.contain('unsafe-eval');
    const html = await response.text();
    expect(html).to.match(/<html lang="en">/).and.match(/<title>/).and.match(/<h1/);
    expect(html).to.match(/src="webchat\.js\?v=\d+\.\d+\.\d+"/);
  });

  it('has no external URL in the page, its script or its style', () => {
    for (const file of ['index.html', 'app.js', 'app.css']) {
      expect(readFileSync(projectPath('public', file), 'utf8'), file).not.to.match(/(https?:)?\/\/[a-z0-9-]+\.[a-z]/i);
    }
  });

  it('serves the stock Web Chat bundle from node_modules, cached for long and compressed', async () => {
    const response = await fetch(`${server.url}/webchat.js?v=4.18.1`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^application\/javascript/);
    expect(response.headers.get('cache-control')).to.contain('max-age=31536000');
    expect(response.headers.get('content-encoding')).to.equal('gzip');
    const body = await response.text();
    expect(body.length).to.be.greaterThan(1_000_000);
    expect(body).to.contain('renderWebChat');
    const again = await fetch(`${server.url}/webchat.js`, { headers: { 'if-none-match': response.headers.get('etag') ?? '' } });
    expect(again.status).to.equal(304);
  });

  it('serves the page script and style, revalidated by ETag', async () => {
    for (const [path, type] of [['/app.js', /^application\/javascript/], ['/app.css', /^text\/css/]] as const) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).to.equal(200);
      expect(response.headers.get('content-type')).to.match(type);
      const etag = response.headers.get('etag') ?? '';
      expect((await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } })).status).to.equal(304);
    }
  });
});
