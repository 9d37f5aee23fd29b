import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ConversationState, MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Request, Response } from 'restify';
import { listQueriesOf } from '../../src/app';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { projectPath } from '../../src/platform/paths';
import { tempDir } from '../data/helpers';
import { createAdapter } from '../../src/adapter';
import { MemoryConversationLog } from '../../src/channels/directLine/conversations';
import { startAlertDelivery } from '../../src/channels/proactive/alertDelivery';
import { readConfig } from '../../src/config';
import { welcomeAnswer } from '../../src/core/answers/generalAnswers';
import { statusAnswer } from '../../src/core/answers/statusAnswers';
import type { StoredReference } from '../../src/domain/alerts';
import type { RunningServer } from '../../src/server';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { alertFor, recordAlerts, subscription } from '../alerts/helpers';
import { startPlayground, type RunningPlayground } from '../helpers/agentsPlayground';
import { launchChromium, requireChromium } from '../helpers/headlessChromium';
import { startTestServer } from '../helpers/httpServer';

interface Received {
  activity: Partial<Activity>;
  status: number;
}

const SCREENSHOT = join(tmpdir(), 'teams-playground.png');
const CHANNEL_SCREENSHOT = join(tmpdir(), 'teams-playground-channel.png');
const LIST_SCREENSHOT = join(tmpdir(), 'teams-playground-list.png');
const ALERT_SCREENSHOT = join(tmpdir(), 'teams-playground-alert.png');

