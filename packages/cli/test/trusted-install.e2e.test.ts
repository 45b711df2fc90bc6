import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@agents/local-registry';
import { agentMarkdown, isolatedUser, publishBuilt, registryProject, type SigningRegistry, startSigningRegistry } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8'));
const RELEASE = { repository: 'https://github.com/agents-registry/agents', workflow: '.github/workflows/release.yml' };

describe('installing from a registry that signs, with provenance', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;
  let signing: SigningRegistry;
  const names = ['trusted', 'tampered', 'stranger', 'borrowed', 'unattested', 'moved', 'dropped'];

  beforeAll(async () => {
    registry = await startLocalRegistry();
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
