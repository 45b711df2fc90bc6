import { existsSync } from 'node:fs';
import { CATEGORIES } from '@agents/schema';
import { decodeAgentBytes, parseAgent } from '@agents/loader';
import { CliError } from '../errors.js';
import { type NpmConfig, SCOPE } from '../npm/config.js';
import { downloadTarball, fetchPackument, pickVersion, readFromTarball } from '../npm/registry.js';
import { fileState, sha256, writeAtomically } from './files.js';
import type { Lock, LockEntry } from './lock.js';
import { agentFile, otherTarget, type PackageSpec, type Target } from './target.js';

/** An agent definition obtained from a package, ready to place. */
export interface Fetched {
  name: string;
  packageName: string;
  version: string;
  range: string;
  source: LockEntry['source'];
  integrity: string | null;
  markdown: Buffer;
}

export type Outcome = 'installed' | 'updated' | 'unchanged' | 'kept-modified' | 'kept-unmanaged';

/** Resolves a spec on the registry npm's configuration names for @agents, and reads agent.md out of the verified tarball. */
export async function fetchFromRegistry(spec: PackageSpec, config: NpmConfig): Promise<Fetched> {
  const packument = await fetchPackument(spec.packageName, config);
  if (packument === undefined) throw new CliError(`${spec.packageName} is not on ${config.registryFor(spec.packageName)}`);
  const manifest = await pickVersion(packument, spec.range);
  if (manifest === undefined) {
    throw new CliError(`${spec.packageName} has no version matching "${spec.range}" (latest is ${packument['dist-tags'].latest ?? 'none'})`);
  }
  const { bytes, integrity } = await downloadTarball(manifest, config);
  const markdown = await readFromTarball(bytes, 'agent.md');
  if (markdown === undefined) throw new CliError(`${spec.packageName}@${manifest.version} has no agent.md: it is not an agent package`);
  return { name: spec.name, packageName: spec.packageName, version: manifest.version, range: spec.range, source: 'registry', integrity, markdown };
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
      if (manifest === undefined) throw new CliError(`${spec.packageName}@${spec.range} is not on ${config.registryFor(spec.packageName)}`);
      const members = Object.entries((manifest as { dependencies?: Record<string, string> }).dependencies ?? {}).filter(([name]) => name.startsWith(`${SCOPE}/`));
      if (members.length === 0) throw new CliError(`${spec.packageName}@${manifest.version} has no agents`);
      return members.map(([packageName, version]) => ({ name: packageName.slice(SCOPE.length + 1), packageName, range: spec.range === 'latest' ? 'latest' : version }));
    }),
  );
  return [...new Map(expanded.flat().map((spec) => [spec.name, spec])).values()];
}

/** A definition from a package is untrusted like any other: it must pass the loader, and be the agent it claims to be. */
function checkDefinition(fetched: Fetched): void {
  const decoded = decodeAgentBytes(fetched.markdown);
  const parsed = 'text' in decoded ? parseAgent(decoded.text) : { agent: undefined, diagnostics: [decoded.diagnostic] };
  const errors = parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0) {
    const listed = errors.slice(0, 5).map((d) => `  agent.md:${d.line}:${d.column}  ${d.code}  ${d.message}`).join('\n');
    throw new CliError(`${fetched.packageName}@${fetched.version} has an invalid agent.md; not installed:\n${listed}`);
  }
  if (parsed.agent?.name !== fetched.name) {
    throw new CliError(`${fetched.packageName}@${fetched.version} defines the agent "${parsed.agent?.name}", not "${fetched.name}"; not installed`);
  }
}

/**
 * Writes `<name>.md` into the target's agents folder and records it in the
 * lock (in memory; the caller writes the lock once). A file the user edited,
 * or one the CLI did not install, is kept unless `force`.
 */
export async function place(target: Target, lock: Lock, fetched: Fetched, force: boolean): Promise<Outcome> {
  checkDefinition(fetched);
  const path = agentFile(target, fetched.name);
  const entry = lock.agents[fetched.name];
  const { state, content } = await fileState(path, entry);
  if (!force && state === 'modified') return 'kept-modified';
  if (!force && state === 'unmanaged') return 'kept-unmanaged';
  const record: LockEntry = {
    package: fetched.packageName,
    version: fetched.version,
    range: fetched.range,
    source: fetched.source,
    integrity: fetched.integrity,
    sha256: sha256(fetched.markdown),
  };
  lock.agents[fetched.name] = record;
  if (content !== undefined && content.equals(fetched.markdown)) return 'unchanged';
  await writeAtomically(path, fetched.markdown);
  return state === 'missing' ? 'installed' : 'updated';
}

/** The same agent name in the other folder Claude Code reads: the project's file wins over the user's. */
export function clashNote(target: Target, name: string, cwd: string): string | undefined {
  const other = otherTarget(target, cwd);
  const path = agentFile(other, name);
  if (!existsSync(path)) return undefined;
  return target.scope === 'project'
    ? `${path} defines "${name}" too: in this project, Claude Code uses the project's file`
    : `${path} defines "${name}" too: in that project, Claude Code uses the project's file instead of this one`;
}
