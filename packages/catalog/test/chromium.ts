import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`): test tools may not download browsers here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run, or undefined. In CI a missing Chromium is a
 * failure (.ci/run installs it); elsewhere the tests skip and say how to run them.
 */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`;
  if (process.env.CI) throw new Error(`${reason}; .ci/run installs it`);
  return `skipped: ${reason}`;
}

/**
 * Headless, with an empty profile, and with Chromium's own calls home switched
 * off: this machine's network refuses them, and a test must see only the
 * requests the page makes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}
