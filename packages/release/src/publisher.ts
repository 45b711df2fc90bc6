/// <reference path="./libnpmpublish.d.ts" />
import { type WorkspacePackage, workspacePackages } from '@agents/loader';
import { loadNpmConfig, type NpmConfig, packumentUrl } from '@agents/npm-client';
import { publish as npmPublish } from 'libnpmpublish';
import { ReleaseError } from './errors.js';
import { packList, packTarball, publishedManifest } from './pack.js';
import { mapLimit } from './packages.js';
import { registryVersions } from './registry-versions.js';
import { createTags } from './tags.js';
import { type PublishAuth, releaseConfig, TrustedPublishing } from './trusted-publishing.js';

export interface PublishOptions {
  root: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Registry questions at once: each is ~30 ms of waiting, so ask many. */
  queryConcurrency?: number;
  /** Uploads at once: the registry's CPU is the limit beyond ~12. */
  publishConcurrency?: number;
  /** Overrides the root package.json's `agents.release.auth` (release:bootstrap publishes with the maintainer's token). */
  auth?: PublishAuth;
  /** Publishes these packages only (release:bootstrap); every unpublished one by default. */
  only?: ReadonlySet<string>;
}

export interface PublishResult {
  published: WorkspacePackage[];
  failed: { pkg: WorkspacePackage; reason: string }[];
  tagged: string[];
}

/** The versions of the package on its registry, asked with npm's credentials for that registry. */
function versionsOf(pkg: WorkspacePackage, config: NpmConfig): Promise<string[]> {
  const registry = config.registryFor(pkg.name);
  return registryVersions(registry, pkg.name, config.authorization(packumentUrl(registry, pkg.name).href));
}

/** Is `name@version` on the registry? */
const isPublished = async (pkg: WorkspacePackage, config: NpmConfig) => (await versionsOf(pkg, config)).includes(pkg.version);

/** The versions each package has on its registry; a registry that cannot say stops everything, before anything is published. */
async function versionsOnRegistry(packages: readonly WorkspacePackage[], config: NpmConfig, concurrency: number): Promise<string[][]> {
  try {
    return await mapLimit(packages, concurrency, (pkg) => versionsOf(pkg, config));
  } catch (problem) {
    const cause = (problem as { cause?: { code?: string } }).cause?.code;
    throw new ReleaseError('registry', `cannot ask the registry what is published (${cause ?? (problem as Error).message}); nothing was published`, {
      cause: problem,
    });
  }
}

/** The public packages of a workspace, and the versions each has on its registry. */
async function publicPackagesOnRegistry(root: string, env: NodeJS.ProcessEnv): Promise<{ packages: WorkspacePackage[]; known: string[][] }> {
  const config = await loadNpmConfig(root, env);
  const packages = (await workspacePackages(root)).filter((pkg) => !pkg.manifest.private);
  return { packages, known: await versionsOnRegistry(packages, config, 16) };
}

/** The public packages of a workspace that have no version at all on their registry: what trusted publishing cannot publish. */
export async function unknownToRegistry(root: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkspacePackage[]> {
  const { packages, known } = await publicPackagesOnRegistry(root, env);
  return packages.filter((_, index) => known[index]!.length === 0);
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

  const auth = options.auth ?? releaseConfig(options.root, env).auth;
  const known = await versionsOnRegistry(candidates, config, options.queryConcurrency ?? 16);
  const pending = candidates.filter((pkg, index) => !known[index]!.includes(pkg.version) && (options.only === undefined || options.only.has(pkg.name)));
  // Trusted publishing is configured for a package that exists: a new one is published once by a maintainer, before anything else.
  const unknown = candidates.filter((_, index) => known[index]!.length === 0);
  if (auth === 'trusted' && unknown.length > 0) {
    throw new ReleaseError(
      'bootstrap',
      `${unknown.length} package${unknown.length === 1 ? ' is' : 's are'} not on the registry yet, and trusted publishing only publishes a package that exists:\n${unknown
        .map((pkg) => `  ${pkg.name}`)
        .join(
          '\n',
        )}\nA maintainer publishes them once, with their own npm login and 2FA, and makes this workflow their trusted publisher: pnpm release:bootstrap (see what it would do with --dry-run). Nothing was published; run the release again after.`,
    );
  }
  log(pending.length === 0 ? 'Nothing to publish: every version is on the registry.' : `Publishing ${pending.length} of ${candidates.length} packages`);
  const trusted = auth === 'trusted' && pending.length > 0 ? new TrustedPublishing(env, config.registryFor(pending[0]!.name)) : undefined;

  const provenance = config.flat.provenance === true;
  const retries = (config.flat.retry as { retries?: number } | undefined)?.retries ?? 2;
  const outcomes = await mapLimit(pending, options.publishConcurrency ?? 12, async (pkg) => {
    try {
      const manifest = publishedManifest(pkg.manifest, versions);
      const tarball = await packTarball(pkg.dir, manifest, await packList(pkg.dir, pkg.manifest));
      // Trusted publishing: a token for this package only, from the job's identity; npm's configured token otherwise.
      const forceAuth = trusted === undefined ? undefined : { token: await trusted.tokenFor(pkg.name) };
      await npmPublish(manifest, tarball, {
        ...config.flat,
        ...(forceAuth && { forceAuth }),
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

  // Tags name what is on the registry: what was there, and what this run published (with `only`, not every pending package).
  const onRegistry = candidates.filter((pkg, index) => known[index]!.includes(pkg.version) || nowPublished.includes(pkg));
  const tagged = await tagReleases(options.root, onRegistry, env);
  return { published: nowPublished, failed, tagged };
}

/** Tags `name@version` on HEAD for these packages, those not tagged yet; returns the tags made. */
function tagReleases(root: string, packages: readonly WorkspacePackage[], env: NodeJS.ProcessEnv): Promise<string[]> {
  // Tags are annotated: they need a tagger, also on a machine with no git identity (a fresh CI machine).
  const identity = { name: env.GIT_COMMITTER_NAME ?? 'agents release', email: env.GIT_COMMITTER_EMAIL ?? 'release@agents.invalid' };
  return createTags(
    root,
    packages.map((pkg) => `${pkg.name}@${pkg.version}`),
    identity,
  );
}

/**
 * Tags every public package whose current version is on the registry, and only those: the release
 * workflow's tag job, which may push to the repository but holds no identity for the registry.
 */
export async function tagPublished(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const { packages, known } = await publicPackagesOnRegistry(root, env);
  return tagReleases(
    root,
    packages.filter((pkg, index) => known[index]!.includes(pkg.version)),
    env,
  );
}
