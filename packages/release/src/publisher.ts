/// <reference path="./libnpmpublish.d.ts" />
import { registrySettings, type WorkspacePackage, workspacePackages } from '@agents/loader';
import { loadNpmConfig, type NpmConfig, packumentUrl } from '@agents/npm-client';
import { publish as npmPublish } from 'libnpmpublish';
import { ReleaseError } from './errors.js';
import { packList, packTarball, publishedManifest } from './pack.js';
import { mapLimit } from './packages.js';
import { type AskedPackage, onRegistryAfter, planPublish } from './publish-plan.js';
import { registryVersions } from './registry-versions.js';
import { type PublishAuth, releaseConfig } from './release-config.js';
import { stagedVersions } from './staging.js';
import { createTags, tagsOnRegistry } from './tags.js';
import { TrustedPublishing } from './trusted-publishing.js';
import { inRelease } from './workspace.js';

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
  /** Asks the registry about every package, also those whose release tag says they are there. */
  checkAll?: boolean;
}

export interface PublishResult {
  published: WorkspacePackage[];
  /** Versions staged for a maintainer's approval (`agents.release.stage`), with the id `npm stage approve` takes. */
  staged: { pkg: WorkspacePackage; id: string }[];
  failed: { pkg: WorkspacePackage; reason: string }[];
  tagged: string[];
  /** How many packages the registry was asked about (the others' release tags say they are published). */
  asked: number;
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

/** What a release knows of the public packages of a workspace before it publishes anything. */
interface RegistryState {
  config: NpmConfig;
  /** Every package it publishes: the public ones of its scope. */
  packages: WorkspacePackage[];
  /** The version of every workspace package, private ones too (what `workspace:` ranges are rewritten to). */
  workspaceVersions: Map<string, string>;
  /** Those with no release tag for their current version on the registry (the others are not asked about), and the versions each has there. */
  asked: AskedPackage[];
}

/**
 * The public packages of a workspace, and what the registry has of each: a release tag made by this
 * publisher for the registry stands for the version being there; only the packages without one (those
 * a changeset changed, new ones, those an interrupted release left untagged) are asked about, so a
 * release's questions grow with what changed, not with the registry.
 */
async function registryState(root: string, env: NodeJS.ProcessEnv, options: { checkAll?: boolean; concurrency?: number } = {}): Promise<RegistryState> {
  const config = await loadNpmConfig(root, env);
  const all = await workspacePackages(root);
  const { scope } = registrySettings(root);
  const packages = all.filter((pkg) => inRelease(pkg, scope));
  const registries = new Set(packages.map((pkg) => config.registryFor(pkg.name)));
  const tags = options.checkAll
    ? new Set<string>()
    : new Set((await Promise.all([...registries].map((registry) => tagsOnRegistry(root, registry)))).flatMap((set) => [...set]));
  const untagged = packages.filter((pkg) => !tags.has(`${pkg.name}@${pkg.version}`));
  const versions = await versionsOnRegistry(untagged, config, options.concurrency ?? 16);
  return {
    config,
    packages,
    workspaceVersions: new Map(all.map((pkg) => [pkg.name, pkg.version])),
    asked: untagged.map((pkg, index) => ({ pkg, versions: versions[index]! })),
  };
}

/** The public packages of a workspace that have no version at all on their registry: what trusted publishing cannot publish. */
export async function unknownToRegistry(root: string, env: NodeJS.ProcessEnv = process.env): Promise<WorkspacePackage[]> {
  return (await registryState(root, env)).asked.filter(({ versions }) => versions.length === 0).map(({ pkg }) => pkg);
}

/**
 * Publishes every public package of the workspace whose version is not on the registry yet, in this
 * process (npm's own libnpmpublish; provenance when NPM_CONFIG_PROVENANCE=true in CI), or stages it
 * for approval (`agents.release.stage`), then tags `name@version` for every package whose current
 * version is on the registry. Safe to run again after a failure: what is there is skipped, what is
 * missing is published, no tag is created twice, nothing is staged twice.
 */
export async function publishWorkspace(options: PublishOptions): Promise<PublishResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const { auth: configuredAuth, stage } = releaseConfig(options.root, env);
  const auth = options.auth ?? configuredAuth;
  const { config, packages, workspaceVersions, asked } = await registryState(options.root, env, {
    checkAll: options.checkAll,
    concurrency: options.queryConcurrency,
  });

