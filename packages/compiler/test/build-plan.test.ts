import type { RegistryAgent } from '@agents/loader';
import { describe, expect, it } from 'vitest';
import { type BuildCache, emptyBuildCache, planBuild } from '../src/build-plan.js';

/** A valid agent of the registry, in memory. */
const agent = (name: string, category = 'development', prompt = `You are ${name}.`): RegistryAgent =>
  ({
    name,
    category,
    dir: `/registry/agents/${category}/${name}`,
    markdown: `---\nname: ${name}\n---\n\n${prompt}\n`,
    manifest: { name: `@agents/${name}`, version: '1.0.0' },
    agent: { name, description: `Use for ${name}.`, prompt },
  }) as unknown as RegistryAgent;

const REGISTRY = [agent('reviewer'), agent('tester'), agent('planner', 'infrastructure')];
const everyOutput = () => true;
const plan = (agents: readonly RegistryAgent[], cache: BuildCache, options: { code?: string; outputsExist?: (entry: RegistryAgent) => boolean } = {}) =>
  planBuild({ agents, cache, code: options.code ?? 'code-1', license: 'MIT text', outputsExist: options.outputsExist ?? everyOutput });
/** The cache a build of `agents` leaves. */
const builtCache = (agents: readonly RegistryAgent[], code = 'code-1'): BuildCache => ({
  ...emptyBuildCache(),
  ...plan(agents, emptyBuildCache(), { code }).cache,
});
const names = (agents: readonly RegistryAgent[]) => agents.map((entry) => entry.name);

describe('planBuild (in memory)', () => {
  it('compiles every agent, and copies every member into its category, on a first build', () => {
    const first = plan(REGISTRY, emptyBuildCache());
    expect(names(first.compile)).toEqual(['reviewer', 'tester', 'planner']);
    expect(first.categories.map(({ category, copied, sameMembers }) => [category, names(copied), sameMembers])).toEqual([
      ['development', ['reviewer', 'tester'], false],
      ['infrastructure', ['planner'], false],
    ]);
  });

  it('compiles nothing and copies nothing when nothing changed', () => {
    const cache = builtCache(REGISTRY);
    const again = plan(REGISTRY, cache);
    expect(again.compile).toEqual([]);
    expect(again.categories.every(({ copied, sameMembers }) => copied.length === 0 && sameMembers)).toBe(true);
    expect(again.cache).toEqual({ agents: cache.agents, categories: cache.categories });
  });

  it('compiles an edited agent alone, and refreshes only its copies in its category', () => {
    const edited = [agent('reviewer', 'development', 'You review.'), REGISTRY[1]!, REGISTRY[2]!];
    const next = plan(edited, builtCache(REGISTRY));
    expect(names(next.compile)).toEqual(['reviewer']);
    expect(next.categories.map(({ category, copied }) => [category, names(copied)])).toEqual([
      ['development', ['reviewer']],
      ['infrastructure', []],
    ]);
  });

  it('compiles an agent whose outputs were deleted, though its inputs did not change', () => {
    const next = plan(REGISTRY, builtCache(REGISTRY), { outputsExist: (entry) => entry.name !== 'tester' });
    expect(names(next.compile)).toEqual(['tester']);
  });

  it('compiles every agent when the code that makes the outputs changed', () => {
    expect(names(plan(REGISTRY, builtCache(REGISTRY), { code: 'code-2' }).compile)).toEqual(['reviewer', 'tester', 'planner']);
  });

  it('copies every member of a category whose membership changed, so that a former member is removed', () => {
    const fewer = [REGISTRY[0]!, REGISTRY[2]!];
    const next = plan(fewer, builtCache(REGISTRY));
    expect(next.compile).toEqual([]);
    expect(next.categories.find(({ category }) => category === 'development')).toMatchObject({ sameMembers: false, copied: [REGISTRY[0]] });
    expect(next.cache.categories.development).toBe('reviewer');
  });
});
