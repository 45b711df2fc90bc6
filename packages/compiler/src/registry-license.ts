import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The licence every package the registry generates declares (agent, category, plugin): the root
 * package.json's "license", as the LICENSE file the build copies into each package is the repository's.
 * Without one, npm's own phrase for a licence given by a file.
 */
export function registryLicense(root: string): string {
  try {
    const license = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license?: unknown }).license;
    if (typeof license === 'string' && license.trim() !== '') return license;
  } catch {
    // No readable package.json at the root: the LICENSE file is all there is.
  }
  return 'SEE LICENSE IN LICENSE';
}
