import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, registryEnvironment, startLocalRegistry } from '@agents/local-registry';
import { cloneWorkspace, commitAll, oncePerRun, type PlannedRelease, releasePlan, snapshotWorkspace, tags, tempDir } from '@agents/test-support';
import { publish, type VersionChange, versionPackages } from '../src/index.js';

/** The repository's first release onto an empty registry, as the release job makes it. */
export interface FirstRelease {
  /** What changesets planned for the repository's pending changesets, before versioning. */
  plan: PlannedRelease[];
  /** What versioning changed. */
  versioned: VersionChange[];
  /** What was published (`name@version`), in the order of publishing. */
  published: string[];
  /** The release tags it left. */
  tags: string[];
  /** The repository after it: versioned, committed as the Version Packages pull request is merged, tagged. Clone it; never change it. */
  workspace: string;
  /** The registry's storage after it. Copy it; never change it. */
  storage: string;
}

/**
 * Made once per test run (every end-to-end file that starts after a first release shares it, where each
 * used to make its own): a snapshot of the repository, versioned, committed and published to Verdaccio.
 */
export const firstRelease = (): Promise<FirstRelease> =>
  oncePerRun('first-release', async (dir) => {
    const workspace = snapshotWorkspace(dir);
    const plan = await releasePlan(workspace);
    const versioned = await versionPackages(workspace);
    commitAll(workspace, 'Version Packages');
    const storage = join(dir, 'storage');
    mkdirSync(storage);
    const registry = await startLocalRegistry({ storage });
    try {
      const published = await publish(workspace, registry.url, await registryEnvironment(registry.url, dir));
      return { plan, versioned, published: published.map((pkg) => `${pkg.name}@${pkg.version}`), tags: tags(workspace), workspace, storage };
    } finally {
      await registry.stop();
    }
  });

/** Where a scenario that starts after the first release begins. */
export interface AfterFirstRelease {
  release: FirstRelease;
  /** A clone of the released repository, installed, with its release tags (which name the first release's registry, not this one) unless asked not to. */
  workspace: string;
  /** A registry of the test file's own that holds the first release (started on a copy of its storage). Stop it in afterAll. */
  registry: LocalRegistry;
  /** npm's configuration for that registry. */
  env: NodeJS.ProcessEnv;
}

export async function afterFirstRelease({ tags = true }: { tags?: boolean } = {}): Promise<AfterFirstRelease> {
  const release = await firstRelease();
  const workspace = cloneWorkspace(release.workspace, { tags });
  const storage = tempDir('agents-storage-', 'file');
  cpSync(release.storage, storage, { recursive: true });
  const registry = await startLocalRegistry({ storage });
  return { release, workspace, registry, env: await registryEnvironment(registry.url, join(workspace, '..')) };
}
