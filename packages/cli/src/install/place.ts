import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { convertForClient, type FieldRecord } from '@agents/clients';
import { writeAtomically } from '@agents/kit';
import { decodeAgentBytes, parseAgent } from '@agents/loader';
import { fetchPackument, type NpmConfig, type Publisher, pickVersion, readFromTarball, redactUrl } from '@agents/npm-client';
import { type Agent, type AgentChange, CATEGORIES, clientById, diffAgent, isAgentName, printable, splitPackageName } from '@agents/schema';
import { CliError } from '../errors.js';
import { downloadVerified } from './download.js';
import { fileState, refuseLinkedFolders, sha256 } from './files.js';
import { type Lock, type LockEntry, type SkillLockEntry, writeLockChanges } from './lock.js';
import { isKept } from './outcome.js';
import {
  checkSkillPolicy,
  type FetchedSkill,
  fetchSkills,
  placeSkill,
  readsSkills,
  type SkillOutcome,
  type SkillUse,
  settleSkillVersions,
  skillsForClient,
} from './skills.js';
import { agentFile, clientName, otherTarget, type PackageSpec, type Target, type TargetClient } from './target.js';
import { checkPublisher, type TrustPolicy } from './trust.js';

/** An agent definition obtained from a package, ready to place. */
export interface Fetched {
  name: string;
  packageName: string;
  version: string;
  range: string;
  source: LockEntry['source'];
  integrity: string | null;
  /** Who built it, as its provenance proved; null: no provenance; undefined: not checked (from node_modules, without npm's lockfile). */
  publisher?: Publisher | null;
  /** The package's agent.md: what is checked. */
  markdown: Buffer;
  /** The definition agent.md holds, as the gate read it. */
  agent: Agent;
  /** What is written: agent.md for Claude Code, for another client what the registry's compiler makes of it. */
  content: Buffer;
  /** For another client: what became of each field of agent.md. */
  fidelity?: FieldRecord[];
  /** From the registry, for a client that reads skills: the skills the agent names, fetched and checked with it. */
  skills?: FetchedSkill[];
  /** Skills not installed for this client: it would show them to every agent of the session, and they approve tools. */
  skillsLeftOut?: FetchedSkill[];
}

export type Outcome = 'installed' | 'updated' | 'unchanged' | 'kept-modified' | 'kept-unmanaged';

/**
 * Resolves a spec on the registry npm's configuration names for @agents, and reads agent.md out of the
 * verified tarball. What the registry says is checked like any input: the version must be semver and the
 * manifest the package asked for, the tarball must match its integrity, the registry's signature and its
 * provenance (PublisherVerifier), the definition must pass the gate and be the agent it claims to be.
 */
export async function fetchFromRegistry(
  spec: PackageSpec,
  config: NpmConfig,
  client: TargetClient = 'claude-code',
  skillVersions: Readonly<Record<string, string>> = {},
): Promise<Fetched> {
  return (await fetchForClients(spec, config, [client], skillVersions))[0]!;
}

/**
 * One download of the package, and what to write for each client, in the order given; its skills at the
 * ranges it declares, or at `skillVersions` (a lock's, which `agents install` keeps to).
 */
export async function fetchForClients(
  spec: PackageSpec,
  config: NpmConfig,
  clients: readonly TargetClient[],
  skillVersions: Readonly<Record<string, string>> = {},
): Promise<Fetched[]> {
  const { manifest, bytes, integrity, publisher } = await downloadVerified(spec.packageName, spec.range, config);
  const markdown = await readFromTarball(bytes, 'agent.md');
  if (markdown === undefined) throw new CliError('bad-package', `${spec.packageName}@${manifest.version} has no agent.md: it is not an agent package`);
  const source = {
    name: spec.name,
    packageName: spec.packageName,
    version: manifest.version,
    range: spec.range,
    source: 'registry' as const,
    integrity,
    publisher,
    markdown,
  };
  const forClients = clients.map((client) => checked(source, client));
  const { agent } = forClients[0]!;
  // Skills travel with the agent into each client's skills folder, fetched before anything is written.
  if (clients.some(readsSkills) && (agent.skills?.length ?? 0) > 0) {
    const dependencies = (manifest as { dependencies?: Record<string, string> }).dependencies;
    const skills = await fetchSkills({ packageName: spec.packageName, version: manifest.version, skills: agent.skills, dependencies }, config, skillVersions);
    for (const [index, fetched] of forClients.entries()) Object.assign(fetched, skillsForClient(clients[index]!, skills));
  }
  return forClients;
}

