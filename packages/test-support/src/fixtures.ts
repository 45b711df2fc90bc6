import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SHARED = join(REPO_ROOT, '..', 'shared');
export const SEED = join(SHARED, 'seeds', 'data-platform-engineer.md');
export const CORPUS = join(SHARED, 'corpus');
export const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'agents.js');
export const CATALOG = join(REPO_ROOT, 'packages', 'catalog', 'bin', 'catalog.js');
export const SEED_PACKAGE = join(REPO_ROOT, 'agents', 'development', 'data-platform-engineer');
/** How long removing a test's temporary folders may take before the hook is cut short: minutes, on a loaded machine. */
const CLEANUP_TIMEOUT = 300_000;

/** Every agent file of the corpus (../shared/corpus), sorted; its README is not one. */
export function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md') && path !== join(CORPUS, 'README.md')) files.push(path);
    }
  };
  walk(CORPUS);
  return files.sort();
}

/** Why a test that needs ../shared is skipped, or undefined when it is there. */
export function sharedMissing(path: string): string | undefined {
  return existsSync(path) ? undefined : `skipped: ${path} is absent (these tests read ../shared beside the repository)`;
}

const removeAfterTest: string[] = [];
const removeAfterFile: string[] = [];
/**
 * Removes the folders concurrently, without blocking the event loop, and never fails the suite: a
 * workspace with node_modules takes seconds to delete on a busy machine, and a folder left in the
 * system's temporary folder harms no result. The hook gets a timeout to match (vitest.config.ts).
 */
const removeAll = async (dirs: string[]) => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)));
};
afterEach(() => removeAll(removeAfterTest), CLEANUP_TIMEOUT);
afterAll(() => removeAll(removeAfterFile), CLEANUP_TIMEOUT);

/** A temporary folder, removed after the test, or with `lifetime: 'file'` after the test file (for `beforeAll`). */
export function tempDir(prefix = 'agents-test-', lifetime: 'test' | 'file' = 'test'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  (lifetime === 'test' ? removeAfterTest : removeAfterFile).push(dir);
  return dir;
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A conforming package.json of an agent package. */
export function agentManifest(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const manifest = JSON.parse(readFileSync(join(SEED_PACKAGE, 'package.json'), 'utf8')) as Record<string, unknown>;
  return { ...manifest, name: `@agents/${name}`, version: '1.0.0', ...overrides };
}

/** A valid agent definition. */
export function agentMarkdown(name: string, category = 'development', extra = ''): string {
  return `---\nname: ${name}\ndescription: Use for ${name} work.\ntools: Read, Grep\nmodel: sonnet\ncategory: ${category}\n${extra}---\n\nYou are ${name}.\n`;
}

/**
 * A skill of a registry, `skills/<name>/`: its SKILL.md, a script it carries, and a conforming package.json
 * (`@agents/skill-<name>`, shipping exactly its own entries), each replaceable.
 */
export function skillFiles(name: string, files: Record<string, string> = {}): Record<string, string> {
  const own: Record<string, string> = {
    'SKILL.md': `---\nname: ${name}\ndescription: Use for ${name} work.\n---\n\nRun scripts/check.py on the input.\n`,
    'scripts/check.py': 'print("checked")\n',
    ...files,
  };
  const entries = [...new Set(Object.keys(own).map((path) => path.split('/')[0]!))].filter((entry) => entry !== 'package.json');
  const manifest = {
    name: `@agents/skill-${name}`,
    version: '1.0.0',
    description: `The ${name} skill.`,
    license: 'MIT',
    files: [...entries, 'CHANGELOG.md'].sort(),
    publishConfig: { access: 'public' },
  };
  return Object.fromEntries(
    Object.entries({ 'package.json': JSON.stringify(manifest, null, 2), ...own }).map(([path, text]) => [`skills/${name}/${path}`, text]),
  );
}

export interface AgentSpec {
  category?: string;
  folder: string;
  markdown?: string;
  manifest?: Record<string, unknown>;
}

/** A registry in a temporary folder: `pnpm-workspace.yaml` and `agents/<category>/<folder>/` per spec. */
export function makeRegistry(agents: AgentSpec[], lifetime: 'test' | 'file' = 'test'): string {
  const root = tempDir('agents-registry-', lifetime);
  writeFiles(root, { 'pnpm-workspace.yaml': 'packages:\n  - agents/*/*\n' });
  mkdirSync(join(root, 'agents'));
  for (const spec of agents) {
    const category = spec.category ?? 'development';
    const dir = `agents/${category}/${spec.folder}`;
    writeFiles(root, {
      [`${dir}/agent.md`]: spec.markdown ?? agentMarkdown(spec.folder, category),
      [`${dir}/package.json`]: JSON.stringify(spec.manifest ?? agentManifest(spec.folder), null, 2),
    });
  }
  return root;
}

/** Adds packages/<name>/ packages (@agents/<name>) to a registry's workspace, as the repository has its tools. */
export function writeWorkspacePackages(root: string, names: string[]): void {
  writeFiles(root, { 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - agents/*/*\n' });
  for (const name of names) writeFiles(root, { [`packages/${name}/package.json`]: JSON.stringify({ name: `@agents/${name}`, version: '0.1.0' }) });
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built program of the repository (by default the `agents` CLI) as a real process. A program that
 * hangs is killed after a minute (status null), so the test fails instead of holding up the whole run.
 */
export function runCli(args: string[], cwd: string = REPO_ROOT, env: NodeJS.ProcessEnv = {}, program: string = CLI): Run {
  const result = spawnSync(process.execPath, [program, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `runCli` without blocking this process: for tests whose own server must answer the program. */
export function runCliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 },
      (problem, stdout, stderr) => {
        resolve({ status: problem ? (typeof problem.code === 'number' ? problem.code : null) : 0, stdout, stderr });
      },
    );
  });
}
