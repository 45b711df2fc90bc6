import { type Dirent, existsSync, readdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { AGENT_FILE, AGENTS_DIR, agentDir, categoryDir } from '@agents/schema';
import { error } from './diagnostic.js';
import { type WalkTask, walkPackages } from './package-walk.js';
import type { FileReport } from './registry.js';
import { CATEGORY_PACKAGE_FOLDERS } from './workspace.js';

/** An agent's package folder: `agents/<category>/<folder>/`, and where it is. */
export interface AgentFolder {
  category: string;
  folder: string;
  dir: string;
  /** What the walk of the folder found: the names of its entries, and its regular files (relative paths, with `/`). */
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
  const found = await findAgentFolders(root);
  const checked = await found.checked;
  return { folders: [...checked.folders.values()], refusals: [...found.refusals, ...checked.refusals] };
}

/** An agent folder found, before its walk says whether it holds only regular files. */
export type FoundFolder = Omit<AgentFolder, 'top' | 'files'>;

/**
 * agentFolders in two steps, so that the agent files can be read while the package folders are walked (on
 * another thread, see walkPackages): the folders found, the refusals known at once, and `checked`, the
 * folders whose walk found only regular files (by folder) and the refusals of the walk.
 */
export async function findAgentFolders(root: string): Promise<{
  candidates: FoundFolder[];
  refusals: FileReport[];
  checked: Promise<{ folders: Map<string, AgentFolder>; refusals: FileReport[] }>;
}> {
  const realRoot = await realpath(root).catch(() => root);
  const refusals: FileReport[] = [];
  const isInside = async (path: string) => {
    const real = await realpath(path).catch(() => undefined);
    return { real, inside: real !== undefined && (real === realRoot || real.startsWith(`${realRoot}${sep}`)) };
  };
  // A link to a folder outside is seen both as a folder and as a link of its category's package: reported once.
  const reported = new Set<string>();
  const escapeReport = (path: string, real: string | undefined): FileReport | undefined => {
    if (reported.has(path)) return undefined;
    reported.add(path);
    const message = `a symbolic link that leads outside the repository${real ? ` (to ${real})` : ''}: agent files must live in the repository`;
    return { path, name: null, diagnostics: [error('symlink-escape', message)] };
  };
  const inside = async (path: string): Promise<boolean> => {
    const { real, inside } = await isInside(path);
    if (!inside) {
      const report = escapeReport(path, real);
      if (report) refusals.push(report);
    }
    return inside;
  };
  const tasks: WalkTask[] = [];
  // For each task, the agent folder it walks; none for a category's own package.
  const walkedFolders: (FoundFolder | undefined)[] = [];
  const candidates: FoundFolder[] = [];
  for (const category of await subfolders(join(root, AGENTS_DIR), inside)) {
    const agentNames = await subfolders(join(root, categoryDir(category)), inside);
    // The category's own package: its files beside the agent folders.
    tasks.push({ dir: join(root, categoryDir(category)), skip: agentNames.filter((folder) => !CATEGORY_PACKAGE_FOLDERS.has(folder)) });
    walkedFolders.push(undefined);
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
      const found = { category, folder, dir };
      tasks.push({ dir, skip: [] });
      walkedFolders.push(found);
      candidates.push(found);
    }
  }
  const checked = walkPackages(tasks).then(async (walked) => {
    const folders = new Map<string, AgentFolder>();
    const walkRefusals: FileReport[] = [];
    for (const [index, entries] of walked.entries()) {
      for (const { path, kind } of entries.irregular) {
        const { real, inside } = kind === 'a symbolic link' ? await isInside(path) : { real: undefined, inside: true };
        const report = inside ? irregularReport(path, kind) : escapeReport(path, real);
        if (report) walkRefusals.push(report);
      }
      const found = walkedFolders[index];
      if (found && entries.irregular.length === 0) folders.set(found.dir, { ...found, top: entries.top, files: new Set(entries.files) });
    }
    return { folders, refusals: walkRefusals };
  });
  return { candidates, refusals, checked };
}

function irregularReport(path: string, kind: string): FileReport {
  const message = `${kind} in a package folder: a package holds regular files only (npm would leave it out, a link may point at a secret); replace it with the file itself`;
  return { path, name: null, diagnostics: [error('irregular-file', message)] };
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
