import type { Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`): test tools may not download browsers on these machines. */
export const CHROMIUM: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless, in a new empty profile (playwright's default), with Chromium's own
 * calls home switched off: this machine's network refuses them, and a
 * measurement or a test must see only the requests the page makes.
 */
export async function launchChromium(): Promise<Browser> {
  // Loaded on use: building and serving the catalog never needs a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
    ],
  });
}
