import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import type { Browser, Download } from 'playwright-core';
import { MemoryAuditLog } from '../../src/access/auditLog';
import { ExportLinks } from '../../src/access/exportLinks';
import { OPEN_POLICY } from '../../src/access/roles';
import { listQueriesOf } from '../../src/app';
import { importFolder } from '../../src/data/importer';
import { SqliteCampaignStore } from '../../src/data/sqliteStore';
import { projectPath } from '../../src/platform/paths';
import type { RunningServer } from '../../src/server';
import { tempDir } from '../data/helpers';
import { askWebChat, launchChromium, requireChromium } from '../helpers/headlessChromium';
import { startTestServer } from '../helpers/httpServer';

const WAIT_MS = 15_000;

/**
 * A list in Web Chat end to end, on the demo data in headless Chromium: ask for it, page with Show 10 more, download the
 * CSV from the card and compare it with the list.
 */
describe('a contact list in Web Chat (headless Chromium)', function () {
  this.timeout(90_000);
  let server: RunningServer;
  let browser: Browser;
  let store: SqliteCampaignStore;
  let cleanup: () => void;

  before(async function () {
    requireChromium(this);
    const temp = tempDir('webchat-lists-');
    cleanup = temp.cleanup;
    const dbPath = path.join(temp.dir, 'campaigns.sqlite');
    await importFolder(dbPath, projectPath('data', 'demo'));
    store = await SqliteCampaignStore.open(dbPath);
    const campaigns = (await store.listCampaigns()).map(({ id, name }) => ({ id, name }));
    const links = new ExportLinks('webchat-test-secret');
    const audit = new MemoryAuditLog();
    server = await startTestServer({}, { store, campaigns, links, audit }, {}, { listExport: { links, lists: listQueriesOf(store)!, store, policy: OPEN_POLICY, audit } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    cleanup?.();
  });

  it('asks for a list, pages through it, and downloads the CSV from the card: the same rows', async () => {
    const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true, viewport: { width: 1100, height: 1400 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.locator('.webchat__bubble__content', { hasText: 'Hi!' }).first().waitFor({ timeout: WAIT_MS });
      await askWebChat(page, 'which contacts in Spring Renewals are flagged bad?');
      const firstCard = page.locator('.ac-adaptiveCard', { hasText: 'Showing 1–10' });
      await firstCard.waitFor({ timeout: WAIT_MS });
      // the text above the card is the lead sentence alone: the card holds the rest
      const lead = page.locator('.webchat__bubble__content', { hasText: 'contacts in Spring Renewals are flagged bad' }).first();
      expect(await lead.innerText()).to.not.contain('What to do');
      if (process.env.LIST_SCREENSHOT) await page.screenshot({ path: process.env.LIST_SCREENSHOT, fullPage: true });
      // the ids of the table's rows, in order (the card shows no other contact ids)
      const cellIds = async (card: typeof firstCard): Promise<string[]> => (await card.innerText()).match(/\bC-\d+\b/g) ?? [];
      const firstIds = await cellIds(firstCard);
      expect(firstIds).to.have.length(10);

      await page.locator('.webchat__suggested-action', { hasText: 'Show 10 more' }).click();
      const secondCard = page.locator('.ac-adaptiveCard', { hasText: 'Showing 11–20' });
      await secondCard.waitFor({ timeout: WAIT_MS });
      const secondIds = await cellIds(secondCard);

      // Web Chat opens the link in a new window, whose navigation turns into the download: listen on every page
      const downloaded = new Promise<Download>((resolve) => {
        page.on('download', resolve);
        context.on('page', (popup) => popup.on('download', resolve));
      });
      await firstCard.getByRole('button', { name: 'Download CSV' }).click();
      const download = await downloaded;
      const csv = readFileSync((await download.path())!, 'utf8');
      const csvIds = csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]!);
      const expected: string[] = [];
      for await (const row of listQueriesOf(store)!.contactRows({ campaignIds: ['CMP-SPRING'], filter: { kind: 'flagged_bad' } })) expected.push(row.id);
      expect(csvIds).to.deep.equal(expected);
      expect(csvIds.slice(0, 20)).to.deep.equal([...firstIds, ...secondIds]);
    } finally {
      await context.close();
    }
  });
});
