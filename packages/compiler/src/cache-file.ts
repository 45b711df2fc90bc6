import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeAtomically } from '@agents/kit';

/** Beside a cache file: the identity of the file this machine wrote (see fileIdentity). */
const IDENTITY_SUFFIX = '.identity';

/**
 * A file's identity on this disk: device, inode, change time in nanoseconds, size. A cache here says which agent
 * files parsed clean and which outputs are current, so it must be one this machine wrote: a pull request can commit
 * a file under node_modules/ (`git add -f`) that passes a hostile agent as clean, or stale outputs as built. A
 * checked-out or copied file has another inode and change time, which no one can choose, so such a cache is dropped.
 */
function fileIdentity(path: string): string | undefined {
  const info = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  return info?.isFile() ? `${info.dev}:${info.ino}:${info.ctimeNs}:${info.size}` : undefined;
}

/** The JSON of a cache file this machine wrote with writeOwnCache; undefined for any other file, or none. */
export async function readOwnCache(path: string): Promise<unknown> {
  const written = await readFile(`${path}${IDENTITY_SUFFIX}`, 'utf8').catch(() => undefined);
  const identity = fileIdentity(path);
  if (identity === undefined || written !== identity) return undefined;
  return readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as unknown,
    () => undefined,
  );
}

/** Writes a cache file, and its identity beside it. */
export async function writeOwnCache(path: string, value: unknown): Promise<void> {
  await writeAtomically(path, JSON.stringify(value));
  await writeAtomically(`${path}${IDENTITY_SUFFIX}`, fileIdentity(path) ?? '');
}
