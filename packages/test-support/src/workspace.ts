import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';
import { REPO_ROOT, tempDir } from './fixtures.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * A copy of this repository's working tree (tracked and untracked files that
 * git does not ignore) as a fresh git repository on `main`, installed from
 * pnpm's store and with the tools built: a workspace to run the pipeline on.
 * It lasts until the end of the test file, or with `parent` as long as that folder.
 */
export function snapshotWorkspace(parent = tempDir('agents-workspace-', 'file')): string {
  const dir = join(parent, 'repo');
  mkdirSync(dir);
  const files = git(REPO_ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(dir, file), { verbatimSymlinks: true });
  }
  git(dir, 'init', '--quiet', '--initial-branch=main');
  commitAll(dir, 'snapshot');
  installTools(dir);
  return dir;
}

/**
 * A clone of a workspace made by `snapshotWorkspace` (and changed since), with or without its tags,
 * installed and with the tools built: for a scenario that starts where another left off. It lasts until
 * the end of the test file.
 */
export function cloneWorkspace(source: string, { tags }: { tags: boolean }): string {
  const dir = join(tempDir('agents-workspace-', 'file'), 'repo');
  execFileSync('git', ['clone', '--quiet', ...(tags ? [] : ['--no-tags']), source, dir], { stdio: 'pipe' });
  // A release pushes nothing, but a clone must not even name the workspace it came from.
  git(dir, 'remote', 'remove', 'origin');
  installTools(dir);
  return dir;
}

/** Installs from pnpm's store and builds the tools: builds of the repository's own packages come from its turbo cache. */
function installTools(dir: string): void {
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: dir, stdio: 'pipe' });
  execFileSync('pnpm', ['run', 'build:tools'], { cwd: dir, stdio: 'pipe', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '--all');
  git(dir, '-c', 'user.name=test', '-c', 'user.email=test@agents.invalid', 'commit', '--quiet', '--allow-empty', '-m', message);
}

export function tags(dir: string): string[] {
  return git(dir, 'tag', '--list').split('\n').filter(Boolean).sort();
}

/** A release that changesets plans for a package: its name and its version before and after. */
export interface PlannedRelease {
  name: string;
  from: string;
  to: string;
}

/**
 * What `changeset version` will release in a workspace, as changesets itself plans it (its
 * get-release-plan), public packages only, by name: what a test of the pipeline expects, whatever
 * agents the repository holds today.
 */
export async function releasePlan(dir: string): Promise<PlannedRelease[]> {
  const plan = await getReleasePlan(dir);
  const privateNames = new Set(
    git(dir, 'ls-files', '*package.json')
      .split('\n')
      .filter(Boolean)
      .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name?: string; private?: boolean })
      .filter((manifest) => manifest.private)
      .map((manifest) => manifest.name),
  );
  return plan.releases
    .flatMap((release) =>
      release.type === 'none' || privateNames.has(release.name) ? [] : [{ name: release.name, from: release.oldVersion, to: release.newVersion }],
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The version a patch release makes of `version` (1.0.0 → 1.0.1). */
export const nextPatch = (version: string) => version.replace(/\d+$/, (patch) => String(Number(patch) + 1));

/**
 * `wanted`, or `wanted-2`, `wanted-3`…: a name no agent or skill of the workspace has, so that a test that
 * adds one keeps passing once a contributor adds one of the name it wanted.
 */
export function unusedAgentName(dir: string, wanted: string): string {
  const agents = join(dir, 'agents');
  const taken = new Set([
    ...readdirSync(agents, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((category) => readdirSync(join(agents, category.name))),
    // Agents and skills share the registry's names.
    ...(existsSync(join(dir, 'skills')) ? readdirSync(join(dir, 'skills')) : []),
  ]);
  for (let n = 1; ; n++) {
    const name = n === 1 ? wanted : `${wanted}-${n}`;
    if (!taken.has(name)) return name;
  }
}

/** What a contributor does after `agents new`: writes the prompt in place of the scaffold's placeholder instructions. */
export function writePrompt(dir: string, category: string, name: string, prompt: string): void {
  const file = join(dir, 'agents', category, name, 'agent.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/## Instructions\n[\s\S]*$/, `## Instructions\n\n${prompt}\n`));
}
