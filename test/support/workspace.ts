import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT, tempDir } from './fixtures.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * A copy of this repository's working tree (tracked and untracked files that
 * git does not ignore) as a fresh git repository on `main`, installed from
 * pnpm's store and with the tools built: a workspace to run the pipeline on.
 * It lasts until the end of the test file.
 */
export function snapshotWorkspace(): string {
  const dir = join(tempDir('agents-workspace-', 'file'), 'repo');
  mkdirSync(dir);
  const files = git(REPO_ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(REPO_ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(dir, file), { verbatimSymlinks: true });
  }
  git(dir, 'init', '--quiet', '--initial-branch=main');
  commitAll(dir, 'snapshot');
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: dir, stdio: 'pipe' });
  execFileSync('pnpm', ['run', 'build:tools'], { cwd: dir, stdio: 'pipe', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  return dir;
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '--all');
  git(dir, '-c', 'user.name=test', '-c', 'user.email=test@agents.invalid', 'commit', '--quiet', '--allow-empty', '-m', message);
}

export function tags(dir: string): string[] {
  return git(dir, 'tag', '--list').split('\n').filter(Boolean).sort();
}
