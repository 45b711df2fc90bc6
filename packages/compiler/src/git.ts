import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { BuildError } from './errors.js';

const exec = promisify(execFile);

/** The commit a branch forked from `ref` (`git diff ref...HEAD` semantics), or `ref` itself without a common ancestor. */
export async function resolveBase(cwd: string, ref: string): Promise<string> {
  try {
    await exec('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd });
  } catch {
    throw new BuildError(
      'unknown-ref',
      `"${ref}" is not a commit, branch or tag of this repository (for a pull request: fetch it, e.g. git fetch origin main)`,
    );
  }
  try {
    return (await exec('git', ['merge-base', ref, 'HEAD'], { cwd })).stdout.trim();
  } catch {
    return (await exec('git', ['rev-parse', `${ref}^{commit}`], { cwd })).stdout.trim();
  }
}

/** Paths under `prefix` in the tree of `commit`. */
export async function listFiles(cwd: string, commit: string, prefix: string): Promise<string[]> {
  const { stdout } = await exec('git', ['ls-tree', '-r', '-z', '--name-only', commit, '--', prefix], { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\0').filter(Boolean);
}

/** The content of many files at a commit, through one `git cat-file --batch` process. */
export function readFilesAt(cwd: string, commit: string, paths: string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (problem) => reject(new BuildError('git', `git cat-file failed: ${problem.message}`, { cause: problem })));
    child.on('close', (code) => {
      if (code !== 0) return reject(new BuildError('git', `git cat-file exited with ${code}`));
      const output = Buffer.concat(chunks);
      const files = new Map<string, Buffer>();
      let offset = 0;
      for (const path of paths) {
        const headerEnd = output.indexOf(0x0a, offset);
        const header = output.subarray(offset, headerEnd).toString();
        offset = headerEnd + 1;
        const [, type, size] = header.split(' ');
        if (type === undefined || size === undefined) continue; // "<name> missing"
        const length = Number(size);
        if (type === 'blob') files.set(path, output.subarray(offset, offset + length));
        offset += length + 1;
      }
      resolve(files);
    });
    child.stdin.end(paths.map((path) => `${commit}:${path}\n`).join(''));
  });
}
