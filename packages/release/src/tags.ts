import { spawn } from 'node:child_process';
import { ReleaseError } from './errors.js';
import { run } from './run.js';

/**
 * Creates the annotated tags `name@version` that do not exist yet, on HEAD,
 * through one `git fast-import` process (one `git tag` per package costs a
 * process each). Returns the tags created.
 */
export async function createTags(cwd: string, names: string[], identity: { name: string; email: string }): Promise<string[]> {
  const existing = new Set((await run('git', ['tag', '--list'], { cwd })).output.split('\n').filter(Boolean));
  const head = (await run('git', ['rev-parse', 'HEAD'], { cwd })).output.trim();
  const missing = [...new Set(names)].filter((tag) => !existing.has(tag)).sort();
  if (missing.length === 0) return [];
  const time = `${Math.floor(Date.now() / 1000)} +0000`;
  const stream = missing
    .map((tag) => {
      const message = `${tag}\n`;
      return `tag ${tag}\nfrom ${head}\ntagger ${identity.name} <${identity.email}> ${time}\ndata ${Buffer.byteLength(message)}\n${message}\n`;
    })
    .join('');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd, stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk));
    child.on('error', (problem) => reject(new ReleaseError('tags', `git fast-import failed: ${problem.message}`, { cause: problem })));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new ReleaseError('tags', `git fast-import failed (${code}): ${errors.trim()}`))));
    child.stdin.end(stream);
  });
  return missing;
}
