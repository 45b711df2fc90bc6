import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders npm never packs, wherever they are. */
const NEVER_PACKED: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** What an entry of a package folder is, when it is not a folder or a regular file. */
function irregularKind(entry: Dirent): string | undefined {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isDirectory() || entry.isFile()) return undefined;
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  return 'a device';
}

/** A package folder's entries, walked once: its regular files, and what is not a folder or a regular file. */
export interface PackageEntries {
  /** Paths relative to the folder, with `/`, in the order found. */
  files: string[];
  irregular: { path: string; kind: string }[];
  /** The names of the folder's own entries, but those `skip` and npm leave aside. */
  top: string[];
  /** What was left aside as npm never packs it (node_modules, .git), relative. */
  neverPacked: string[];
}

/**
 * Every regular file of a package folder, and every symbolic link and every entry that is neither a folder nor
 * a regular file (what npm never packs aside, and the top-level names in `skip`): npm leaves those out of a
 * tarball silently, a hand-made packer follows a link to whatever it points at on the release machine, and a
 * named pipe hangs a reader. A package holds regular files only.
 */
export function packageEntries(dir: string, skip: ReadonlySet<string> = new Set()): PackageEntries {
  const found: PackageEntries = { files: [], irregular: [], top: [], neverPacked: [] };
  // `within` is the folder's path relative to `dir`, ending in `/` (empty at the top).
  const walk = (folder: string, within: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (within === '' && skip.has(entry.name)) continue;
      if (NEVER_PACKED.has(entry.name)) {
        found.neverPacked.push(`${within}${entry.name}`);
        continue;
      }
      if (within === '') found.top.push(entry.name);
      const kind = irregularKind(entry);
      if (kind) found.irregular.push({ path: join(folder, entry.name), kind });
      else if (entry.isDirectory()) walk(join(folder, entry.name), `${within}${entry.name}/`);
      // Relative and short: thousands of folders' files are kept, and sent from the thread that walks them.
      else found.files.push(`${within}${entry.name}`);
    }
  };
  walk(dir, '');
  return found;
}
