import { type LocalRegistry, type SigningRegistry, startLocalRegistry, startSigningRegistry } from '@agents/local-registry';
import { agentMarkdown, isolatedUser, publishBuilt, registryProject } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadTarball, fetchPackument, loadNpmConfig, PublisherVerifier, pickVersion, publisherOf } from '../src/index.js';

describe('publisherOf', () => {
  it.each([
    [
      'https://github.com/acme/agents/.github/workflows/release.yml@refs/heads/main',
      { repository: 'https://github.com/acme/agents', workflow: '.github/workflows/release.yml' },
    ],
    [
      'https://github.com/acme/agents/.github/workflows/ci/publish.yaml@refs/tags/v1.0.0',
      { repository: 'https://github.com/acme/agents', workflow: '.github/workflows/ci/publish.yaml' },
    ],
    [
      'https://gitlab.com/acme/tools/agents//.gitlab-ci.yml@refs/heads/main',
      { repository: 'https://gitlab.com/acme/tools/agents', workflow: '.gitlab-ci.yml' },
    ],
    ['someone@example.com', undefined],
    ['https://github.com/acme/agents/scripts/release.sh@main', undefined],
  ])('%s', (identity, expected) => {
    expect(publisherOf(identity)).toEqual(expected);
  });
});

describe('verifying a publisher against a registry that signs', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;
  let signing: SigningRegistry;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    for (const name of ['valid', 'tampered', 'stranger', 'borrowed', 'unattested', 'forked'])
      publishBuilt(registry.url, 'any', name, '1.0.0', agentMarkdown(name));
    signing = await startSigningRegistry(registry.url);
    signing.serve('@agents/tampered', { tamper: true });
    signing.serve('@agents/stranger', { signature: 'unknown-key' });
    signing.serve('@agents/borrowed', { attestationFor: '@agents/valid' });
    signing.serve('@agents/unattested', { publisher: null });
    signing.serve('@agents/forked', { publisher: { repository: 'someone/fork', workflow: '.github/workflows/release.yml' } });
  });
  afterAll(async () => {
    await signing?.close();
    await registry?.stop();
  });

  /** The checks `agents add` makes, in order: integrity, then signature and provenance. */
  async function check(name: string, env: NodeJS.ProcessEnv = {}) {
    const dir = registryProject(signing.url);
    const config = await loadNpmConfig(dir, { ...process.env, ...isolatedUser(dir), ...signing.env, ...env });
    const packument = (await fetchPackument(`@agents/${name}`, config, { full: true }))!;
    const manifest = (await pickVersion(packument, 'latest'))!;
    const { integrity } = await downloadTarball(manifest, config);
    return new PublisherVerifier(config, { ...signing.env, ...env }).verify(packument, manifest, integrity);
  }

  it('proves the repository and workflow that built a signed, attested version', async () => {
    expect(await check('valid')).toEqual({
      signed: true,
      publisher: {
        repository: 'https://github.com/agents-registry/agents',
        workflow: '.github/workflows/release.yml',
        commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
    });
  });

  it('names another repository when another one built it', async () => {
    expect((await check('forked')).publisher?.repository).toBe('https://github.com/someone/fork');
  });

  it('finds no publisher for a signed version without provenance', async () => {
    expect(await check('unattested')).toEqual({ signed: true, publisher: null });
  });

  it.each([
    ['tampered', "@agents/tampered@1.0.0 does not match the registry's signature (its tarball or integrity was changed after signing); not installed"],
    ['stranger', '@agents/stranger@1.0.0 is signed with a key the registry does not publish; not installed'],
    [
      'borrowed',
      '@agents/borrowed@1.0.0: its provenance attestation is for pkg:npm/%40agents/valid@1.0.0, not pkg:npm/%40agents/borrowed@1.0.0; not installed',
    ],
  ])('refuses %s in one line', async (name, message) => {
    await expect(check(name)).rejects.toThrow(message);
    await expect(check(name)).rejects.not.toThrow(/\n/);
  });

  it('refuses an attestation that another Sigstore trust root signed', async () => {
    const other = await startSigningRegistry(registry.url);
    try {
      await expect(check('valid', other.env)).rejects.toThrow(
        /^@agents\/valid@1.0.0: its provenance attestation does not verify against Sigstore's trust root/,
      );
    } finally {
      await other.close();
    }
  });

  it('checks nothing but integrity where the registry publishes no keys, and says so by signed: false', async () => {
    signing.publishKeys(false);
    try {
      expect((await check('unattested')).signed).toBe(false);
    } finally {
      signing.publishKeys(true);
    }
  });
});
