import { spawn } from 'node:child_process';
import { ReleaseError } from './errors.js';
import { run } from './run.js';

/** The line of a release tag's message that names the registry the version was found on. */
const REGISTRY_LINE = 'registry: ';

/**
 * The release tags (`name@version`) that say their version is on `registry`: made by this publisher
 * after it saw the version there (their message names the registry). A tag made by hand, or for
 * another registry (a local release from a clone that holds npm's tags), says nothing about it.
 */
export async function tagsOnRegistry(cwd: string, registry: string): Promise<Set<string>> {
  const output = (await run('git', ['for-each-ref', 'refs/tags', '--format=%(refname:strip=2)%09%(contents:body)'], { cwd })).output;
  const tags = new Set<string>();
  // One line per tag: its name, a tab, and the first line of its message's body.
  for (const line of output.split('\n')) {
    const [tag, body] = line.split('\t');
    if (tag && body === `${REGISTRY_LINE}${registry}`) tags.add(tag);
  }
  return tags;
}

/**
 * Creates the annotated tags `name@version` that do not exist yet, on HEAD, each saying the registry
 * its version is on, through one `git fast-import` process (one `git tag` per package costs a
 * process each). Returns the tags created.
 */
export async function createTags(cwd: string, names: string[], registry: string, identity: { name: string; email: string }): Promise<string[]> {
  const existing = new Set((await run('git', ['tag', '--list'], { cwd })).output.split('\n').filter(Boolean));
  const head = (await run('git', ['rev-parse', 'HEAD'], { cwd })).output.trim();
  const missing = [...new Set(names)].filter((tag) => !existing.has(tag)).sort();
  if (missing.length === 0) return [];
  const time = `${Math.floor(Date.now() / 1000)} +0000`;
  const stream = missing
    .map((tag) => {
      const message = `${tag}\n\n${REGISTRY_LINE}${registry}\n`;
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
