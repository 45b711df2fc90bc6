import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILTIN_AGENT_NAMES, CATEGORIES, packageName, splitPackageName } from '@agents/schema';
import { parse } from 'yaml';

/** A package of the repository's pnpm workspace. */
export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  manifest: { name: string; version: string; private?: boolean; [field: string]: unknown };
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

/**
 * The workspace's packages, in name order, read from pnpm-workspace.yaml and each package.json;
 * `patterns` narrows which of the workspace's patterns are read.
 */
export async function workspacePackages(root: string, patterns: (pattern: string) => boolean = () => true): Promise<WorkspacePackage[]> {
  const workspace = await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8').then(
    (text) => parse(text) as { packages?: string[] } | null,
    () => null,
  );
  const listed = (workspace?.packages ?? []).filter((pattern) => !pattern.startsWith('!') && patterns(pattern));
  const dirs = [...new Set((await Promise.all(listed.map((pattern) => expand(root, pattern)))).flat())];
  const found = await Promise.all(
    dirs.map(async (dir) => {
      const manifest = await readFile(join(dir, 'package.json'), 'utf8').then(
        (text) => JSON.parse(text) as WorkspacePackage['manifest'],
        () => undefined,
      );
      return typeof manifest?.name === 'string' && typeof manifest.version === 'string'
        ? { name: manifest.name, version: manifest.version, dir, manifest }
        : undefined;
    }),
  );
  return found.filter((pkg) => pkg !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

/** Folders of a category package (agents/<category>/) that hold no agent: its modules, and its members' files for other clients. */
export const CATEGORY_PACKAGE_FOLDERS: ReadonlySet<string> = new Set(['dist', 'clients']);

/** Why an agent may not take a name: the rule's code and its message. */
export interface Reservation {
  code: 'builtin-name' | 'category-name' | 'reserved-name';
  message: string;
}

/**
 * The names an agent may not take in this repository: Claude Code's built-in agents, the categories
 * (each is a package, <scope>/<category>), the folders of a category's package (dist, clients), and the repository's own packages outside agents/
 * (@agents/cli, @agents/schema, …), whose package names an agent's would collide with or be taken for.
 */
export async function reservedNames(root: string, scope: string): Promise<Map<string, Reservation>> {
  const reserved = new Map<string, Reservation>();
  for (const name of BUILTIN_AGENT_NAMES)
    reserved.set(name, { code: 'builtin-name', message: `"${name}" is the name of one of Claude Code's built-in agents: choose another` });
  for (const name of CATEGORIES)
    reserved.set(name, {
      code: 'category-name',
      message: `"${name}" is the name of a category, and ${packageName(scope, name)} its package: choose another name`,
    });
  for (const name of CATEGORY_PACKAGE_FOLDERS)
    reserved.set(name, {
      code: 'reserved-name',
      message: `"${name}" is a folder of every category's package (agents/<category>/${name}/): choose another name`,
    });
  for (const pkg of await workspacePackages(root, (pattern) => pattern.split('/')[0] !== 'agents')) {
    const name = splitPackageName(pkg.name)?.name ?? pkg.name;
    reserved.set(name, { code: 'reserved-name', message: `"${name}" is the name of a package of this repository (${pkg.name}): choose another name` });
  }
  return reserved;
}
