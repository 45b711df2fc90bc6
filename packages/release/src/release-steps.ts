import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ReleaseError } from './errors.js';
import { registryVersions } from './registry-versions.js';
import { runOrThrow } from './run.js';
import { type PublicPackage, publicPackages } from './workspace.js';

/**
 * The steps of a release as `pnpm release:local` (and the release's end-to-end tests) drive them on a
 * workspace folder; each throws a ReleaseError (step-failed) with the command's output on failure.
 */

/**
 * For publishing only: `changeset publish` asks `npm info --registry <npm_config_registry>`
 * whether a version exists, ignoring scoped registries, so the default registry
 * must be the local one too. Never use it for installs: pnpm would then fetch
 * every dependency's metadata from a registry that has only `@agents/*`.
 */
export function publishEnvironment(registryUrl: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // A local registry takes the npm token its environment holds and publishes at once, whatever the registry's own release does,
  // and never asks for provenance (npm reads npm_config_* in any case: every spelling goes).
  const inherited = Object.fromEntries(Object.entries(base).filter(([key]) => key.toLowerCase() !== 'npm_config_provenance'));
  return { ...inherited, npm_config_registry: registryUrl, npm_config_provenance: 'false', AGENTS_RELEASE_AUTH: 'token', AGENTS_RELEASE_STAGE: 'false' };
}

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

/** A published package as a user gets it: installed with npm, then imported. */
export interface ImportedPackage {
  package: string;
  /** The names it exports. */
  exports: string[];
  /** For an agent package, its definition as its default export states it. */
  agent: InstalledAgent | undefined;
  /** For a skill package (a SKILL.md, no module), the files it brought. */
  skillFiles?: string[];
}

/** In a scratch project: `npm install` every package at once from the registry, then import each as a user would. */
export async function installAndImportAll(scratch: string, packageNames: string[], env: NodeJS.ProcessEnv): Promise<ImportedPackage[]> {
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  await writeFile(
    join(scratch, 'print.js'),
    `import { existsSync, readdirSync } from 'node:fs';
const names = ${JSON.stringify(packageNames)};
const imported = [];
for (const name of names) {
  // A skill package is files for a client to read, not a module.
  const folder = 'node_modules/' + name;
  if (existsSync(folder + '/SKILL.md')) {
    const skillFiles = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => (entry.parentPath + '/' + entry.name).slice(folder.length + 1)).sort();
    imported.push({ package: name, exports: [], agent: undefined, skillFiles });
    continue;
  }
  const module = await import(name);
  const agent = typeof module.default?.prompt === 'string' ? { name: module.default.name, version: module.default.version, tools: module.default.tools } : undefined;
  imported.push({ package: name, exports: Object.keys(module).sort(), agent });
}
console.log(JSON.stringify(imported));
`,
  );
  await runOrThrow('npm install', 'npm', ['install', '--no-audit', '--no-fund', ...packageNames], { cwd: scratch, env });
  return JSON.parse(await runOrThrow('importing the packages', 'node', ['print.js'], { cwd: scratch, env })) as ImportedPackage[];
}

/** The entry of a package's CHANGELOG.md for one version (its text under "## <version>"), or undefined. */
export async function changelogEntry(dir: string, version: string): Promise<string | undefined> {
  const changelog = await readFile(join(dir, 'CHANGELOG.md'), 'utf8').catch(() => undefined);
  const section = changelog?.split(/^## /m).find((part) => part.startsWith(`${version}\n`));
  return (
    section
      ?.slice(version.length)
      .replace(/^#+ .*$/gm, '')
      .replace(/\n{2,}/g, '\n')
      .trim() || undefined
  );
}

/** In a scratch project: `npm install <package>` from the registry, then import it as a user would. */
export async function installAndImport(scratch: string, packageName: string, env: NodeJS.ProcessEnv): Promise<InstalledAgent> {
  const [imported] = await installAndImportAll(scratch, [packageName], env);
  if (imported?.agent === undefined) throw new ReleaseError('not-an-agent', `${packageName} has no agent definition as its default export`);
  return imported.agent;
}