/**
 * One version of each skill for a run, before anything is written (settleSkillVersions): the agents' (each
 * agent's Fetched for every client, in the order of `clients`) and the skills added on their own; each
 * client's share of an agent's skills is then made again, since a settled version may approve other tools.
 */
export async function settleSkills(
  run: readonly (readonly Fetched[])[],
  clients: readonly TargetClient[],
  locks: { locks: readonly Lock[]; sharing: readonly Lock[] },
  config: NpmConfig | undefined,
  added: readonly FetchedSkill[] = [],
): Promise<void> {
  const uses: SkillUse[] = [
    ...added.map((skill) => ({ skill })),
    ...run.flatMap((forClients) =>
      [...new Set(forClients.flatMap((fetched) => [...(fetched.skills ?? []), ...(fetched.skillsLeftOut ?? [])]))].map((skill) => ({
        agent: forClients[0]!.name,
        skill,
      })),
    ),
  ];
  if (uses.length === 0) return;
  await settleSkillVersions(uses, locks, config);
  for (const forClients of run) {
    for (const [index, fetched] of forClients.entries()) {
      if (fetched.skills !== undefined) Object.assign(fetched, skillsForClient(clients[index]!, [...fetched.skills, ...(fetched.skillsLeftOut ?? [])]));
    }
  }
}

/**
 * `@agents/<category>` stands for its members: the agents it depends on, at
 * the versions that release of the category pins. Added without a version, each
 * member is recorded as `latest`, as an agent added by name is, so `agents update`
 * follows its later releases; a category added at a version or range keeps the
 * pins of that release. Other specs stand for themselves.
 */
export async function expandCategories(specs: PackageSpec[], config: NpmConfig): Promise<PackageSpec[]> {
  const expanded = await Promise.all(
    specs.map(async (spec): Promise<PackageSpec[]> => {
      if (!(CATEGORIES as readonly string[]).includes(spec.name)) return [spec];
      const packument = await fetchPackument(spec.packageName, config);
      const manifest = packument && (await pickVersion(packument, spec.range));
      if (manifest === undefined)
        throw new CliError('not-found', `${spec.packageName}@${printable(spec.range)} is not on ${redactUrl(config.registryFor(spec.packageName))}`);
      const members = agentDependencies(
        (manifest as { dependencies?: Record<string, string> }).dependencies,
        `${spec.packageName}@${manifest.version}`,
        splitPackageName(spec.packageName)!.scope,
      );
      if (members.length === 0) throw new CliError('bad-package', `${spec.packageName}@${printable(manifest.version)} has no agents`);
      return members.map(([packageName, version]) => ({
        name: splitPackageName(packageName)!.name,
        packageName,
        range: spec.range === 'latest' ? 'latest' : version,
        category: spec.packageName,
      }));
    }),
  );
  return [...new Map(expanded.flat().map((spec) => [spec.name, spec])).values()];
}

/**
 * The `<scope>/<name>` entries of a manifest's dependencies (a category's members, of the category's scope),
 * each name checked against the name rules before it becomes a URL or a file name.
 */
