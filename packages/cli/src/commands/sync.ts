import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { EXIT } from '@agents/kit';
import { fetchPackument, loadNpmConfig, type NpmConfig } from '@agents/npm-client';
import { CATEGORIES, isAgentName, printable, SEMVER_PATTERN, skillPackageName, splitPackageName } from '@agents/schema';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags, noArguments } from '../flags.js';
import { readLock } from '../install/lock.js';
import { reportAgents, reportSkills } from '../install/outcome.js';
import { agentDependencies, checked, checkLocked, clashNote, type Fetched, placeAll, settleSkills } from '../install/place.js';
import { readProjectSettings } from '../install/settings.js';
import { type FetchedSkill, locksOfRun, readInstalledSkill, readsSkills, skillsForClient } from '../install/skills.js';
import { type TargetClient, target } from '../install/target.js';
import { noteUnsigned, trustFlags, trustPolicy, verifierFor } from '../install/trust.js';

export const sync = defineCommand({
  name: 'sync',
  summary: 'Install into .claude/agents/ every agent package the project depends on, from node_modules',
  usage: 'agents sync [--user] [--force] [--client <clients>]',
  description: `After "npm install @agents/<name>", copies the agent.md of every @agents/*
agent package in package.json (dependencies, devDependencies,
optionalDependencies), and of every agent of an @agents/<category> package,
as installed in node_modules, into .claude/agents/, and
records it in .claude/agents.lock.json. Nothing runs at install time: run
agents sync yourself (or from a script of yours) after npm install or update.

Each package's publisher is verified as agents add verifies it, against the
integrity npm's lockfile recorded (without one, as with pnpm or yarn, it is
not checked, and --require-provenance refuses it).

A file you edited, or one that agents did not install, is kept unless --force.`,
  options: { user: flags.user, force: booleanFlag('Replace files you edited or that agents did not install'), client: flags.client, ...trustFlags },
  positionals: noArguments('agents sync takes no arguments'),
  exitCodes: '0 done (kept files are reported), 1 a package could not be read, 2 usage error.',
  examples: ['npm install @agents/data-platform-engineer && agents sync'],
  async run({ user, force, client, ...trust }, output) {
    const settings = await readProjectSettings(output.cwd);
    const policy = trustPolicy(trust, settings);
    const manifestPath = join(output.cwd, 'package.json');
    const manifest = (await readFile(manifestPath, 'utf8').then(JSON.parse, () => {
      throw new CliError('no-project', `no package.json in ${output.cwd}: run agents sync in the project that depends on @agents/* packages`);
    })) as Record<string, Record<string, string> | undefined>;
    const names = [
      ...new Set(
        ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((field) =>
          agentDependencies(manifest[field], 'package.json', settings.scope).map(([name]) => name),
        ),
      ),
    ];
    let found = 0;
    const config = names.length === 0 ? undefined : await loadNpmConfig(output.cwd);
    for (const each of client) {
      const read = dedupe((await Promise.all(names.sort().map((name) => fromNodeModules(output.cwd, manifestPath, name, each)))).flat());
      const fetched = await Promise.all(
        read.map(async (agent) => {
          const skills = agent.skills && (await Promise.all(agent.skills.map((skill) => withPublisher(skill, config!))));
          return { ...(await withPublisher(agent, config!)), ...(skills ? { skills } : {}) };
        }),
      );
      found = fetched.length;
      const where = target({ user, cwd: output.cwd, client: each });
      const lock = await readLock(where.lockPath);
      await settleSkills(
        fetched.map((agent) => [agent]),
        [each],
        await locksOfRun([where], [lock]),
        undefined,
      );
      checkLocked(lock, fetched, policy);
      noteUnsigned(config!, output);
      await placeAll(
        where,
        lock,
        fetched,
        force,
        (agent, outcome) => {
          reportAgents(where, output)(agent, outcome);
          const clash = clashNote(where, agent.name, output.cwd);
          if (clash) output.err(`note: ${clash}`);
        },
        reportSkills(where, output),
      );
    }
    if (found === 0)
      output.out(`No @agents/* agent package in ${relative(output.cwd, manifestPath) || 'package.json'}: install one with npm install @agents/<name>`);
    return EXIT.ok;
  },
});

/**
 * The agents an installed @agents/* package brings: its agent.md, or, for a
 * category package, its members' (resolved from where the category is
 * installed); none for packages that are not agents (the CLI, the schema).
 */
