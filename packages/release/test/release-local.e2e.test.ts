import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { snapshotWorkspace, tags } from '../../../test/support/workspace.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('pnpm release:local', { timeout: 240_000 }, () => {
  it('runs the pipeline on a clone against a local registry, then leaves the repository and the machine as they were', async () => {
    const workspace = snapshotWorkspace();
    // An uncommitted edit must survive, and stay out of the release of HEAD.
    execFileSync('sh', ['-c', 'echo "local note" >> README.md'], { cwd: workspace });
    const statusBefore = git(workspace, 'status', '--porcelain');
    const headBefore = git(workspace, 'rev-parse', 'HEAD');

    const run = spawnSync('pnpm', ['--silent', 'release:local'], { cwd: workspace, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.stderr).not.toContain('failed');
    expect(run.status).toBe(0);
    const output = run.stdout;
    for (const step of ['Clone HEAD and install', 'Validate the registry', 'Build', 'Version pending changesets', 'Publish what is unpublished, and tag', 'npm install @agents/data-platform-engineer']) {
      expect(output).toContain(step);
    }
    expect(output).toContain('@agents/data-platform-engineer 0.0.0 → 1.0.0');
    expect(output).toContain('data-platform-engineer 1.0.0\ntools: Read, Write, Edit, MultiEdit, Grep, Glob, LS, Bash, TodoWrite');
    expect(output).toContain('--@agents:registry=');

    expect(git(workspace, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(workspace, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(tags(workspace)).toEqual([]);
    const registryUrl = /Local registry: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
    expect(registryUrl).toBeDefined();
    await expect(fetch(new URL('-/ping', registryUrl))).rejects.toThrow();
  });

  it('explains itself and rejects unknown flags with exit 2', () => {
    const cwd = process.cwd();
    const help = spawnSync('node', ['packages/release/bin/release-local.js', '--help'], { cwd, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--keep');
    const wrong = spawnSync('node', ['packages/release/bin/release-local.js', '--frobnicate'], { cwd, encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("Unknown option '--frobnicate'");
  });
});