describe('Teams end to end: Microsoft 365 Agents Playground in headless Chromium', function () {
  this.timeout(90_000);
  let bot: RunningServer | undefined;
  let playground: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let store: SqliteCampaignStore | undefined;
  let cleanup: (() => void) | undefined;
  let page: Page;
  const received: Received[] = [];
  const blocked: string[] = [];

  before(async function () {
    requireChromium(this);
    const temp = tempDir('playground-');
    cleanup = temp.cleanup;
    const dbPath = join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, projectPath('data', 'demo'));
    store = await SqliteCampaignStore.open(dbPath);
    const campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    bot = await startTestServer({}, { store, campaigns });
    bot.server.on('after', (req: Request, res: Response) => {
      // The playground also probes the endpoint with bodiless requests until the bot is up.
      if (req.method === 'POST' && req.url === '/api/messages' && req.body) received.push({ activity: req.body as Partial<Activity>, status: res.statusCode });
    });
    playground = await startPlayground({ endpoint: `${bot.url}/api/messages`, channelId: 'msteams' });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Its UI asks a CDN for Segoe UI and an animation worklet; it works without them, so they are refused and listed.
    await page.route(/^https?:\/\/(?!localhost[:/]|127\.0\.0\.1[:/])/, (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    await page.goto(playground.url, { waitUntil: 'load' });
  });

  after(async () => {
    if (blocked.length) console.log(`      the playground UI asked the internet for (refused): ${[...new Set(blocked)].join(', ')}`);
    await browser?.close();
    await playground?.stop();
    await bot?.close();
    await store?.close();
    cleanup?.();
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const shot = join(tmpdir(), `teams-playground-failed-${Date.now()}.png`);
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.log(`      screenshot: ${shot}\n      playground output:\n${playground?.output().slice(-2000)}`);
  });

  /** Types into the compose box (a rich-text editor) and waits until it holds the text, so no keystroke is lost. */
  async function typeInto(compose: Locator, text: string): Promise<void> {
    await compose.click();
    await page.keyboard.type(text);
    await compose.filter({ hasText: text }).waitFor({ state: 'visible', timeout: 5_000 });
  }

  async function ask(question: string, answerTitle: string): Promise<void> {
    const compose = page.locator('[contenteditable="true"][role="textbox"]');
    await typeInto(compose, question);
    await page.keyboard.press('Enter');
    await page.getByText(answerTitle).last().waitFor({ state: 'visible', timeout: 20_000 });
  }

  it('shows the welcome the bot sent when the playground installed it', async () => {
    const shown = 'the campaign status guide';
    expect(welcomeAnswer('en').text).to.contain(shown);
    await page.getByText(shown).first().waitFor({ state: 'visible', timeout: 20_000 });
  });

  it('answers "what does busy mean?" in English', async () => {
    const title = statusAnswer('busy', 'en').card?.title ?? '';
    expect(title).to.match(/^Busy — /);
    await ask('what does busy mean?', title);
  });

  it('answers "¿qué significa número incorrecto?" in Spanish', async () => {
    const title = statusAnswer('incorrect_number', 'es').card?.title ?? '';
    expect(title).to.match(/^Número incorrecto — /);
    await ask('¿qué significa número incorrecto?', title);
    await page.screenshot({ path: SCREENSHOT });
  });

  it('shows a contact list as a table card, with the first page and a button for the next', async () => {
    const first = (await listQueriesOf(store)!.contactPage({ campaignIds: ['CMP-SPRING'], filter: { kind: 'flagged_bad' } }, 0, 10)).rows;
    expect(first).to.have.length(10);
    await ask('which contacts in Spring Renewals are flagged bad?', first[0]!.id);
    for (const row of first) await page.getByText(row.id, { exact: true }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByRole('button', { name: 'Show 10 more' }).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.screenshot({ path: LIST_SCREENSHOT, fullPage: true });
  });

  it('answers an @mention in a team channel, in the thread, with the mention stripped', async () => {
    await page.getByText('General', { exact: true }).first().click();
    await page.getByText('Start a new post').waitFor({ state: 'visible' });
    const post = page.locator('[contenteditable="true"][role="textbox"]').first();
    await post.click();
    await page.keyboard.type('@');
    await page.getByRole('menuitem', { name: 'Test Bot' }).click();
    await typeInto(post, ' what does IVR mean?');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.getByText(statusAnswer('ivr', 'en').card?.title ?? '').last().waitFor({ state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: CHANNEL_SCREENSHOT });
  });

  it('shows alerts sent proactively through the outbox: in the channel thread and in the personal chat', async () => {
    const temp = tempDir('playground-alerts-');
    const store = await SqliteAlertStore.open(join(temp.dir, 'state.sqlite'));
    const deliverer = startAlertDelivery({ store, adapter: createAdapter(readConfig({}), new ConversationState(new MemoryStorage())), conversations: new MemoryConversationLog() });
    try {
      // the references botbuilder takes from the messages, as the chat side keeps them when a user subscribes
      const referenceOf = (conversationType: string): StoredReference => {
        const message = received.find(({ activity }) => activity.type === 'message' && activity.conversation?.conversationType === conversationType);
        return TurnContext.getConversationReference(message!.activity) as unknown as StoredReference;
      };
      const inThread = subscription(referenceOf('channel'));
      const inPersonal = subscription(referenceOf('personal'));
      expect(inThread.reference.serviceUrl).to.contain(`:${playground?.port}/`);
      // a channel conversation's id names the thread the user posted in: the alert goes there
      expect(inThread.reference.conversation.id).to.match(/;messageid=/);
      await recordAlerts(store, [alertFor(inThread, 'Alert: Spring Renewals was paused.')]);
      deliverer.nudge();
      // the message itself (its paragraph), not the playground's log panel line
      const threadAlert = page.getByRole('paragraph').filter({ hasText: 'Alert: Spring Renewals was paused.' });
      await threadAlert.waitFor({ state: 'visible', timeout: 20_000 });
      await threadAlert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: ALERT_SCREENSHOT });

      await page.getByText('Personal Chat', { exact: true }).first().click();
      await recordAlerts(store, [alertFor(inPersonal, 'Alert: Failed went over 20% in Cobranza Marzo.')]);
      deliverer.nudge();
      await page.getByRole('paragraph').filter({ hasText: 'Alert: Failed went over 20% in Cobranza Marzo.' }).waitFor({ state: 'visible', timeout: 20_000 });
    } finally {
      await deliverer.close();
      await store.close();
      temp.cleanup();
    }
  });

  it('got Teams activities with normal delivery: the replies went to the playground connector at serviceUrl', () => {
    const messages = received.filter(({ activity }) => activity.type === 'message');
    // The bot strips its own mention in place, so the channel message reads as typed after the mention.
    const seen = messages.map(({ activity, status }) => ({
      text: activity.text,
      channelId: activity.channelId,
      conversationType: activity.conversation?.conversationType,
      deliveryMode: activity.deliveryMode ?? 'normal',
      serviceUrlPort: activity.serviceUrl ? new URL(activity.serviceUrl).port : undefined,
      status,
    }));
    const expected = (text: string, conversationType = 'personal') => ({
      text,
      channelId: 'msteams',
      conversationType,
      deliveryMode: 'normal',
      serviceUrlPort: String(playground?.port),
      status: 200,
    });
    expect(seen).to.deep.equal([
      expected('what does busy mean?'),
      expected('¿qué significa número incorrecto?'),
      expected('which contacts in Spring Renewals are flagged bad?'),
      expected('what does IVR mean?', 'channel'),
    ]);
    const mention = messages[3]?.activity.entities?.find((entity) => entity.type === 'mention');
    expect(mention?.text).to.equal('<at>Test Bot</at>');
    expect(received.some(({ activity }) => activity.type === 'conversationUpdate')).to.equal(true);
  });
});
