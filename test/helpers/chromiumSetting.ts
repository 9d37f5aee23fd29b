import { existsSync } from 'node:fs';

/** Debian's Chromium, unless CHROMIUM_PATH names another: playwright-core drives it, nothing is downloaded. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || DEFAULT_CHROMIUM_PATH;
}

export function chromiumMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = chromiumPath(env);
  return existsSync(path) ? undefined : `no Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/**
 * For a browser suite's `before`: without a browser the suite is skipped on a developer's machine, and fails under
 * CI=true, where a skipped browser test would pass unseen.
 */
export function requireChromium(suite: Mocha.Context, env: NodeJS.ProcessEnv = process.env): void {
  const missing = chromiumMissing(env);
  if (!missing) return;
  if (env.CI === 'true') throw new Error(`${missing}; CI=true, so the browser tests fail instead of skipping`);
  console.warn(`      skipped: ${missing}`);
  suite.skip();
}