export function agentDependencies(dependencies: Record<string, string> | undefined, of: string, scope: string): [string, string][] {
  const members = Object.entries(dependencies ?? {}).filter(([name]) => splitPackageName(name)?.scope === scope);
  for (const [name] of members) {
    if (!isAgentName(splitPackageName(name)!.name))
      throw new CliError('bad-package', `${printable(of)} depends on ${printable(name)}, which is not an agent name; nothing installed`);
  }
  return members;
}

/**
 * A definition from a package is untrusted like any other: it must pass the loader, and be the agent it
 * claims to be. What is written for another client is compiled here from that definition, never taken from
 * the package: no key, line or byte of a package's prebuilt client file reaches a client's folder.
 */
export function checked(source: Omit<Fetched, 'content' | 'fidelity' | 'agent'>, client: TargetClient = 'claude-code'): Fetched {
  const decoded = decodeAgentBytes(source.markdown);
  const parsed = 'text' in decoded ? parseAgent(decoded.text) : { agent: undefined, diagnostics: [decoded.diagnostic] };
  const errors = parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const of = `${source.packageName}@${source.version}`;
  if (errors.length > 0 || parsed.agent === undefined) {
    const listed = errors
      .slice(0, 5)
      .map((d) => `  agent.md:${d.line}:${d.column}  ${d.code}  ${printable(d.message)}`)
      .join('\n');
    throw new CliError('bad-package', `${of} has an invalid agent.md; nothing installed:\n${listed}`);
  }
  if (parsed.agent.name !== source.name) {
    throw new CliError('bad-package', `${of} defines the agent "${printable(String(parsed.agent.name))}", not "${source.name}"; nothing installed`);
  }
  if (client === 'claude-code') return { ...source, agent: parsed.agent, content: source.markdown };
  const conversion = convertForClient(parsed.agent, client);
  if (conversion.status === 'refused') throw new CliError('not-available', `${printable(of)} has no file for ${client}: ${printable(conversion.reason)}`);
  return { ...source, agent: parsed.agent, content: Buffer.from(conversion.content), fidelity: conversion.fidelity };
}

/** The lock entry that records a fetched agent once its file is written. */
export function lockEntryFor(fetched: Fetched): LockEntry {
  return {
    package: fetched.packageName,
    version: fetched.version,
    range: fetched.range,
    source: fetched.source,
    integrity: fetched.integrity,
    sha256: sha256(fetched.content),
    ...(fetched.publisher === undefined ? {} : { publisher: fetched.publisher }),
  };
}

/**
 * Writes `<name>.md` into the target's agents folder and records it in the
 * lock (in memory; the caller writes the lock once). A file the user edited,
 * or one the CLI did not install, is kept unless `force`.
 */
async function place(target: Target, lock: Lock, fetched: Fetched, force: boolean): Promise<Outcome> {
  const path = agentFile(target, fetched.name);
  const entry = lock.agents[fetched.name];
  const { state, content } = await fileState(path, entry);
  if (!force && state === 'modified') return 'kept-modified';
  if (!force && state === 'unmanaged') return 'kept-unmanaged';
  const record = lockEntryFor(fetched);
  // The file first, then its entry: a write that fails leaves the lock describing what is on disk.
  if (content?.equals(fetched.content)) {
    lock.agents[fetched.name] = record;
    return 'unchanged';
  }
  await writeAtomically(path, fetched.content);
  lock.agents[fetched.name] = record;
  return state === 'missing' ? 'installed' : 'updated';
}

/**
 * What moving from one version of an agent to another changes in what it may do (undefined: nothing a reviewer
 * would see), its skills included: a tool one of them approves without asking that it did not is a gain.
 */
export function capabilityChange(from: Fetched, to: Fetched): AgentChange | undefined {
  const approvals = (fetched: Fetched) => Object.fromEntries((fetched.skills ?? []).map((skill) => [skill.name, skill.allowedTools]));
  return diffAgent(to.name, to.packageName, from.agent, to.agent, { before: approvals(from), after: approvals(to) });
}

