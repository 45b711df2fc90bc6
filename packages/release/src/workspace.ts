import { registrySettings, type WorkspacePackage, workspacePackages } from '@agents/loader';
import { runOrThrow } from './run.js';

/** Clones the commit checked out in `source` into `target`, on a branch named main (changesets' base branch). */
export async function cloneHead(source: string, target: string): Promise<string> {
  const head = (await runOrThrow('reading HEAD', 'git', ['rev-parse', 'HEAD'], { cwd: source })).trim();
  await runOrThrow('cloning the repository', 'git', ['clone', '--quiet', '--no-checkout', source, target], { cwd: source });
  await runOrThrow('checking out HEAD', 'git', ['checkout', '--quiet', '-B', 'main', head], { cwd: target });
  return head;
}

/** Installs the workspace from its lockfile (from pnpm's store when it can) and builds the tools the pipeline runs. */
export async function installWorkspace(dir: string): Promise<void> {
  await runOrThrow('installing dependencies', 'pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: dir });
  await runOrThrow('building the agents CLI', 'pnpm', ['run', 'build:tools'], { cwd: dir });
}

export interface PublicPackage {
  name: string;
  version: string;
  dir: string;
}

/**
 * Whether a release of a registry publishing under `scope` publishes this package: a public one of its scope.
 * A company's registry under `@acme` leaves the tools it was forked with (`@agents/cli`, …) to their own publisher.
 */
export const inRelease = (pkg: WorkspacePackage, scope: string): boolean => !pkg.manifest.private && pkg.name.startsWith(`${scope}/`);

/** The packages a release of the registry at `dir` publishes, with their versions, in name order. */
export async function publicPackages(dir: string): Promise<PublicPackage[]> {
  const { scope } = registrySettings(dir);
  return (await workspacePackages(dir)).filter((pkg) => inRelease(pkg, scope)).map(({ name, version, dir: folder }) => ({ name, version, dir: folder }));
}
