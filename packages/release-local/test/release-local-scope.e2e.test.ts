import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages } from '@agents/release';
import { runCli, snapshotWorkspace, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

// A file of its own: the release it runs waits on npm and the registry, beside the other release:local scenario.
describe('pnpm release:local under a scope of its own', () => {
  it("runs under a company's own scope: set in the root package.json, its agents and categories are built, released and installed as @acme, and the tools it was forked with are left to their publisher", async () => {
    const workspace = snapshotWorkspace();
    // What docs/releasing.md tells a fork to do: name the scope, rename each agent's package (validate names each one), build, install, commit.
    const root = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
    writeFiles(workspace, { 'package.json': `${JSON.stringify({ ...root, agents: { ...root.agents, scope: '@acme' } }, null, 2)}\n` });
    // The workspace's own CLI, as `pnpm agents` runs it there.
    const agents = (args: string[]) => runCli(args, workspace, {}, join(workspace, 'packages/cli/bin/agents.js'));
    const validate = agents(['validate']);
    expect(validate.status).toBe(1);
    const misnamed = [...validate.stdout.matchAll(/^(agents\/\S+\/package\.json):\d+:\d+ +error +package-name +package name must be "(@acme\/[a-z0-9-]+)"/gm)];
    expect(misnamed.map(([, , name]) => name)).toContain('@acme/data-platform-engineer');
    const renamed = new Map<string, string>();
    for (const [, path, name] of misnamed) {
      const manifest = JSON.parse(readFileSync(join(workspace, path!), 'utf8'));
      renamed.set(manifest.name, name!);
      writeFiles(workspace, { [path!]: `${JSON.stringify({ ...manifest, name }, null, 2)}\n` });
    }
    // The pending changesets name the agents and categories by their packages, as a fork's own will.
    for (const file of git(workspace, 'ls-files', '.changeset/*.md').split('\n').filter(Boolean)) {
      const text = readFileSync(join(workspace, file), 'utf8').replace(/"@agents\/([a-z0-9-]+)"/g, (quoted, name) =>
        renamed.has(`@agents/${name}`) || existsSync(join(workspace, 'agents', name, 'package.json')) ? `"@acme/${name}"` : quoted,
      );
      writeFiles(workspace, { [file]: text });
    }
    expect(agents(['build']).status).toBe(0);
    // The lockfile follows the new names; pnpm freezes it by default under CI.
    execFileSync('pnpm', ['install', '--offline', '--no-frozen-lockfile'], { cwd: workspace, stdio: 'pipe' });
    git(workspace, 'add', '--all');
    git(workspace, '-c', 'user.name=test', '-c', 'user.email=test@agents.invalid', 'commit', '--quiet', '-m', 'Publish under @acme');

    const run = spawnSync('pnpm', ['--silent', 'release:local'], { cwd: workspace, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const published = (await publicPackages(workspace)).map((pkg) => pkg.name);
    expect(published).toEqual(expect.arrayContaining(['@acme/data-platform-engineer', '@acme/development']));
    expect(published.every((name) => name.startsWith('@acme/'))).toBe(true);
    expect(run.stdout).toContain(`Publish what is unpublished, and tag … done`);
    expect(run.stdout).toContain(`npm install every package published (${published.length})`);
    expect(run.stdout).toMatch(/\n@acme\/data-platform-engineer 0\.0\.0 → 1\.0\.0\n/);
    expect(run.stdout).toMatch(/\ndata-platform-engineer 1\.0\.0\ntools: Read, Write/);
    expect(run.stdout).toMatch(/\n@acme\/development: imported \(\d+ exports\)/);
    expect(run.stdout).not.toMatch(/@agents\/(cli|schema|loader)\S* \d+\.\d+\.\d+ → /);
    const marketplace = JSON.parse(readFileSync(join(workspace, '.claude-plugin/marketplace.json'), 'utf8'));
    expect(marketplace.name).toBe('acme');
  }, 480_000);
});
