import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
