/**
 * Launches Debian's chromium for the browser tests and the screenshot script. When
 * chromium is missing this fails with a message saying how to install it (CI does).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Starts chromium; playwright gives every launch a fresh temporary user-data-dir and removes it on close. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `chromium not found at ${chromiumPath}: the browser tests need it. Install it with \`apt-get install -y chromium\` (CI's .ci/run does), or set SWITCHYARD_CHROMIUM to its path.`,
    );
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}
