import { join } from 'node:path';
import { writeAtomically } from '@agents/kit';
import { type Registry, skillDependencies } from '@agents/loader';
import {
  AGENT_FILE,
  AGENT_PACKAGE_ENTRY,
  AGENT_PACKAGE_EXPORTS,
  type AGENT_PACKAGE_FILES,
  agentDir,
  type Category,
  categoryManifestPath,
  packageName,
  SKILL_FILE,
  skillDir,
  skillPackageName,
} from '@agents/schema';
import { byCategory, categoryManifest, currentCategoryVersions } from './categories.js';
import { registryLicense } from './registry-license.js';

/** The package.json of a new agent package: everything the package rules ask for, at version 0.0.0. */
export function agentPackageManifest(pkg: string, category: string, description: string, license: string): Record<string, unknown> {
  return {
    name: pkg,
    version: '0.0.0',
    description,
    license,
    type: 'module',
    keywords: ['claude-code', 'claude-code-agent', 'subagent', category],
    exports: { '.': AGENT_PACKAGE_ENTRY, ...AGENT_PACKAGE_EXPORTS },
    main: AGENT_PACKAGE_ENTRY.default,
    types: AGENT_PACKAGE_ENTRY.types,
    files: ['agent.md', 'agent.json', 'clients', 'dist', 'CHANGELOG.md'] satisfies (typeof AGENT_PACKAGE_FILES)[number][],
    publishConfig: { access: 'public' },
  };
}

/** The package.json of a new skill package: its own entries shipped (and its changelog), at version 0.0.0. */
function skillPackageManifest(pkg: string, description: string, license: string, ownEntries: readonly string[]): Record<string, unknown> {
  return {
    name: pkg,
    version: '0.0.0',
    description,
    license,
    keywords: ['agent-skill', 'claude-code', 'skill'],
    files: [...ownEntries, 'CHANGELOG.md'].sort(),
    publishConfig: { access: 'public' },
  };
}

/** An agent to add to the registry as a package of its own: `agents new` makes one, `agents import` many. */
export interface AgentAddition {
  name: string;
  category: Category;
  /** Its agent.md, verbatim. */
  text: string;
  description: string;
  /** Where it came from (an import), kept in its package.json's `agents.source`. */
  source?: unknown;
  /** The skills it names (`skills:`), whose packages its package depends on. */
  skills?: readonly string[];
}

/** What an addition needs to know of the registry, read once before anything is planned. */
export interface RegistryState {
  /** The scope its packages are published under. */
  scope: string;
  /** The licence generated packages declare. */
  license: string;
  /** Each category's member agents, by name. */
  members: ReadonlyMap<string, readonly string[]>;
  /** Each category package's version (0.0.0 for one that has no package yet). */
  categoryVersions: ReadonlyMap<string, string>;
}

/** The files an addition writes, by path relative to the registry, with their contents (a skill's own files may be bytes). */
export type AdditionPlan = ReadonlyMap<string, string | Buffer>;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The text of a changeset, as `changeset add` writes one. Not through @changesets/write: it names each
 * changeset at random (human-id), and the paths `agents new` and `agents import` write
 * (`.changeset/new-agent-<name>.md`, `.changeset/import-….md`) are documented; changesets reads the text
 * back in every release test (`changeset version`).
 */
const changesetText = (releases: readonly string[], summary: string) => `---\n${releases.map((name) => `"${name}": major`).join('\n')}\n---\n\n${summary}\n`;

/**
 * The one way agents and skills join the registry, as a pure plan: each agent's folder (agent.md and a
 * conforming package.json at 0.0.0, depending on the skills it names), each skill's folder (its files and
 * package.json), each category package touched gaining its new members, and one changeset that releases
 * every new package as 1.0.0 (a category new to the registry with them).
 */
export function planAddition(
  state: RegistryState,
  additions: readonly AgentAddition[],
  changeset: { path: string; summary: string },
  skills: readonly SkillAddition[] = [],
): AdditionPlan {
  const files = new Map<string, string | Buffer>();
  for (const agent of additions) {
    const dir = agentDir(agent.category, agent.name);
    files.set(`${dir}/${AGENT_FILE}`, agent.text);
    const dependencies = skillDependencies(state.scope, agent.skills);
    const manifest = {
      ...agentPackageManifest(packageName(state.scope, agent.name), agent.category, agent.description, state.license),
      ...(Object.keys(dependencies).length > 0 && { dependencies }),
    };
    files.set(`${dir}/package.json`, json(agent.source === undefined ? manifest : { ...manifest, agents: { source: agent.source } }));
  }
  for (const skill of skills) {
    const dir = skillDir(skill.name);
    const own = skill.files ?? new Map([[SKILL_FILE, skill.text]]);
    for (const [path, content] of own) files.set(`${dir}/${path}`, content);
    const entries = [...new Set([...own.keys()].map((path) => path.split('/')[0]!))];
    const manifest = skillPackageManifest(skillPackageName(state.scope, skill.name), skill.description, state.license, entries);
    files.set(`${dir}/package.json`, json(skill.source === undefined ? manifest : { ...manifest, agents: { source: skill.source } }));
  }
  const categories = [...new Set(additions.map((agent) => agent.category))].sort();
  for (const category of categories) {
    const added = additions.filter((agent) => agent.category === category).map((agent) => agent.name);
    const members = [...new Set([...(state.members.get(category) ?? []), ...added])];
    files.set(
      categoryManifestPath(category),
      json(categoryManifest(state.scope, category, members, state.categoryVersions.get(category) ?? '0.0.0', state.license)),
    );
  }
  const releases = [
    ...skills.map((skill) => skillPackageName(state.scope, skill.name)),
    ...additions.map((agent) => packageName(state.scope, agent.name)),
    ...categories.filter((category) => (state.categoryVersions.get(category) ?? '0.0.0') === '0.0.0').map((category) => packageName(state.scope, category)),
  ];
  files.set(changeset.path, changesetText(releases, changeset.summary));
  return files;
}

/** A skill to add to the registry as a package of its own: `agents new --skill` makes one, `agents import` many. */
export interface SkillAddition {
  name: string;
  /** Its SKILL.md, verbatim. */
  text: string;
  description: string;
  /** Every file of the skill, SKILL.md included, by path in its folder (an import's); SKILL.md alone when absent. */
  files?: ReadonlyMap<string, string | Buffer>;
  /** Where it came from (an import), kept in its package.json's `agents.source`. */
  source?: unknown;
}

/** The state of the registry at `root` (as `registry` read it) for an addition to `categories`: its scope and licence, their members and versions. */
export async function registryState(root: string, registry: Registry, categories: readonly string[]): Promise<RegistryState> {
  const categoryVersions = await currentCategoryVersions(root, [...categories]);
  const members = new Map([...byCategory(registry.agents)].map(([category, agents]) => [category, agents.map((agent) => agent.name)]));
  return { scope: registry.scope, license: registryLicense(root), members, categoryVersions };
}

/** Writes a plan's files, each atomically. */
export async function applyPlan(root: string, plan: AdditionPlan): Promise<void> {
  for (const [path, content] of plan) await writeAtomically(join(root, path), content);
}
