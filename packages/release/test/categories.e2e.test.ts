import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from '../../../test/support/fixtures.js';
import { commitAll, snapshotWorkspace } from '../../../test/support/workspace.js';
import { type LocalRegistry, publicPackages, publish, registryEnvironment, registryVersions, startLocalRegistry, versionPackages } from '../src/index.js';

const CATEGORY = '@agents/development';
const members = ['data-platform-engineer', 'pipeline-reviewer'];

describe('category packages on a real registry', { timeout: 300_000 }, () => {
  let workspace: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    workspace = snapshotWorkspace();
    // A contributor adds a second development agent with the CLI, as the README says.
    const created = runCli(['new', 'pipeline-reviewer', '--category', 'development', '--description', 'Use to review data pipelines before they ship.'], workspace);
    expect(created.status, created.stderr).toBe(0);
    commitAll(workspace, 'Add pipeline-reviewer');
    registry = await startLocalRegistry();
    env = await registryEnvironment(registry.url, join(workspace, '..'));
    await versionPackages(workspace);
    await publish(workspace, registry.url, env);
  }, 300_000);
  afterAll(() => registry?.stop());

  it('npm install @agents/development brings every development agent, and agents sync installs them all', async () => {
    expect(await registryVersions(registry.url, CATEGORY)).toEqual(['1.0.0']);
    const project = tempDir('agents-category-');
    writeFiles(project, { 'package.json': JSON.stringify({ name: 'project', private: true, type: 'module' }) });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', CATEGORY], { cwd: project, env: { ...process.env, ...env }, stdio: 'pipe' });
    for (const name of members) expect(existsSync(join(project, 'node_modules/@agents', name, 'agent.md')), name).toBe(true);

    const imported = execFileSync('node', ['--input-type=module', '-e', `import { names, definitions } from '${CATEGORY}'; console.log(JSON.stringify({ names, prompts: Object.values(definitions).map((d) => typeof d.prompt) }))`], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(imported)).toEqual({ names: members, prompts: ['string', 'string'] });

    const sync = runCli(['sync'], project, { npm_config_userconfig: env.npm_config_userconfig });
    expect(sync.status, sync.stderr).toBe(0);
    for (const name of members) {
      expect(readFileSync(join(project, '.claude/agents', `${name}.md`), 'utf8')).toBe(readFileSync(join(project, 'node_modules/@agents', name, 'agent.md'), 'utf8'));
    }
  });

  /** A project that added the category before the patch release below, and updates after it. */
  let categoryProject: string;

  it('agents add @agents/development installs every agent, each with its own lock entry', () => {
    categoryProject = tempDir('agents-category-add-', 'file');
    writeFiles(categoryProject, { 'package.json': '{"private":true}' });
    const run = runCli(['add', CATEGORY], categoryProject, { npm_config_userconfig: env.npm_config_userconfig });
    expect(run.status, run.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(categoryProject, '.claude/agents.lock.json'), 'utf8'));
    expect(Object.keys(lock.agents)).toEqual(members);
    expect(lock.agents['pipeline-reviewer']).toMatchObject({ package: '@agents/pipeline-reviewer', version: '1.0.0', range: 'latest', source: 'registry' });
  });

  it('a patch of one agent releases the category as a patch that depends on it, and nothing else', async () => {
    const before = new Map((await publicPackages(workspace)).map((pkg) => [pkg.name, pkg.version]));
    writeFiles(workspace, {
      '.changeset/sharpen-reviewer.md': '---\n"@agents/pipeline-reviewer": patch\n---\n\nCheck idempotency first.\n',
      'agents/development/pipeline-reviewer/agent.md': `${readFileSync(join(workspace, 'agents/development/pipeline-reviewer/agent.md'), 'utf8')}\n- Check that every step is idempotent.\n`,
    });
    commitAll(workspace, 'Sharpen pipeline-reviewer');
    expect(await versionPackages(workspace)).toEqual([
      { name: CATEGORY, from: '1.0.0', to: '1.0.1' },
      { name: '@agents/pipeline-reviewer', from: '1.0.0', to: '1.0.1' },
    ]);
    const published = await publish(workspace, registry.url, env);
    expect(published.map((pkg) => `${pkg.name}@${pkg.version}`).sort()).toEqual([`${CATEGORY}@1.0.1`, '@agents/pipeline-reviewer@1.0.1']);
    for (const [name, version] of before) {
      if (name !== CATEGORY && name !== '@agents/pipeline-reviewer') expect(await registryVersions(registry.url, name), name).toEqual([version]);
    }
    const packument = (await (await fetch(new URL('@agents%2fdevelopment', registry.url))).json()) as { versions: Record<string, { dependencies: Record<string, string> }> };
    expect(packument.versions['1.0.1']!.dependencies).toEqual({ '@agents/data-platform-engineer': '1.0.0', '@agents/pipeline-reviewer': '1.0.1' });
    expect(readFileSync(join(workspace, 'agents/development/CHANGELOG.md'), 'utf8')).toMatch(/## 1\.0\.1[\s\S]*@agents\/pipeline-reviewer@1\.0\.1/);
  });
  it('agents update brings the agents of a category added without a version to their new releases; a category added at a version keeps its pins', () => {
    const userconfig = { npm_config_userconfig: env.npm_config_userconfig };
    const update = runCli(['update'], categoryProject, userconfig);
    expect(update.status, update.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(categoryProject, '.claude/agents.lock.json'), 'utf8'));
    expect(lock.agents['pipeline-reviewer'].version).toBe('1.0.1');
    expect(readFileSync(join(categoryProject, '.claude/agents/pipeline-reviewer.md'), 'utf8')).toContain('Check that every step is idempotent.');

    const pinned = tempDir('agents-category-pinned-');
    writeFiles(pinned, { 'package.json': '{"private":true}' });
    expect(runCli(['add', `${CATEGORY}@1.0.0`], pinned, userconfig).status).toBe(0);
    expect(runCli(['update'], pinned, userconfig).status).toBe(0);
    const pinnedLock = JSON.parse(readFileSync(join(pinned, '.claude/agents.lock.json'), 'utf8'));
    expect(pinnedLock.agents['pipeline-reviewer']).toMatchObject({ version: '1.0.0', range: '1.0.0' });
  });
});
