import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The registry's kept parses (see openRegistryParses in the compiler). */
export const parsesFile = (root: string) => join(root, 'node_modules/.cache/agents/parses.json');

/**
 * Rewrites a cache file the build keeps, as this machine could, with the identity the build records beside it
 * (see cache-file.ts in the compiler): what a test does to show that a run reuses what the cache says.
 */
export function editOwnCache<T>(path: string, change: (cache: T) => void): void {
  const cache = JSON.parse(readFileSync(path, 'utf8')) as T;
  change(cache);
  writeFileSync(path, JSON.stringify(cache));
  const info = statSync(path, { bigint: true });
  writeFileSync(`${path}.identity`, `${info.dev}:${info.ino}:${info.ctimeNs}:${info.size}`);
}
