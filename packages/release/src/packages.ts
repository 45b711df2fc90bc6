import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Manifest } from './pack.js';

export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

// Expands pnpm-workspace.yaml's patterns (packages/*, agents/*/*, plain paths): a star matches one folder level.
async function expand(root: string, pattern: string): Promise<string[]> {
  let dirs = [root];
  for (const part of pattern.split('/')) {
    const next: string[] = [];
    for (const dir of dirs) {
      if (part !== '*') {
        next.push(join(dir, part));
        continue;
      }
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') next.push(join(dir, entry.name));
    }
    dirs = next;
  }
  return dirs;
}

/** The workspace's packages, in name order, read from pnpm-workspace.yaml and each package.json. */
export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const { packages: patterns = [] } = parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as { packages?: string[] };
  const dirs = [...new Set((await Promise.all(patterns.filter((pattern) => !pattern.startsWith('!')).map((pattern) => expand(root, pattern)))).flat())];
  const found = await Promise.all(
    dirs.map(async (dir) => {
      const manifest = await readFile(join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as Manifest, () => undefined);
      return manifest?.name && manifest.version ? { name: manifest.name, version: manifest.version, dir, manifest } : undefined;
    }),
  );
  return found.filter((pkg) => pkg !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs `work` over `items`, at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
