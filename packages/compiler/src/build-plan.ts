import { createHash } from 'node:crypto';
import type { RegistryAgent } from '@agents/loader';
import { byCategory } from './categories.js';

/** Bump when what the build writes changes, so that every agent is built again. */
export const BUILDER_VERSION = 9;

/** What the last build left in node_modules/.cache/agents/build.json: what the next one may skip. */
export interface BuildCache {
  version: number;
  /** Agent folder → hash of everything its outputs are made from. */
  agents: Record<string, string>;
  /** Category → its members' names, as last built. */
  categories: Record<string, string>;
}

export const emptyBuildCache = (): BuildCache => ({ version: BUILDER_VERSION, agents: {}, categories: {} });

/** What a build works from: the valid registry's agents, what the last build left, and the code and licence the outputs are made with. */
export interface BuildInputs {
  agents: readonly RegistryAgent[];
  cache: BuildCache;
  /** The loader's and the compiler's fingerprints: a change to either compiles every agent anew. */
  code: string;
  license: string | undefined;
  /** Whether an agent's outputs are all on disk: a deleted one makes the build write it again. */
  outputsExist(agent: RegistryAgent): boolean;
}

/** The copies of a category's members (in its plugin, and per client in its package) that a build refreshes. */
interface CategoryCopies {
  category: string;
  members: RegistryAgent[];
  /** The members whose copies are written again: those compiled now, or all when the membership changed (none: the copies stand). */
  copied: RegistryAgent[];
  /** False when a member joined or left: then copies of former members are removed too. */
  sameMembers: boolean;
}

export interface BuildPlan {
  /** The agents whose outputs are written (the others are unchanged since the last build, and on disk). */
  compile: RegistryAgent[];
  /** Every category, in the registry's order. */
  categories: CategoryCopies[];
  /** What the build cache says once the build is done. */
  cache: Pick<BuildCache, 'agents' | 'categories'>;
}

/**
 * What a build compiles and copies, decided before anything is written: an agent is compiled when its
 * inputs (its file, its manifest, the licence, the code) changed since the last build or its outputs are
 * gone; a category's copies are refreshed for the members compiled, or all of them when its membership
 * changed. Pure but for `outputsExist`.
 */
export function planBuild({ agents, cache, code, license, outputsExist }: BuildInputs): BuildPlan {
  const hashes: Record<string, string> = {};
  const compile: RegistryAgent[] = [];
  for (const entry of agents) {
    const hash = inputHash(entry, license, code);
    hashes[entry.dir] = hash;
    if (cache.agents[entry.dir] !== hash || !outputsExist(entry)) compile.push(entry);
  }
  const compiled = new Set(compile);
  const memberships: Record<string, string> = {};
  const categories: CategoryCopies[] = [];
  for (const [category, members] of byCategory(agents)) {
    const membership = members.map((member) => member.name).join('\n');
    memberships[category] = membership;
    const sameMembers = cache.categories[category] === membership;
    categories.push({ category, members, copied: sameMembers ? members.filter((member) => compiled.has(member)) : members, sameMembers });
  }
  return { compile, categories, cache: { agents: hashes, categories: memberships } };
}

function inputHash(entry: RegistryAgent, license: string | undefined, code: string): string {
  return createHash('sha256')
    .update(code)
    .update('\0')
    .update(entry.markdown)
    .update('\0')
    .update(JSON.stringify(entry.manifest))
    .update('\0')
    .update(license ?? '')
    .digest('hex');
}
