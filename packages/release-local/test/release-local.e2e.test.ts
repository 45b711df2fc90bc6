import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicPackages } from '@agents/release';
import { nextPatch, releasePlan, runCli, snapshotWorkspace, tags, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it, onTestFinished } from 'vitest';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('pnpm release:local', () => {
  // One scenario, as a maintainer tries a release: two whole releases, one after the other.
  it('releases a clone onto a local registry; with --keep, a second release onto it is one command, agents outdated and update see it, and the repository and the machine are left as they were', async () => {
    const workspace = snapshotWorkspace();
    // An uncommitted edit must survive, and stay out of both releases of HEAD.
    execFileSync('sh', ['-c', 'echo "local note" >> README.md'], { cwd: workspace });
    const statusBefore = git(workspace, 'status', '--porcelain');
    const plan = await releasePlan(workspace);
    // Started as pnpm release:local starts it (after building it): a signal reaches it, not a shell.
    execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@agents/release-local', '--output-logs=errors-only'], { cwd: workspace, stdio: 'pipe' });
    const keeper = spawn(process.execPath, ['packages/release-local/bin/release-local.js', '--keep'], {
      cwd: workspace,
      env: { ...process.env, NO_COLOR: '1' },
    });
    // Stopped however the test ends (a timeout included): its registry must not outlive the run.
    onTestFinished(() => {
      if (keeper.exitCode === null) keeper.kill('SIGINT');
    });
    let output = '';
    let errors = '';
    keeper.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    keeper.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => keeper.on('exit', resolve));
    let registryUrl: string;
    try {
      while (!output.includes('Press Ctrl-C')) {
        if (keeper.exitCode !== null) throw new Error(`release:local --keep exited early:\n${output}${errors}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(errors).not.toContain('failed');
      for (const step of [
        'Clone HEAD and install',
        'Validate the registry',
        'Build',
        'Version pending changesets',
        'Publish what is unpublished, and tag',
        'npm install every package published',
      ]) {
        expect(output).toContain(step);
      }
      // Validation says each warning, not only how many.
      expect(output).toMatch(
        /Validate the registry … done \([\d.]+ s\)\n {3}agents\/\S+\/agent\.md:\d+:\d+ +warning +\S+ +\S[\s\S]*\n {3}✔ 0 errors, \d+ warnings? in \d+ files?\n/,
      );
      expect(output).toContain('! 1 uncommitted change is not in this release (it releases HEAD); commit it to include it:\n   M README.md');
      // Each release with its changelog: a changeset's line, or the dependencies it is released for.
      for (const release of plan)
        expect(output).toMatch(new RegExp(`\\n${release.name} ${release.from} → ${release.to}\\n {2}- ([0-9a-f]+: \\S|Updated dependencies)`));
      // Every package published is installed and imported: agents show their tools, the others their exports.
      const published = (await publicPackages(workspace)).map((pkg) => pkg.name);
      for (const name of published)
        expect(output).toMatch(new RegExp(`\\n(${name}: imported \\(\\d+ exports\\)|${name.replace('@agents/', '')} \\d+\\.\\d+\\.\\d+\\ntools: )`));
      expect(output).toContain(`npm install every package published (${published.length})`);
      expect(output).toMatch(/\ndata-platform-engineer \d+\.\d+\.\d+\ntools: Read, Write, Edit, MultiEdit, Grep, Glob, LS, Bash, TodoWrite\n/);
      // It releases a clone: the repository has no release tags.
      expect(tags(workspace)).toEqual([]);
      registryUrl = /pnpm release:local --registry (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)![1]!;

      // A user installs the agent from the kept registry, as the output says.
      const project = tempDir('agents-kept-project-');
      writeFiles(project, { 'package.json': '{"private":true}', '.npmrc': `@agents:registry=${registryUrl}\n` });
      const isolated = { npm_config_userconfig: join(project, 'none'), npm_config_cache: join(project, 'npm-cache'), HOME: project };
      expect(runCli(['add', 'data-platform-engineer'], project, isolated).status).toBe(0);
      const first = JSON.parse(readFileSync(join(project, '.claude/agents.lock.json'), 'utf8')).agents['data-platform-engineer'].version;

      // A contributor's change, committed (the uncommitted edit stays out), released again onto the same registry.
      const agentMd = join(workspace, 'agents/development/data-platform-engineer/agent.md');
      writeFiles(workspace, {
        'agents/development/data-platform-engineer/agent.md': `${readFileSync(agentMd, 'utf8')}\nPrefer idempotent backfills.\n`,
        '.changeset/idempotent-backfills.md': '---\n"@agents/data-platform-engineer": patch\n---\n\nPrefer idempotent backfills.\n',
      });
      git(workspace, 'add', 'agents', '.changeset');
      git(workspace, '-c', 'user.name=test', '-c', 'user.email=test@agents.invalid', 'commit', '--quiet', '-m', 'Prefer idempotent backfills');
      const again = spawnSync('pnpm', ['--silent', 'release:local', '--registry', registryUrl], {
        cwd: workspace,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(again.status, again.stdout + again.stderr).toBe(0);
      const second = nextPatch(first);
      expect(again.stdout).toMatch(
        new RegExp(
          `\\n@agents/data-platform-engineer ${first.replace(/\./g, '\\.')} → ${second.replace(/\./g, '\\.')}\\n {2}- [0-9a-f]+: Prefer idempotent backfills\\.`,
        ),
      );

      const outdated = runCli(['outdated', '--json'], project, isolated);
      expect(JSON.parse(outdated.stdout).agents).toEqual([expect.objectContaining({ name: 'data-platform-engineer', current: first, latest: second })]);
      expect(runCli(['update'], project, isolated).stdout).toContain(`data-platform-engineer ${second}`);
      expect(readFileSync(join(project, '.claude/agents/data-platform-engineer.md'), 'utf8')).toContain('Prefer idempotent backfills.');
    } finally {
      keeper.kill('SIGINT');
      expect(await exited, output).toBe(0);
    }
    // Stopped, it leaves the repository as it was (but for the contributor's commit) and no registry behind.
    expect(git(workspace, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(workspace, 'log', '-1', '--format=%s')).toBe('Prefer idempotent backfills\n');
    expect(tags(workspace)).toEqual([]);
    await expect(fetch(new URL('-/ping', registryUrl))).rejects.toThrow();
    expect(spawnSync('pnpm', ['--silent', 'release:local', '--registry', 'http://127.0.0.1:9/'], { cwd: workspace, encoding: 'utf8' }).stderr).toContain(
      'no "pnpm release:local --keep" is keeping',
    );
  }, 480_000);

  it('explains itself and rejects unknown flags with exit 2', () => {
    const cwd = process.cwd();
    const help = spawnSync('node', ['packages/release-local/bin/release-local.js', '--help'], { cwd, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--keep');
    const wrong = spawnSync('node', ['packages/release-local/bin/release-local.js', '--frobnicate'], { cwd, encoding: 'utf8' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown option --frobnicate');
  });
});
