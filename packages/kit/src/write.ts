import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes through a temporary file in the same folder and a rename, so a reader never sees half a file. */
export async function writeAtomically(path: string, content: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (problem) {
    await rm(temporary, { force: true });
    throw problem;
  }
}

/**
 * Writes a generated file synchronously, making its folder only when the write finds it missing: for
 * thousands of small files written once (a build, a site), where a trip through the thread pool, or
 * a mkdir, per file costs more than the write.
 */
export function writeGenerated(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code !== 'ENOENT') throw problem;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
