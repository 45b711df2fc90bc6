import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRegistry } from '@agents/local-registry';
import { commitAll, nextPatch, runCli, tempDir, unusedAgentName, writeFiles, writePrompt } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicPackages, publish, registryVersions, versionPackages } from '../src/index.js';
import { afterFirstRelease } from './first-release.js';

const CATEGORY = '@agents/development';

describe('category packages on a real registry', { timeout: 300_000 }, () => {
  let workspace: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  /** The development agents of the workspace: the repository's, and the one this test adds. */
  let members: string[];
  /** The name of the agent this test adds. */
  let added: string;
  const versionOf = async (name: string) => (await publicPackages(workspace)).find((pkg) => pkg.name === name)!.version;

  /** The category's version that first holds the added agent. */
  let categoryWithAdded: string;

  beforeAll(async () => {
    ({ workspace, registry, env } = await afterFirstRelease());
    added = unusedAgentName(workspace, 'pipeline-reviewer');
    // A contributor adds a second development agent with the CLI, as the contributing guide says.
    const created = runCli(['new', added, '--category', 'development', '--description', 'Use to review data pipelines before they ship.'], workspace);
    expect(created.status, created.stderr).toBe(0);
    writePrompt(workspace, 'development', added, 'Check that a pipeline can be re-run and that its outputs are validated.');
    commitAll(workspace, `Add ${added}`);
    members = readdirSync(join(workspace, 'agents/development'))
      .filter((folder) => existsSync(join(workspace, 'agents/development', folder, 'agent.md')))
      .sort();
    expect(members).toEqual(expect.arrayContaining(['data-platform-engineer', added]));
    await versionPackages(workspace);
    await publish(workspace, registry.url, env);
    categoryWithAdded = await versionOf(CATEGORY);
  }, 300_000);
  afterAll(() => registry?.stop());

  it('npm install @agents/development brings every development agent, and agents sync installs them all', async () => {
    expect(await registryVersions(registry.url, CATEGORY)).toContain(categoryWithAdded);
    const project = tempDir('agents-category-');
    writeFiles(project, { 'package.json': JSON.stringify({ name: 'project', private: true, type: 'module' }) });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', CATEGORY], { cwd: project, env: { ...process.env, ...env }, stdio: 'pipe' });
    for (const name of members) expect(existsSync(join(project, 'node_modules/@agents', name, 'agent.md')), name).toBe(true);

    const imported = execFileSync(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { names, definitions } from '${CATEGORY}'; console.log(JSON.stringify({ names, prompts: Object.values(definitions).map((d) => typeof d.prompt) }))`,
      ],
      { cwd: project, encoding: 'utf8' },
    );
    expect(JSON.parse(imported)).toEqual({ names: members, prompts: members.map(() => 'string') });

    const sync = runCli(['sync'], project, { npm_config_userconfig: env.npm_config_userconfig });
    expect(sync.status, sync.stderr).toBe(0);
    for (const name of members) {
      expect(readFileSync(join(project, '.claude/agents', `${name}.md`), 'utf8')).toBe(
        readFileSync(join(project, 'node_modules/@agents', name, 'agent.md'), 'utf8'),
      );
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
    expect(lock.agents[added]).toMatchObject({ package: `@agents/${added}`, version: '1.0.0', range: 'latest', source: 'registry' });
  });

  it('a patch of one agent releases the category as a patch that depends on it, and nothing else', async () => {
    const before = new Map((await publicPackages(workspace)).map((pkg) => [pkg.name, pkg.version]));
    const [category, reviewer] = [before.get(CATEGORY)!, before.get(`@agents/${added}`)!];
    writeFiles(workspace, {
      '.changeset/sharpen-reviewer.md': `---\n"@agents/${added}": patch\n---\n\nCheck idempotency first.\n`,
      [`agents/development/${added}/agent.md`]: `${readFileSync(join(workspace, `agents/development/${added}/agent.md`), 'utf8')}\n- Check that every step is idempotent.\n`,
    });
    commitAll(workspace, `Sharpen ${added}`);
    expect(await versionPackages(workspace)).toEqual([
      { name: CATEGORY, from: category, to: nextPatch(category) },
      { name: `@agents/${added}`, from: reviewer, to: nextPatch(reviewer) },
    ]);
    const published = await publish(workspace, registry.url, env);
    expect(published.map((pkg) => `${pkg.name}@${pkg.version}`).sort()).toEqual([
      `${CATEGORY}@${nextPatch(category)}`,
      `@agents/${added}@${nextPatch(reviewer)}`,
    ]);
    for (const [name, version] of before) {
      if (name !== CATEGORY && name !== `@agents/${added}`) expect(await registryVersions(registry.url, name), name).toEqual([version]);
    }
    const packument = (await (await fetch(new URL('@agents%2fdevelopment', registry.url))).json()) as {
      versions: Record<string, { dependencies: Record<string, string> }>;
    };
    const pins = Object.fromEntries(await Promise.all(members.map(async (member) => [`@agents/${member}`, await versionOf(`@agents/${member}`)])));
    expect(packument.versions[nextPatch(category)]!.dependencies).toEqual(pins);
    expect(pins[`@agents/${added}`]).toBe(nextPatch(reviewer));
    expect(readFileSync(join(workspace, 'agents/development/CHANGELOG.md'), 'utf8')).toContain(`## ${nextPatch(category)}`);
    expect(readFileSync(join(workspace, 'agents/development/CHANGELOG.md'), 'utf8')).toContain(`@agents/${added}@${nextPatch(reviewer)}`);
  });
  it('agents update brings the agents of a category added without a version to their new releases; a category added at a version keeps its pins', async () => {
    const userconfig = { npm_config_userconfig: env.npm_config_userconfig };
    const update = runCli(['update'], categoryProject, userconfig);
    expect(update.status, update.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(categoryProject, '.claude/agents.lock.json'), 'utf8'));
    expect(lock.agents[added].version).toBe(await versionOf(`@agents/${added}`));
    expect(readFileSync(join(categoryProject, `.claude/agents/${added}.md`), 'utf8')).toContain('Check that every step is idempotent.');

    const pinned = tempDir('agents-category-pinned-');
    writeFiles(pinned, { 'package.json': '{"private":true}' });
    expect(runCli(['add', `${CATEGORY}@${categoryWithAdded}`], pinned, userconfig).status).toBe(0);
    expect(runCli(['update'], pinned, userconfig).status).toBe(0);
    const pinnedLock = JSON.parse(readFileSync(join(pinned, '.claude/agents.lock.json'), 'utf8'));
    expect(pinnedLock.agents[added]).toMatchObject({ version: '1.0.0', range: '1.0.0' });

    // An agent pinned on its own keeps its pin when its category is added; --force moves it along.
    const own = tempDir('agents-category-own-pin-');
    writeFiles(own, { 'package.json': '{"private":true}' });
    expect(runCli(['add', `${added}@1.0.0`], own, userconfig).status).toBe(0);
    const viaCategory = runCli(['add', CATEGORY], own, userconfig);
    expect(viaCategory.status, viaCategory.stderr).toBe(0);
    expect(viaCategory.stderr).toContain(`note: ${added} stays at "1.0.0", the range it was added with; --force moves it with ${CATEGORY} to latest`);
    const ownLock = () => JSON.parse(readFileSync(join(own, '.claude/agents.lock.json'), 'utf8')).agents[added];
    expect(ownLock()).toMatchObject({ version: '1.0.0', range: '1.0.0' });
    expect(runCli(['add', CATEGORY, '--force'], own, userconfig).status).toBe(0);
    expect(ownLock()).toMatchObject({ version: await versionOf(`@agents/${added}`), range: 'latest' });
  });
});