/**
 * Checks every agent of a run against the lock and the policy, before anything is written: one file per
 * name, so an agent comes from one package (`@acme/reviewer` and `@agents/reviewer` would both be
 * reviewer.md), and its publisher is one the lock and the policy accept.
 */
export function checkLocked(lock: Lock, agents: readonly Fetched[], policy: TrustPolicy): void {
  // A skill is held to its lock entry as an agent is to its own.
  for (const skill of agents.flatMap((agent) => agent.skills ?? [])) {
    checkPublisher(skill, lock.skills[skill.name], policy);
    checkSkillPolicy(skill, policy);
  }
  const packages = new Map(Object.entries(lock.agents).map(([name, entry]) => [name, entry.package]));
  for (const agent of agents) {
    const other = packages.get(agent.name);
    if (other !== undefined && other !== agent.packageName) {
      throw new CliError(
        'name-clash',
        `${agent.packageName}: the agent ${agent.name} is installed from ${other}, and one name is one file; nothing installed (agents remove ${agent.name} first to switch)`,
      );
    }
    packages.set(agent.name, agent.packageName);
  }
  for (const agent of agents) checkPublisher(agent, lock.agents[agent.name], policy);
}

/**
 * Places agents that were all fetched and checked before (nothing is written for a batch that fails to
 * fetch), reporting each outcome, and writes the lock once at the end, also when a write fails midway:
 * the lock then records exactly the agents whose files were written.
 */
export async function placeAll(
  target: Target,
  lock: Lock,
  agents: Fetched[],
  force: boolean,
  report: (agent: Fetched, outcome: Outcome) => void,
  reportSkill: (skill: FetchedSkill, outcome: SkillOutcome, agent: Fetched) => void = () => {},
): Promise<void> {
  await refuseLinkedFolders(target);
  await writePluginManifest(target);
  const set: Record<string, LockEntry> = {};
  const skillsSet: Record<string, SkillLockEntry> = {};
  try {
    for (const agent of agents) {
      const outcome = await place(target, lock, agent, force);
      if (!isKept(outcome)) set[agent.name] = lock.agents[agent.name]!;
      report(agent, outcome);
      if (isKept(outcome) || target.skillsDir === undefined) continue;
      for (const skill of agent.skills ?? []) {
        const skillOutcome = await placeSkill(target, lock, skill, { agent: agent.name }, force);
        if (lock.skills[skill.name]) skillsSet[skill.name] = lock.skills[skill.name]!;
        reportSkill(skill, skillOutcome, agent);
      }
      for (const skill of agent.skillsLeftOut ?? []) reportSkill(skill, 'left-out', agent);
    }
  } finally {
    await writeLockChanges(target.lockPath, { set, removed: [], skills: { set: skillsSet, removed: [] } });
  }
}

/**
 * A client that finds agents only inside a plugin (Antigravity) gets the plugin's manifest beside the agents
 * folder, named after the plugin's folder; one that is there already, the user's or ours, is kept as it is.
 */
async function writePluginManifest(target: Target): Promise<void> {
  if (target.client === 'claude-code') return;
  const client = clientById(target.client);
  if (!('pluginManifest' in client)) return;
  const path = join(target.configDir, client.pluginManifest);
  if (existsSync(path)) return;
  const manifest = { name: basename(target.configDir), description: 'Agents installed from the agents registry (npx @agents/cli add)' };
  await writeAtomically(path, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The same agent name in the other folder Claude Code reads: the project's file wins over the user's. */
export function clashNote(target: Target, name: string, cwd: string): string | undefined {
  const other = otherTarget(target, cwd);
  const path = agentFile(other, name);
  if (!existsSync(path)) return undefined;
  const client = clientName(target.client);
  return target.scope === 'project'
    ? `${path} defines "${name}" too: in this project, ${client} uses the project's file`
    : `${path} defines "${name}" too: in that project, ${client} uses the project's file instead of this one`;
}
