import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRegistryUser, type LocalRegistry, startLocalRegistry } from '@agents/local-registry';
import { cloneWorkspace, commitAll, startTrustedPublishingStandIn, type TrustedPublishingStandIn, tags, tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicPackages, publishWorkspace, registryVersions, tagPublished, versionPackages } from '../src/index.js';
import { firstRelease } from './first-release.js';

const exec = promisify(execFile);
const AGENT = '@agents/data-platform-engineer';
const CATEGORY = '@agents/development';

describe('trusted publishing, against a local stand-in for npm and GitHub', { timeout: 300_000 }, () => {
  let verdaccio: LocalRegistry;
  let standIn: TrustedPublishingStandIn;
  let workspace: string;
  /** A maintainer's machine: their own npm login. */
  let maintainer: NodeJS.ProcessEnv;
  /** The release job: no npm token anywhere, only its OIDC identity. */
  let job: NodeJS.ProcessEnv;
  let readToken: string;
  const versions = (name: string) => registryVersions(verdaccio.url, name, `Bearer ${readToken}`);
  /** A patch of the agent, versioned: what a merged pull request and its Version Packages pull request leave on main. */
  const patchAgent = async (rule: string) => {
    const file = join(workspace, 'agents/development/data-platform-engineer/agent.md');
    writeFiles(workspace, { [`.changeset/${rule.replace(/\W+/g, '-')}.md`]: `---\n"${AGENT}": patch\n---\n\n${rule}\n` });
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n- ${rule}\n`);
    commitAll(workspace, rule);
    await versionPackages(workspace);
    commitAll(workspace, 'Version Packages');
  };
  const versionOf = async (name: string) => (await publicPackages(workspace)).find((pkg) => pkg.name === name)!.version;

  beforeAll(async () => {
    // As npm's registry: anyone reads @agents/*, only a token Verdaccio knows publishes it.
    verdaccio = await startLocalRegistry({ requireLogin: 'publish' });
    standIn = await startTrustedPublishingStandIn(verdaccio.url, (user) => createRegistryUser(verdaccio.url, user, 'a-long-password'));
    // The repository versioned as for its first release, but new to this registry: no release tags.
    workspace = cloneWorkspace((await firstRelease()).workspace, { tags: false });
    const manifest = JSON.parse(readFileSync(join(workspace, 'package.json'), 'utf8'));
    manifest.agents = { ...manifest.agents, release: { auth: 'trusted', repository: 'acme/agents' } };
    writeFileSync(join(workspace, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    commitAll(workspace, 'Publish through trusted publishing');

    readToken = await createRegistryUser(verdaccio.url, 'maintainer', 'a-long-password');
    const home = tempDir('trusted-home-', 'file');
    const host = standIn.url.replace(/^http:/, '');
    writeFiles(home, { maintainer: `@agents:registry=${standIn.url}\n${host}:_authToken=${readToken}\n`, job: `@agents:registry=${standIn.url}\n` });
    maintainer = { ...process.env, npm_config_userconfig: join(home, 'maintainer') };
    job = { ...process.env, npm_config_userconfig: join(home, 'job'), ...standIn.jobEnv };
  }, 300_000);
  afterAll(async () => {
    await standIn?.close();
    await verdaccio?.stop();
  });

  it('stops before publishing anything when packages are new to the registry, naming them and the one command to run', async () => {
    await expect(publishWorkspace({ root: workspace, env: job })).rejects.toThrow(
      new RegExp(
        `not on the registry yet[\\s\\S]*  ${AGENT}\\n[\\s\\S]*pnpm release:bootstrap \\(see what it would do with --dry-run\\)[\\s\\S]*Nothing was published`,
      ),
    );
    expect(await versions(AGENT)).toEqual([]);
    expect(standIn.exchanges()).toEqual([]);
  });

  it("release:bootstrap says what it would do, then publishes the new packages with the maintainer's login", async () => {
    // Asynchronously: the stand-in answers from this process.
    const bootstrap = async (...args: string[]) =>
      (await exec(process.execPath, [join(workspace, 'packages/release/bin/bootstrap.js'), ...args], { cwd: workspace, env: maintainer, encoding: 'utf8' }))
        .stdout;
    const dryRun = await bootstrap('--dry-run');
    expect(dryRun).toContain(`npm trust github ${AGENT} --repository acme/agents --file release.yml --allow-publish --yes`);
    expect(dryRun).toContain("is not npm's registry");
    expect(await versions(AGENT)).toEqual([]);

    expect(await bootstrap()).toContain('Published. ');
    expect(await versions(AGENT)).toEqual([await versionOf(AGENT)]);
    expect(await bootstrap()).toContain('nothing to bootstrap');
    // What npm trust does on npm's registry: the release workflow becomes each package's trusted publisher.
    for (const pkg of await publicPackages(workspace)) standIn.trusted.add(pkg.name);
  });

  it('a release publishes each changed package with a token exchanged for it alone, with no npm token configured', async () => {
    await patchAgent('Prefer idempotent backfills.');
    const result = await publishWorkspace({ root: workspace, env: job });
    expect(result.failed).toEqual([]);
    expect(result.published.map((pkg) => pkg.name).sort()).toEqual([AGENT, CATEGORY]);
    expect(standIn.exchanges().sort()).toEqual([AGENT, CATEGORY]);
    expect(await versions(AGENT)).toContain(await versionOf(AGENT));
  });

  it('an exchange that fails for one package fails that one only; a rerun publishes it', async () => {
    await patchAgent('Partition by event time.');
    standIn.failNext.add(CATEGORY);
    const first = await publishWorkspace({ root: workspace, env: job });
    expect(first.published.map((pkg) => pkg.name)).toEqual([AGENT]);
    expect(first.failed.map(({ pkg, reason }) => [pkg.name, reason])).toEqual([[CATEGORY, expect.stringContaining('refused to exchange')]]);
    expect(await versions(CATEGORY)).not.toContain(await versionOf(CATEGORY));
    const rerun = await publishWorkspace({ root: workspace, env: job });
    expect(rerun.published.map((pkg) => pkg.name)).toEqual([CATEGORY]);
    expect(await versions(CATEGORY)).toContain(await versionOf(CATEGORY));
  });

  it('an ID token found expired is asked for again, once', async () => {
    await patchAgent('Watermark late events.');
    const before = standIn.idTokensIssued();
    standIn.expireNextIdToken();
    const result = await publishWorkspace({ root: workspace, env: job });
    expect(result.failed).toEqual([]);
    expect(result.published.map((pkg) => pkg.name).sort()).toEqual([AGENT, CATEGORY]);
    expect(standIn.idTokensIssued() - before).toBe(2);
  });

  it('with staging on, a release stages each version for approval: nothing goes live or is tagged until a maintainer approves, nothing is staged twice', async () => {
    await patchAgent('Keep schemas in a registry.');
    const staging = { ...job, AGENTS_RELEASE_STAGE: 'true' };
    const [agentVersion, categoryVersion] = [await versionOf(AGENT), await versionOf(CATEGORY)];
    const first = await publishWorkspace({ root: workspace, env: staging });
    expect(first.failed).toEqual([]);
    expect(first.published).toEqual([]);
    expect(first.staged.map(({ pkg }) => `${pkg.name}@${pkg.version}`).sort()).toEqual([`${AGENT}@${agentVersion}`, `${CATEGORY}@${categoryVersion}`]);
    expect(
      standIn
        .staged()
        .map(({ id, packageName, version }) => [id, `${packageName}@${version}`])
        .sort(),
    ).toEqual(first.staged.map(({ pkg, id }) => [id, `${pkg.name}@${pkg.version}`]).sort());
    expect(await versions(AGENT)).not.toContain(agentVersion);
    expect(tags(workspace)).not.toContain(`${AGENT}@${agentVersion}`);

    // Run again before approval: the same stage ids, nothing staged twice.
    const rerun = await publishWorkspace({ root: workspace, env: staging });
    expect(rerun.staged.map(({ id }) => id).sort()).toEqual(first.staged.map(({ id }) => id).sort());
    expect(standIn.staged()).toHaveLength(2);

    for (const { id } of first.staged) await standIn.approve(id);
    expect(await versions(AGENT)).toContain(agentVersion);
    expect(await versions(CATEGORY)).toContain(categoryVersion);
    expect(await tagPublished(workspace, job)).toEqual([`${AGENT}@${agentVersion}`, `${CATEGORY}@${categoryVersion}`]);
  });

  it('the tag job tags what is on the registry, and only that, with no identity for the registry', async () => {
    const everyTag = tags(workspace);
    expect(everyTag).toContain(`${AGENT}@${await versionOf(AGENT)}`);
    execFileSync('git', ['tag', '-d', ...everyTag], { cwd: workspace, stdio: 'pipe' });
    // A change versioned but not published yet gets no tag.
    await patchAgent('Name every stream.');
    const { stdout } = await exec(process.execPath, [join(workspace, 'packages/release/bin/tag.js')], {
      cwd: workspace,
      env: { ...process.env, npm_config_userconfig: job.npm_config_userconfig },
      encoding: 'utf8',
    });
    expect(stdout).toMatch(/^Tagged \d+: /);
    // One tag for each package at its current version, but the agent and its category, whose new versions are not published.
    const published = (await publicPackages(workspace)).filter((pkg) => pkg.name !== AGENT && pkg.name !== CATEGORY);
    expect(tags(workspace)).toEqual(published.map((pkg) => `${pkg.name}@${pkg.version}`).sort());
  });

  it('outside a CI job with an OIDC identity, trusted publishing says what it needs', async () => {
    await patchAgent('Document every table.');
    const outside = { ...job, ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' };
    await expect(publishWorkspace({ root: workspace, env: outside })).rejects.toThrow(/needs the OIDC identity of a GitHub Actions job with "id-token: write"/);
  });
});
