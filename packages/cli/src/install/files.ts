import { createHash } from 'node:crypto';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { printable } from '@agents/schema';
import { CliError } from '../errors.js';
import type { LockEntry } from './lock.js';
import type { Target } from './target.js';

export const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The state of an agent file against the lock:
 * - missing: no file;
 * - unmodified: the file is what was installed;
 * - modified: the user edited it since;
 * - unmanaged: a file the CLI did not install.
 * A symbolic link is refused outright: writing through it could reach anywhere.
 */
export type FileState = 'missing' | 'unmodified' | 'modified' | 'unmanaged';

export async function fileState(path: string, entry: LockEntry | undefined): Promise<{ state: FileState; content?: Buffer }> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch {
    return { state: 'missing' };
  }
  if (info.isSymbolicLink()) throw new CliError('unsafe-path', `${path} is a symbolic link: refusing to write through it; remove it first`);
  if (!info.isFile()) throw new CliError('unsafe-path', `${path} is not a regular file: refusing to replace it`);
  const content = await readFile(path);
  if (entry === undefined) return { state: 'unmanaged', content };
  return { state: sha256(content) === entry.sha256 ? 'unmodified' : 'modified', content };
}

/**
 * A `.claude`, `.claude/agents` or skills folder (`.claude/skills`, `.agents`, `.agents/skills`) that is a
 * symbolic link would have writes and deletions land wherever it points: refused, naming the target,
 * before anything is written or removed.
 */
export async function refuseLinkedFolders(target: Target): Promise<void> {
  const skills = target.skillsDir === undefined ? [] : [dirname(target.skillsDir), target.skillsDir];
  for (const dir of [target.configDir, target.agentsDir, ...skills]) {
    const info = await lstat(dir).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      throw new CliError(
        'unsafe-path',
        `${dir} is a symbolic link to ${printable(await readlink(dir))}: refusing to write through it: replace the link with a folder`,
      );
    }
  }
}