  const { pending, summary } = planPublish(asked, packages.length, { auth, stage, only: options.only });
  log(summary);
  const trusted = auth === 'trusted' && pending.length > 0 ? new TrustedPublishing(env, config.registryFor(pending[0]!.name)) : undefined;

  const provenance = config.flat.provenance === true;
  const retries = (config.flat.retry as { retries?: number } | undefined)?.retries ?? 2;
  const outcomes = await mapLimit(pending, options.publishConcurrency ?? 12, async (pkg): Promise<{ staged?: string; failed?: string }> => {
    const registry = config.registryFor(pkg.name);
    try {
      // Trusted publishing: a token for this package only, from the job's identity; npm's configured token otherwise.
      const token = trusted === undefined ? undefined : await trusted.tokenFor(pkg.name);
      if (stage) {
        const already = (await stagedVersions(registry, pkg.name, token ? `Bearer ${token}` : config.authorization(registry))).find(
          (staged) => staged.version === pkg.version,
        );
        if (already) {
          log(`  ${pkg.name}@${pkg.version} is staged already (${already.id})`);
          return { staged: already.id };
        }
      }
      const manifest = publishedManifest(pkg.manifest, workspaceVersions);
      const tarball = await packTarball(pkg.dir, manifest, await packList(pkg.dir, pkg.manifest));
      const response = await npmPublish(manifest, tarball, {
        ...config.flat,
        ...(token && { forceAuth: { token } }),
        registry,
        access: 'public',
        defaultTag: 'latest',
        provenance,
        stage,
        // A release waits seconds, not minutes, for a registry that went away; rerunning it is safe.
        retry: { retries, factor: 2, minTimeout: 500, maxTimeout: 4000 },
        maxSockets: options.publishConcurrency ?? 12,
      });
      log(`  ${pkg.name}@${pkg.version}${stage ? ` staged (${response.stageId})` : ''}`);
      return stage ? { staged: String(response.stageId) } : {};
    } catch (problem) {
      // A publish that reached the registry before the connection broke is there: it counts as published.
      if (!stage && (await isPublished(pkg, config).catch(() => false))) return {};
      return {
        failed: (problem as { code?: string }).code ? `${(problem as { code: string }).code}: ${(problem as Error).message}` : (problem as Error).message,
      };
    }
  });
  const failed = pending.flatMap((pkg, index) => (outcomes[index]!.failed === undefined ? [] : [{ pkg, reason: outcomes[index]!.failed! }]));
  const staged = pending.flatMap((pkg, index) => (outcomes[index]!.staged === undefined ? [] : [{ pkg, id: outcomes[index]!.staged! }]));
  const nowPublished = pending.filter((_, index) => outcomes[index]!.failed === undefined && outcomes[index]!.staged === undefined);

  // Tags name what is on the registry: what this run found there, and what it published (with `only`, not every pending package).
  const tagged = await tagReleases(options.root, onRegistryAfter(asked, nowPublished), config, env);
  return { published: nowPublished, staged, failed, tagged, asked: asked.length };
}

/** Tags `name@version` on HEAD for these packages, those not tagged yet, naming their registry; returns the tags made. */
async function tagReleases(root: string, packages: readonly WorkspacePackage[], config: NpmConfig, env: NodeJS.ProcessEnv): Promise<string[]> {
  // Tags are annotated: they need a tagger, also on a machine with no git identity (a fresh CI machine).
  const identity = { name: env.GIT_COMMITTER_NAME ?? 'agents release', email: env.GIT_COMMITTER_EMAIL ?? 'release@agents.invalid' };
  const byRegistry = Map.groupBy(packages, (pkg) => config.registryFor(pkg.name));
  const made: string[] = [];
  for (const [registry, members] of byRegistry) {
    made.push(
      ...(await createTags(
        root,
        members.map((pkg) => `${pkg.name}@${pkg.version}`),
        registry,
        identity,
      )),
    );
  }
  return made.sort();
}

/**
 * Tags every public package whose current version is on the registry, and only those: the release
 * workflow's tag job, which may push to the repository but holds no identity for the registry.
 * Asks the registry about the untagged packages only.
 */
export async function tagPublished(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const { config, asked } = await registryState(root, env);
  return tagReleases(
    root,
    asked.filter(({ pkg, versions }) => versions.includes(pkg.version)).map(({ pkg }) => pkg),
    config,
    env,
  );
}
