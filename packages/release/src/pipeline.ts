import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishEnvironment } from './npm-config.js';
import { registryVersions } from './registry-versions.js';
import { runOrThrow } from './run.js';
import { type PublicPackage, publicPackages } from './workspace.js';

/** The steps of a release, on a workspace folder; each throws a StepError with the command's output on failure. */

export async function validate(dir: string): Promise<string> {
  return runOrThrow('validation', 'pnpm', ['--silent', 'agents', 'validate'], { cwd: dir });
}

export async function build(dir: string): Promise<string> {
  return runOrThrow('the build', 'pnpm', ['run', 'build'], { cwd: dir });
}

export interface VersionChange {
  name: string;
  from: string;
  to: string;
}

/** `pnpm version-packages`: consumes pending changesets into versions and changelogs. */
export async function versionPackages(dir: string): Promise<VersionChange[]> {
  const before = new Map((await publicPackages(dir)).map((pkg) => [pkg.name, pkg.version]));
  await runOrThrow('versioning', 'pnpm', ['run', 'version-packages'], { cwd: dir });
  return (await publicPackages(dir))
    .filter((pkg) => before.get(pkg.name) !== pkg.version)
    .map((pkg) => ({ name: pkg.name, from: before.get(pkg.name) ?? 'new', to: pkg.version }));
}

/** `pnpm release` (validate, build, publish what is unpublished, tag) against a registry; returns what it published. */
export async function publish(dir: string, registryUrl: string, env: NodeJS.ProcessEnv): Promise<PublicPackage[]> {
  const packages = await publicPackages(dir);
  const isPublished = async (pkg: PublicPackage) => (await registryVersions(registryUrl, pkg.name)).includes(pkg.version);
  const before = await Promise.all(packages.map(isPublished));
  await runOrThrow('publishing', 'pnpm', ['run', 'release'], { cwd: dir, env: publishEnvironment(registryUrl, env) });
  const after = await Promise.all(packages.map(isPublished));
  return packages.filter((_, index) => after[index] && !before[index]);
}

export interface InstalledAgent {
  name: string;
  version: string;
  tools: string[] | undefined;
}

/** In a scratch project: `npm install <package>` from the registry, then import it as a user would. */
export async function installAndImport(scratch: string, packageName: string, env: NodeJS.ProcessEnv): Promise<InstalledAgent> {
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await writeFile(
    join(scratch, 'print.js'),
    `import agent from '${packageName}';\nconsole.log(JSON.stringify({ name: agent.name, version: agent.version, tools: agent.tools }));\n`,
  );
  await runOrThrow(`npm install ${packageName}`, 'npm', ['install', '--no-audit', '--no-fund', packageName], { cwd: scratch, env });
  return JSON.parse(await runOrThrow(`importing ${packageName}`, 'node', ['print.js'], { cwd: scratch, env })) as InstalledAgent;
}
