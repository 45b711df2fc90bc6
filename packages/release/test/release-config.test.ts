import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { releaseConfig } from '../src/index.js';

const registryWith = (manifest: unknown) => {
  const root = tempDir('release-config-');
  writeFiles(root, { 'package.json': JSON.stringify(manifest) });
  return root;
};

describe('releaseConfig', () => {
  it.each<[string, unknown, NodeJS.ProcessEnv, object]>([
    ['nothing said: a token, published at once', { private: true }, {}, { auth: 'token', repository: undefined, workflow: 'release.yml', stage: false }],
    ['staged for approval', { agents: { release: { stage: true } } }, {}, { stage: true }],
    ['staging turned off by the environment (a local release)', { agents: { release: { stage: true } } }, { AGENTS_RELEASE_STAGE: 'false' }, { stage: false }],
    ['trusted publishing', { agents: { release: { auth: 'trusted' } } }, {}, { auth: 'trusted' }],
    ['the environment over package.json', { agents: { release: { auth: 'trusted' } } }, { AGENTS_RELEASE_AUTH: 'token' }, { auth: 'token' }],
    ['the repository from package.json', { repository: { url: 'git+https://github.com/acme/agents.git' } }, {}, { repository: 'acme/agents' }],
    [
      'its own repository and workflow',
      { agents: { release: { repository: 'acme/fork', workflow: 'publish.yml' } } },
      {},
      { repository: 'acme/fork', workflow: 'publish.yml' },
    ],
  ])('%s', (_, manifest, env, expected) => {
    expect(releaseConfig(registryWith(manifest), env)).toMatchObject(expected);
  });

  it('refuses an auth it does not know, saying where it is set', () => {
    expect(() => releaseConfig(registryWith({ agents: { release: { auth: 'oidc' } } }), {})).toThrow(/must be "token" or "trusted", not "oidc"/);
  });

  it('refuses a stage switch that is not true or false', () => {
    expect(() => releaseConfig(registryWith({ agents: { release: { stage: 'yes' } } }), {})).toThrow(
      /agents\.release\.stage .* must be true or false, not "yes"/,
    );
  });
});
