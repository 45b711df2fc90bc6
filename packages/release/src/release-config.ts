import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseError } from './errors.js';

/**
 * How the publisher gets the right to publish: npm's configured token (`token`, for Verdaccio or a
 * company registry), or a token per package from npm's trusted publishing (`trusted`: the CI's OIDC
 * identity exchanged at the registry). Chosen in the root package.json, `agents.release.auth`.
 */
export type PublishAuth = 'token' | 'trusted';

export interface ReleaseConfig {
  auth: PublishAuth;
  /** The GitHub repository (`owner/name`) and workflow file the trusted publisher names: what `release:bootstrap` configures. */
  repository: string | undefined;
  workflow: string;
  /** Stage each version for a maintainer's approval (npm stage publish) instead of publishing it. */
  stage: boolean;
}

/**
 * `agents.release` of the registry's root package.json, `token` auth and no staging when it says nothing;
 * AGENTS_RELEASE_AUTH and AGENTS_RELEASE_STAGE in the environment choose instead (a release to a local
 * registry sets them to `token` and `false`).
 */
export function releaseConfig(root: string, env: NodeJS.ProcessEnv = process.env): ReleaseConfig {
  let manifest: { agents?: { release?: Record<string, unknown> }; repository?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  } catch {
    manifest = {};
  }
  const release = manifest.agents?.release ?? {};
  const auth = env.AGENTS_RELEASE_AUTH || release.auth;
  if (auth !== undefined && auth !== 'token' && auth !== 'trusted') {
    throw new ReleaseError('usage', `agents.release.auth (package.json) or AGENTS_RELEASE_AUTH must be "token" or "trusted", not ${JSON.stringify(auth)}`);
  }
  const stage = env.AGENTS_RELEASE_STAGE ? env.AGENTS_RELEASE_STAGE : release.stage;
  if (stage !== undefined && stage !== true && stage !== false && stage !== 'true' && stage !== 'false') {
    throw new ReleaseError('usage', `agents.release.stage (package.json) or AGENTS_RELEASE_STAGE must be true or false, not ${JSON.stringify(stage)}`);
  }
  const url = typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository as { url?: unknown } | undefined)?.url;
  const github = typeof url === 'string' ? /github\.com[/:]([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(url)?.[1] : undefined;
  return {
    auth: auth ?? 'token',
    repository: typeof release.repository === 'string' ? release.repository : github,
    workflow: typeof release.workflow === 'string' ? release.workflow : 'release.yml',
    stage: stage === true || stage === 'true',
  };
}
