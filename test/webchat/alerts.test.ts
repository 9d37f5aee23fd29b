import { join } from 'node:path';
import { ConversationState, MemoryStorage, TurnContext, type Activity } from 'botbuilder';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createAdapter } from '../../src/adapter';
import type { AlertDeliverer } from '../../src/channels/proactive/alertDeliverer';
import { startAlertDelivery } from '../../src/channels/proactive/alertDelivery';
import { readConfig } from '../../src/config';
import type { StoredReference } from '../../src/domain/alerts';
import type { RunningServer } from '../../src/server';
import { SqliteAlertStore } from '../../src/state/sqliteAlertStore';
import { alertFor, recordAlerts, subscription } from '../alerts/helpers';
import { tempDir } from '../data/helpers';
import { askWebChat, launchChromium, requireChromium } from '../helpers/headlessChromium';
import { startTestServer } from '../helpers/httpServer';

const WAIT_MS = 15_000;
const STORED_CONVERSATION = `JSON.parse(sessionStorage.getItem('campaign-status-bot/webchat') || '{}').conversationId`;
const ALERT = 'Spring Renewals was paused: out of minutes. Top up the plan to resume calling.';

/** A message bubble with this text (Web Chat also repeats the text in hidden labels for screen readers). */
const said = (page: Page, text: string) => page.locator('.webchat__bubble__content', { hasText: text });

/**
 * An alert reaches the web chat page: the subscription is written through the AlertStore with the reference of the
 * page's own conversation (as the chat side keeps it when the user subscribes), the deliverer appends the alert to
 * the Direct Line conversation, and the open page shows it; a reload finds it in the backlog.
 */
describe('an alert in Web Chat (headless Chromium)', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let server: RunningServer;
  let store: SqliteAlertStore;
  let deliverer: AlertDeliverer;
  let browser: Browser;

  before(async function () {
    requireChromium(this);
    temp = tempDir('webchat-alerts-');
    store = await SqliteAlertStore.open(join(temp.dir, 'state.sqlite'));
    server = await startTestServer();
    deliverer = startAlertDelivery({ store, adapter: createAdapter(readConfig({}), new ConversationState(new MemoryStorage())), conversations: server.conversations });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await deliverer?.close();
    await server?.close();
    await store?.close();
    temp?.cleanup();
  });

  it('shows an alert on the open page at once, and again from the backlog after a reload', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await said(page, 'Hi!').first().waitFor({ timeout: WAIT_MS });
      await askWebChat(page, 'what does busy mean?');
      await page.locator('.ac-adaptiveCard', { hasText: 'Busy — ' }).waitFor({ timeout: WAIT_MS });

      // the reference botbuilder takes from the user's message in the page's conversation
      const conversationId = await page.evaluate<string>(STORED_CONVERSATION);
      const conversation = await server.conversations.get(conversationId);
      const asked = (await server.conversations.after(conversationId, undefined))!.activities.find((a) => a.text === 'what does busy mean?');
      const reference = TurnContext.getConversationReference(asked as Activity) as unknown as StoredReference;
      const sub = subscription(reference, { userKey: conversation!.userId });
      await store.addSubscription(sub);
      expect(await said(page, ALERT).count()).to.equal(0);
      await recordAlerts(store, [alertFor(sub, ALERT)]);
      deliverer.nudge();

      await said(page, ALERT).first().waitFor({ timeout: WAIT_MS });
      const bubblesBefore = await said(page, '').count();
      await page.reload();
      await said(page, ALERT).first().waitFor({ timeout: WAIT_MS });
      expect(await page.evaluate<string>(STORED_CONVERSATION)).to.equal(conversationId);
      expect(await said(page, ALERT).count(), 'shown once').to.equal(1);
      expect(await said(page, '').count()).to.equal(bubblesBefore);
    } finally {
      await context.close();
    }
  });
});
