import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './chromiumSetting';

export { chromiumMissing, chromiumPath, requireChromium } from './chromiumSetting';

/** Flags that work as root and keep the browser from calling home. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** Types a message into Web Chat's send box and sends it. */
export async function askWebChat(page: Page, text: string): Promise<void> {
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.click();
  await input.fill(text);
  await page.keyboard.press('Enter');
}
