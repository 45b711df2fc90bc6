/// <reference path="./libnpmpublish.d.ts" />
import { type WorkspacePackage, workspacePackages } from '@agents/loader';
import { loadNpmConfig, type NpmConfig, packumentUrl } from '@agents/npm-client';
import { publish as npmPublish } from 'libnpmpublish';
import { ReleaseError } from './errors.js';
import { packList, packTarball, publishedManifest } from './pack.js';
import { mapLimit } from './packages.js';
import { registryVersions } from './registry-versions.js';
import { createTags } from './tags.js';

export interface PublishOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Registry questions at once: each is ~30 ms of waiting, so ask many. */
  queryConcurrency?: number;
  /** Uploads at once: the registry's CPU is the limit beyond ~12. */
  publishConcurrency?: number;
}

export interface PublishResult {
  published: WorkspacePackage[];
  failed: { pkg: WorkspacePackage; reason: string }[];
  tagged: string[];
}

/** Is `name@version` on the registry? Asked with npm's credentials for that registry. */
async function isPublished(pkg: WorkspacePackage, config: NpmConfig): Promise<boolean> {
  const registry = config.registryFor(pkg.name);
  const versions = await registryVersions(registry, pkg.name, config.authorization(packumentUrl(registry, pkg.name).href));
  return versions.includes(pkg.version);
}

/**
 * Publishes every public package of the workspace whose version is not on
 * the registry yet, in this process (npm's own libnpmpublish; provenance when
 * NPM_CONFIG_PROVENANCE=true in CI), then tags `name@version` for every
 * package whose current version is on the registry. Safe to run again after
 * a failure: what is there is skipped, what is missing is published, no tag
 * is created twice.
 */
export async function publishWorkspace(options: PublishOptions): Promise<PublishResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const config = await loadNpmConfig(options.root, env);
  const all = await workspacePackages(options.root);
  const candidates = all.filter((pkg) => !pkg.manifest.private);
  const versions = new Map(all.map((pkg) => [pkg.name, pkg.version]));

  let published: boolean[];
  try {
    published = await mapLimit(candidates, options.queryConcurrency ?? 16, (pkg) => isPublished(pkg, config));
  } catch (problem) {
    const cause = (problem as { cause?: { code?: string } }).cause?.code;
    throw new ReleaseError('registry', `cannot ask the registry what is published (${cause ?? (problem as Error).message}); nothing was published`, {
      cause: problem,
    });
  }
  const pending = candidates.filter((_, index) => !published[index]);
  log(pending.length === 0 ? 'Nothing to publish: every version is on the registry.' : `Publishing ${pending.length} of ${candidates.length} packages`);

  const provenance = config.flat.provenance === true;
  const retries = (config.flat.retry as { retries?: number } | undefined)?.retries ?? 2;
  const outcomes = await mapLimit(pending, options.publishConcurrency ?? 12, async (pkg) => {
    try {
      const manifest = publishedManifest(pkg.manifest, versions);
      const tarball = await packTarball(pkg.dir, manifest, await packList(pkg.dir, pkg.manifest));
      await npmPublish(manifest, tarball, {
        ...config.flat,
        registry: config.registryFor(pkg.name),
        access: 'public',
        defaultTag: 'latest',
        provenance,
        // A release waits seconds, not minutes, for a registry that went away; rerunning it is safe.
        retry: { retries, factor: 2, minTimeout: 500, maxTimeout: 4000 },
        maxSockets: options.publishConcurrency ?? 12,
      });
      log(`  ${pkg.name}@${pkg.version}`);
      return undefined;
    } catch (problem) {
      // A publish that reached the registry before the connection broke is there: it counts as published.
      if (await isPublished(pkg, config).catch(() => false)) return undefined;
      return (problem as { code?: string }).code ? `${(problem as { code: string }).code}: ${(problem as Error).message}` : (problem as Error).message;
    }
  });
  const failed = pending.flatMap((pkg, index) => (outcomes[index] === undefined ? [] : [{ pkg, reason: outcomes[index]! }]));
  const failedNames = new Set(failed.map((failure) => failure.pkg.name));
  const nowPublished = pending.filter((pkg) => !failedNames.has(pkg.name));

  const onRegistry = candidates.filter((pkg) => !failedNames.has(pkg.name));
  // Tags are annotated: they need a tagger, also on a machine with no git identity (a fresh CI machine).
  const tagged = await createTags(
    options.root,
    onRegistry.map((pkg) => `${pkg.name}@${pkg.version}`),
    { name: env.GIT_COMMITTER_NAME ?? 'agents release', email: env.GIT_COMMITTER_EMAIL ?? 'release@agents.invalid' },
  );
  return { published: nowPublished, failed, tagged };
}