async function fromNodeModules(project: string, from: string, packageName: string, client: TargetClient, visited = new Set<string>()): Promise<Fetched[]> {
  const require = createRequire(from);
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch {
    throw new CliError('not-installed', `${packageName} is in package.json but not installed: run npm install first`);
  }
  // Categories that depend on each other (a hostile or broken registry) are each read once.
  if (visited.has(manifestPath)) return [];
  visited.add(manifestPath);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    version: unknown;
    exports?: Record<string, unknown>;
    dependencies?: Record<string, string>;
  };
  if (manifest.exports?.['./agent.md'] === undefined) {
    const { scope, name } = splitPackageName(packageName)!;
    if (!(CATEGORIES as readonly string[]).includes(name)) return [];
    const members = agentDependencies(manifest.dependencies, packageName, scope).map(([member]) => member);
    return (await Promise.all(members.map((member) => fromNodeModules(project, manifestPath, member, client, visited)))).flat();
  }
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version)) {
    throw new CliError(
      'bad-package',
      `${packageName} in node_modules has the version ${printable(JSON.stringify(manifest.version))}, which is not semver: reinstall it`,
    );
  }
  const markdown = await readFile(require.resolve(`${packageName}/agent.md`));
  const agent = checked(
    {
      name: splitPackageName(packageName)!.name,
      packageName,
      version: manifest.version,
      range: 'latest',
      source: 'node_modules',
      integrity: await lockedIntegrity(project, relative(project, dirname(manifestPath)).split(sep).join('/')),
      markdown,
    },
    client,
  );
  // The skills it names, as npm installed them with it (its dependencies), for the client's skills folder.
  if (readsSkills(client) && (agent.agent.skills?.length ?? 0) > 0)
    Object.assign(agent, skillsForClient(client, await skillsFromNodeModules(project, manifestPath, manifest.dependencies, agent)));
  return [agent];
}

/** Each skill an agent from node_modules names, from the package npm installed beside it, read by the gate. */
async function skillsFromNodeModules(
  project: string,
  agentManifest: string,
  dependencies: Record<string, string> | undefined,
  agent: Fetched,
): Promise<FetchedSkill[]> {
  const require = createRequire(agentManifest);
  const { scope } = splitPackageName(agent.packageName)!;
  return Promise.all(
    [...new Set(agent.agent.skills)].map(async (name) => {
      if (!isAgentName(name))
        throw new CliError('bad-package', `${agent.packageName}@${agent.version} names the skill ${printable(name)}, which is not a skill name`);
      const packageName = skillPackageName(scope, name);
      let skillManifest: string;
      try {
        skillManifest = require.resolve(`${packageName}/package.json`);
      } catch {
        throw new CliError('not-installed', `${agent.packageName} names the skill ${name}, but ${packageName} is not installed: run npm install first`);
      }
      const { version } = JSON.parse(await readFile(skillManifest, 'utf8')) as { version: unknown };
      if (typeof version !== 'string' || !SEMVER_PATTERN.test(version))
        throw new CliError(
          'bad-package',
          `${packageName} in node_modules has the version ${printable(JSON.stringify(version))}, which is not semver: reinstall it`,
        );
      // The range the agent declares: a package npm installed without declaring it is held to none.
      const skill = await readInstalledSkill(dirname(skillManifest), name, packageName, version, dependencies?.[packageName] ?? '*');
      return { ...skill, integrity: await lockedIntegrity(project, relative(project, dirname(skillManifest)).split(sep).join('/')) };
    }),
  );
}

/**
 * The publisher of a package npm installed, verified on the registry for the tarball npm's lockfile names:
 * the registry's signature covers that integrity, the provenance names it. Without npm's lockfile it stays unchecked.
 */
async function withPublisher<T extends Pick<Fetched, 'packageName' | 'version' | 'integrity' | 'publisher'>>(agent: T, config: NpmConfig): Promise<T> {
  if (agent.integrity === null) return agent;
  const packument = await fetchPackument(agent.packageName, config, { full: true });
  const manifest = packument?.versions[agent.version];
  if (packument === undefined || manifest === undefined) {
    throw new CliError('not-found', `${agent.packageName}@${agent.version} is in node_modules but not on the registry: its publisher cannot be checked`);
  }
  if (manifest.dist.integrity !== agent.integrity) {
    throw new CliError(
      'bad-package',
      `${agent.packageName}@${agent.version} in node_modules is not the tarball the registry serves (npm's lockfile has another integrity); reinstall it`,
    );
  }
  const { publisher } = await verifierFor(config).verify(packument, manifest, agent.integrity);
  return { ...agent, publisher };
}

/** An agent that comes both directly and through its category is installed once. */
function dedupe(agents: Fetched[]): Fetched[] {
  return [...new Map(agents.map((agent) => [agent.name, agent])).values()];
}

/** The tarball integrity npm recorded when it installed the package (keyed by its folder), when npm's lockfile is there. */
async function lockedIntegrity(project: string, folder: string): Promise<string | null> {
  for (const file of ['node_modules/.package-lock.json', 'package-lock.json']) {
    try {
      const lock = JSON.parse(await readFile(join(project, file), 'utf8')) as { packages?: Record<string, { integrity?: string }> };
      const integrity = lock.packages?.[folder]?.integrity;
      if (integrity) return integrity;
    } catch {
      // No npm lockfile: pnpm or yarn installed it.
    }
  }
  return null;
}
