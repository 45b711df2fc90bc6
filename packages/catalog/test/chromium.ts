import { existsSync } from 'node:fs';
import { CHROMIUM } from '../src/chromium.js';

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
