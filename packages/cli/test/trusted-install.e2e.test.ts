import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type LocalRegistry, type SigningRegistry, startLocalRegistry, startSigningRegistry } from '@agents/local-registry';
import { agentMarkdown, isolatedUser, publishAsIs, publishBuilt, registryProject } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8'));
const RELEASE = { repository: 'https://github.com/agents-registry/agents', workflow: '.github/workflows/release.yml' };

describe('installing from a registry that signs, with provenance', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;
  let signing: SigningRegistry;
  const names = ['trusted', 'tampered', 'stranger', 'borrowed', 'unattested', 'moved', 'dropped'];

  beforeAll(async () => {
    registry = await startLocalRegistry({ scopes: ['@agents', '@acme'] });
    for (const name of names) publishBuilt(registry.url, 'any', name, '1.0.0', agentMarkdown(name));
    signing = await startSigningRegistry(registry.url);
    signing.serve('@agents/tampered', { tamper: true });
    signing.serve('@agents/stranger', { signature: 'unknown-key' });
    signing.serve('@agents/borrowed', { attestationFor: '@agents/trusted' });
    signing.serve('@agents/unattested', { publisher: null });
  });
  afterAll(async () => {
    await signing?.close();
    await registry?.stop();
  });

  const project = () => registryProject(signing.url);
  const run = (args: string[], dir: string) => agents(args, dir, { ...isolatedUser(dir), ...signing.env });

  it('agents add locks the repository and workflow that built the version', async () => {
    const dir = project();
    const added = await run(['add', 'trusted'], dir);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(lockOf(dir).agents.trusted.publisher).toEqual({ ...RELEASE, commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const listed = JSON.parse((await run(['list', '--json'], dir)).stdout);
    expect(listed.agents[0].publisher).toEqual(lockOf(dir).agents.trusted.publisher);
    expect((await run(['list'], dir)).stdout).toContain('github.com/agents-registry/agents');
  });

  it.each([
    ['tampered', "@agents/tampered@1.0.0 does not match the registry's signature (its tarball or integrity was changed after signing); not installed"],
    ['stranger', '@agents/stranger@1.0.0 is signed with a key the registry does not publish; not installed'],
    [
      'borrowed',
      '@agents/borrowed@1.0.0: its provenance attestation is for pkg:npm/%40agents/trusted@1.0.0, not pkg:npm/%40agents/borrowed@1.0.0; not installed',
    ],
  ])('agents add refuses %s in one line and writes nothing', async (name, message) => {
    const dir = project();
    const added = await run(['add', 'trusted', name], dir);
    expect(added.stderr).toBe(`agents add: ${message}\n`);
    expect(added.status).toBe(1);
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });

  it('--require-provenance, or the project setting, refuses a version without provenance', async () => {
    const dir = project();
    const flagged = await run(['add', 'unattested', '--require-provenance'], dir);
    expect(flagged.stderr).toBe('agents add: @agents/unattested@1.0.0 has no provenance attestation, and provenance is required; nothing installed\n');
    expect(flagged.status).toBe(1);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', private: true, agents: { requireProvenance: true } }));
    expect((await run(['add', 'unattested'], dir)).stderr).toContain('provenance is required');
    expect(existsSync(join(dir, '.claude'))).toBe(false);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', private: true, agents: { requireProvenance: 'yes' } }));
    expect((await run(['add', 'unattested'], dir)).stderr).toBe(`agents add: ${join(dir, 'package.json')}: "agents".requireProvenance must be true or false\n`);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', private: true }));
    expect((await run(['add', 'unattested'], dir)).status).toBe(0);
    expect(lockOf(dir).agents.unattested.publisher).toBeNull();
  });

  it('agents update refuses another publisher, and a version without provenance, naming both; --accept-publisher takes it', async () => {
    const dir = project();
    expect((await run(['add', 'moved', 'dropped'], dir)).status).toBe(0);
    const before = readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8');
    publishBuilt(registry.url, 'any', 'moved', '1.1.0', agentMarkdown('moved'));
    publishBuilt(registry.url, 'any', 'dropped', '1.1.0', agentMarkdown('dropped'));
    signing.serve('@agents/moved', { publisher: { repository: 'someone/fork', workflow: '.github/workflows/release.yml' } });
    signing.serve('@agents/dropped', { publisher: null });

    const moved = await run(['update', 'moved'], dir);
    expect(moved.stderr).toBe(
      'agents update: @agents/moved@1.1.0 was built by https://github.com/someone/fork (.github/workflows/release.yml), but the installed 1.0.0 was built by https://github.com/agents-registry/agents (.github/workflows/release.yml); nothing installed (--accept-publisher takes it)\n',
    );
    expect(moved.status).toBe(1);
    const dropped = await run(['update', 'dropped'], dir);
    expect(dropped.stderr).toBe(
      'agents update: @agents/dropped@1.1.0 has no provenance, but the installed 1.0.0 was built by https://github.com/agents-registry/agents (.github/workflows/release.yml); nothing installed (--accept-publisher takes it)\n',
    );
    expect(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8')).toBe(before);

    expect((await run(['update', 'moved', 'dropped', '--accept-publisher'], dir)).status).toBe(0);
    expect(lockOf(dir).agents.moved).toMatchObject({ version: '1.1.0', publisher: { repository: 'https://github.com/someone/fork' } });
    expect(lockOf(dir).agents.dropped).toMatchObject({ version: '1.1.0', publisher: null });
  });

  it('agents update name@version rolls back and pins; outdated shows the pin, and a wider version as wider; update keeps it back without --accept-wider', async () => {
    const dir = project();
    publishBuilt(registry.url, 'any', 'widening', '1.0.0', agentMarkdown('widening'));
    expect((await run(['add', 'widening'], dir)).status).toBe(0);
    publishBuilt(registry.url, 'any', 'widening', '1.1.0', agentMarkdown('widening').replace('tools: Read, Grep', 'tools: Read, Grep, WebFetch'));
    publishBuilt(registry.url, 'any', 'widening', '1.2.0', agentMarkdown('widening').replace('You are widening.', 'You are widening, and careful.'));

    const outdated = JSON.parse((await run(['outdated', '--json'], dir)).stdout);
    expect(outdated.agents).toEqual([
      expect.objectContaining({ name: 'widening', current: '1.0.0', wanted: '1.2.0', latest: '1.2.0', pinned: false, widens: false, gains: null }),
    ]);

    // Down to 1.0.0 is no change at all; 1.1.0 gains WebFetch.
    const toWider = await run(['update', 'widening@1.1.0'], dir);
    expect(toWider.stdout).toBe('! widening: 1.1.0 widens what the agent may do: gains tools: WebFetch; kept 1.0.0 (--accept-wider installs it)\n');
    expect(toWider.status).toBe(1);
    expect(lockOf(dir).agents.widening).toMatchObject({ version: '1.0.0', range: 'latest' });
    expect((await run(['update', 'widening@1.1.0', '--accept-wider'], dir)).stdout).toBe('✔ widening 1.1.0 → .claude/agents/widening.md (replaced)\n');
    expect(lockOf(dir).agents.widening).toMatchObject({ version: '1.1.0', range: '1.1.0' });

    const pinned = await run(['outdated'], dir);
    expect(pinned.stdout).toMatch(/widening\s+1\.1\.0 \(pinned\)\s+1\.1\.0\s+1\.2\.0\s+registry\s+no wider/);
    expect(pinned.stdout).toContain('widening is pinned at 1.1.0: agents update widening@latest moves it to 1.2.0');
    // A bare update keeps the pin; a rollback to an older version needs nothing when it narrows.
    expect((await run(['update'], dir)).stdout).toBe('• widening 1.1.0 already in .claude/agents/widening.md\n');
    expect((await run(['update', 'widening@1.0.0'], dir)).status).toBe(0);
    expect(lockOf(dir).agents.widening).toMatchObject({ version: '1.0.0', range: '1.0.0' });
    expect((await run(['update', 'widening@latest'], dir)).status).toBe(0);
    expect(lockOf(dir).agents.widening).toMatchObject({ version: '1.2.0', range: 'latest' });
  });

  it.each([
    ['refuses connections', undefined],
    ['answers 503', 503],
  ])("agents outdated says it cannot reach a registry that %s, though npm's cache has its answers", async (_, status) => {
    const down = await startSigningRegistry(registry.url);
    const offline = registryProject(down.url, 'fetch-retries=0\n');
    const env = { ...isolatedUser(offline), ...down.env };
    expect((await agents(['add', 'trusted'], offline, env)).status).toBe(0);
    await down.close();
    const failing = status === undefined ? undefined : createServer((_request, response) => response.writeHead(status).end());
    await new Promise<void>((resolve) => (failing ? failing.listen(Number(new URL(down.url).port), '127.0.0.1', resolve) : resolve()));
    try {
      const asked = await agents(['outdated'], offline, env);
      expect(asked.stdout).toBe('');
      expect(asked.stderr).toMatch(
        status === undefined
          ? /^agents outdated: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/
          : /^agents outdated: http:\/\/127\.0\.0\.1:\d+\/ answered 503 for @agents\/trusted\n$/,
      );
      expect(asked.status).toBe(1);
    } finally {
      await new Promise((resolve) => failing?.close(resolve) ?? resolve(undefined));
    }
  });

  it('agents install --frozen gives a fresh clone that committed only the locks every file back; verify then finds nothing', async () => {
    publishBuilt(registry.url, 'any', 'cloned', '1.0.0', agentMarkdown('cloned'));
    const original = project();
    expect((await run(['add', 'trusted', 'cloned', '--client', 'claude-code,copilot'], original)).status).toBe(0);
    publishBuilt(registry.url, 'any', 'cloned', '1.1.0', agentMarkdown('cloned'));
    const clone = project();
    for (const lock of ['.claude/agents.lock.json', '.github/agents.lock.json']) {
      mkdirSync(dirname(join(clone, lock)), { recursive: true });
      copyFileSync(join(original, lock), join(clone, lock));
    }
    const installed = await run(['install', '--frozen'], clone);
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toContain('4 agents as locked.');
    expect(installed.status).toBe(0);
    for (const file of ['.claude/agents/trusted.md', '.claude/agents/cloned.md', '.github/agents/trusted.agent.md', '.github/agents/cloned.agent.md']) {
      expect(readFileSync(join(clone, file), 'utf8')).toBe(readFileSync(join(original, file), 'utf8'));
    }
    for (const lock of ['.claude/agents.lock.json', '.github/agents.lock.json']) {
      expect(readFileSync(join(clone, lock), 'utf8')).toBe(readFileSync(join(original, lock), 'utf8'));
    }
    expect(lockOf(clone).agents.cloned.version).toBe('1.0.0');
    const verified = await run(['verify'], clone);
    expect(verified.stdout).toBe('4 agents match their locks and the registry.\n');
    expect(verified.status).toBe(0);
    const empty = project();
    expect((await run(['verify'], empty)).stdout).toBe("No agents lock here (.claude/agents.lock.json or another client's): nothing to verify.\n");
    expect((await run(['install', '--frozen'], empty)).stdout).toBe(
      'No agents lock here: agents add <name> installs an agent and records it in .claude/agents.lock.json.\n',
    );
  });

  it('agents verify reports edited, missing and unknown files, and a registry that no longer matches the lock: text, --json, github', async () => {
    publishBuilt(registry.url, 'any', 'audited', '1.0.0', agentMarkdown('audited'));
    signing.serve('@agents/audited', { publisher: null });
    const dir = project();
    expect((await run(['add', 'trusted', 'audited', 'unattested'], dir)).status).toBe(0);
    writeFileSync(join(dir, '.claude/agents/trusted.md'), `${readFileSync(join(dir, '.claude/agents/trusted.md'), 'utf8')}\nMy rule.\n`);
    rmSync(join(dir, '.claude/agents/unattested.md'));
    writeFileSync(join(dir, '.claude/agents/mine.md'), agentMarkdown('mine'));
    // The registry now attests a version the lock records without provenance: not the version that was installed.
    signing.serve('@agents/audited', {});

    const text = await run(['verify'], dir);
    expect(text.stdout).toBe(
      [
        '✖ trusted was edited since 1.0.0 was installed',
        '✖ unattested 1.0.0 is in the lock but its file is missing (agents install writes it)',
        '✖ mine.md is in .claude/agents but in no lock',
        '✖ @agents/audited@1.0.0 is now attested as built by https://github.com/agents-registry/agents (.github/workflows/release.yml), not the locked no provenance',
        '4 findings in 3 agents checked against their locks and the registry.',
        '',
      ].join('\n'),
    );
    expect(text.status).toBe(1);
    const json = JSON.parse((await run(['verify', '--json'], dir)).stdout);
    expect(json).toMatchObject({ ok: false, checked: 3, registry: true });
    expect(json.findings.map((finding: { name: string; problem: string }) => `${finding.name} ${finding.problem}`)).toEqual([
      'trusted edited',
      'unattested missing',
      'mine unknown',
      'audited registry',
    ]);
    const github = await run(['verify', '--format', 'github', '--offline'], dir);
    expect(github.stdout.split('\n')[0]).toBe(
      '::error file=.claude/agents/trusted.md,line=1,title=agents verify%3A edited::trusted was edited since 1.0.0 was installed',
    );
    expect(github.stdout).toContain('3 findings in 3 agents checked against their locks.');

    // agents install puts the missing file back and keeps the edit; --frozen refuses the registry's new attestation.
    const frozen = await run(['install', '--frozen'], dir);
    expect(frozen.stderr).toMatch(
      /^agents install: the locks do not match the registry; nothing written:\n {2}audited: publisher is null in the lock, \{"repository"/,
    );
    expect(frozen.status).toBe(1);
    expect(existsSync(join(dir, '.claude/agents/unattested.md'))).toBe(false);
    const installed = await run(['install'], dir);
    expect(installed.stdout).toContain('3 agents as locked, 1 kept with your edits (agents diff shows them).');
    expect(existsSync(join(dir, '.claude/agents/unattested.md'))).toBe(true);
    expect(lockOf(dir).agents.audited.publisher).toMatchObject({ repository: 'https://github.com/agents-registry/agents' });
  });

  it('agents install fails closed, writing nothing, when the registry serves another tarball than the locked one', async () => {
    publishBuilt(registry.url, 'any', 'swapped', '1.0.0', agentMarkdown('swapped'));
    const dir = project();
    expect((await run(['add', 'swapped'], dir)).status).toBe(0);
    rmSync(join(dir, '.claude/agents/swapped.md'));
    signing.serve('@agents/swapped', { tamper: true });
    const installed = await run(['install'], dir);
    expect(installed.stderr).toBe(
      "agents install: @agents/swapped@1.0.0 does not match the registry's signature (its tarball or integrity was changed after signing); not installed\n",
    );
    expect(installed.status).toBe(1);
    expect(existsSync(join(dir, '.claude/agents/swapped.md'))).toBe(false);
  });

  it("agents sync verifies the publisher of what npm installed, for the integrity in npm's lockfile", async () => {
    const dir = project();
    // Not execFileSync: the stand-in answering npm runs in this process.
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '@agents/trusted', '@agents/unattested'], {
      cwd: dir,
      env: { ...process.env, ...isolatedUser(dir) },
    });
    const synced = await run(['sync'], dir);
    expect(synced.status).toBe(0);
    expect(lockOf(dir).agents.trusted).toMatchObject({ source: 'node_modules', publisher: { repository: RELEASE.repository } });
    expect(lockOf(dir).agents.unattested).toMatchObject({ source: 'node_modules', publisher: null });
    const required = await run(['sync', '--require-provenance', '--force'], dir);
    expect(required.stderr).toBe('agents sync: @agents/unattested@1.0.0 has no provenance attestation, and provenance is required; nothing installed\n');
    expect(required.status).toBe(1);
  });

  it("installs an agent of another scope from the registry npm's configuration names for it, verified the same way; a project can make it the default scope", async () => {
    publishAsIs(registry.url, 'reviewer', agentMarkdown('reviewer'), {}, '@acme');
    const dir = registryProject(signing.url, `@acme:registry=${signing.url}\n`);
    const added = await run(['add', '@acme/reviewer'], dir);
    expect(added.stdout).toBe('✔ reviewer 1.0.0 → .claude/agents/reviewer.md\n');
    expect(added.status).toBe(0);
    expect(lockOf(dir).agents.reviewer).toMatchObject({ package: '@acme/reviewer', version: '1.0.0', publisher: { repository: RELEASE.repository } });
    expect((await run(['update', 'reviewer'], dir)).stdout).toBe('• reviewer 1.0.0 already in .claude/agents/reviewer.md\n');

    // One name is one file: an agent of the same name from another scope is refused, not written over the installed one.
    publishAsIs(registry.url, 'reviewer', agentMarkdown('reviewer').replace('You are reviewer.', 'You are another reviewer.'));
    const installed = readFileSync(join(dir, '.claude/agents/reviewer.md'), 'utf8');
    const lockBefore = readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8');
    for (const [args, said] of [
      [
        ['add', '@agents/reviewer'],
        'agents add: @agents/reviewer: the agent reviewer is installed from @acme/reviewer, and one name is one file; nothing installed (agents remove reviewer first to switch)\n',
      ],
      [
        ['update', '@agents/reviewer'],
        'agents update: @agents/reviewer: the agent reviewer is installed from @acme/reviewer; nothing updated (agents remove reviewer, then agents add @agents/reviewer, to switch)\n',
      ],
    ] as const) {
      const refused = await run([...args], dir);
      expect(refused.stderr).toBe(said);
      expect(refused.status).toBe(1);
    }
    expect(readFileSync(join(dir, '.claude/agents/reviewer.md'), 'utf8')).toBe(installed);
    expect(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8')).toBe(lockBefore);

    const defaulted = registryProject(signing.url, `@acme:registry=${signing.url}\n`);
    writeFileSync(join(defaulted, 'package.json'), JSON.stringify({ name: 'project', private: true, agents: { scope: '@acme' } }));
    expect((await run(['add', 'reviewer'], defaulted)).status).toBe(0);
    expect(lockOf(defaulted).agents.reviewer.package).toBe('@acme/reviewer');
    writeFileSync(join(defaulted, 'package.json'), JSON.stringify({ name: 'project', private: true, agents: { scope: 'acme' } }));
    expect((await run(['add', 'reviewer'], defaulted)).stderr).toBe(
      `agents add: ${join(defaulted, 'package.json')}: "agents".scope must be an npm scope, e.g. "@acme", not "acme"\n`,
    );
  });

  it('a registry without signing keys is said once, not an error', async () => {
    signing.publishKeys(false);
    try {
      const dir = project();
      const added = await run(['add', 'trusted', 'unattested'], dir);
      expect(added.status).toBe(0);
      expect(added.stderr).toBe(`note: ${signing.url} publishes no signing keys: its packages are checked against their integrity only, not their publisher\n`);
    } finally {
      signing.publishKeys(true);
    }
  });
});
