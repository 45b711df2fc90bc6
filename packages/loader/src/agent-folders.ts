import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { AGENT_FILE, AGENTS_DIR, agentDir, categoryDir } from '@agents/schema';
import { error } from './diagnostic.js';
import { type PackageEntries, packageEntries } from './package-files.js';
import type { FileReport } from './registry.js';
import { CATEGORY_PACKAGE_FOLDERS } from './workspace.js';

/** An agent's package folder: `agents/<category>/<folder>/`, and where it is. */
export interface AgentFolder {
  category: string;
  folder: string;
  dir: string;
  /** What the walk of the folder found: the names of its entries, and its regular files (absolute paths). */
  top: readonly string[];
  files: ReadonlySet<string>;
}

/**
 * The `agents/<category>/<name>/` folders, and a report for each symbolic link or special file in a
 * package folder (an agent's, or a category's own files): a pull request could otherwise make the release
 * read and publish any file of the machine. A link that leads outside the repository says so; a folder
 * that holds any of them is not loaded. An agent in a folder of the category package (dist, clients) is refused.
 */
export async function agentFolders(root: string): Promise<{ folders: AgentFolder[]; refusals: FileReport[] }> {
  const realRoot = await realpath(root).catch(() => root);
  const refusals: FileReport[] = [];
  const isInside = async (path: string) => {
    const real = await realpath(path).catch(() => undefined);
    return { real, inside: real !== undefined && (real === realRoot || real.startsWith(`${realRoot}${sep}`)) };
  };
  // A link to a folder outside is seen both as a folder and as a link of its category's package: reported once.
  const reported = new Set<string>();
  const reportEscape = (path: string, real: string | undefined) => {
    if (reported.has(path)) return;
    reported.add(path);
    refusals.push({
      path,
      name: null,
      diagnostics: [
        error('symlink-escape', `a symbolic link that leads outside the repository${real ? ` (to ${real})` : ''}: agent files must live in the repository`),
      ],
    });
  };
  const inside = async (path: string): Promise<boolean> => {
    const { real, inside } = await isInside(path);
    if (!inside) reportEscape(path, real);
    return inside;
  };
  /** Reports the irregular files of a package folder; its entries when it has none. */
  const regular = async (dir: string, skip?: ReadonlySet<string>): Promise<PackageEntries | undefined> => {
    const entries = packageEntries(dir, skip);
    const irregular = entries.irregular;
    for (const { path, kind } of irregular) {
      const { real, inside } = kind === 'a symbolic link' ? await isInside(path) : { real: undefined, inside: true };
      if (!inside) reportEscape(path, real);
      else {
        refusals.push({
          path,
          name: null,
          diagnostics: [
            error(
              'irregular-file',
              `${kind} in a package folder: a package holds regular files only (npm would leave it out, a link may point at a secret); replace it with the file itself`,
            ),
          ],
        });
      }
    }
    return irregular.length === 0 ? entries : undefined;
  };
  const folders: AgentFolder[] = [];
  for (const category of await subfolders(join(root, AGENTS_DIR), inside)) {
    const agentNames = await subfolders(join(root, categoryDir(category)), inside);
    // The category's own package: its files beside the agent folders.
    await regular(join(root, categoryDir(category)), new Set(agentNames.filter((folder) => !CATEGORY_PACKAGE_FOLDERS.has(folder))));
    for (const folder of agentNames) {
      const dir = join(root, agentDir(category, folder));
      // A category folder is also the category's package: its build output is not an agent, and no agent can take its name.
      if (CATEGORY_PACKAGE_FOLDERS.has(folder)) {
        if (existsSync(join(dir, AGENT_FILE))) {
          const message = `${agentDir(category, folder)}/ is the category package's own folder: an agent cannot be named "${folder}"`;
          refusals.push({
            path: join(dir, AGENT_FILE),
            name: folder,
            diagnostics: [{ severity: 'error', code: 'reserved-name', message, line: 1, column: 1 }],
          });
        }
        continue;
      }
      const entries = await regular(dir);
      if (entries) folders.push({ category, folder, dir, top: entries.top, files: new Set(entries.files) });
    }
  }
  return { folders, refusals };
}

/** A folder's entries, or none when it cannot be read. Synchronous: one listing per agent, each far cheaper than a trip through the thread pool. */
export function listFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Sub-folders of `dir`; a symbolic link counts when it stays inside the repository. */
async function subfolders(dir: string, inside: (path: string) => Promise<boolean>): Promise<string[]> {
  const names: string[] = [];
  for (const entry of listFolder(dir)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isSymbolicLink()) {
      const path = join(dir, entry.name);
      if ((await inside(path)) && (await stat(path)).isDirectory()) names.push(entry.name);
    } else if (entry.isDirectory()) names.push(entry.name);
  }
  return names.sort();
}
