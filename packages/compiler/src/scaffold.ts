import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRegistry, nameCheck } from '@agents/loader';
import {
  AGENT_FILE,
  agentDir,
  type Category,
  packageName,
  placeholderDescription,
  placeholderSkillDescription,
  SKILL_FILE,
  scaffoldAgentText,
  scaffoldSkillText,
  skillDir,
  skillPackageName,
} from '@agents/schema';
import { applyPlan, planAddition, registryState } from './addition.js';
import { BuildError } from './errors.js';

export interface NewAgent {
  name: string;
  category: Category;
  description?: string | undefined;
}

/** The files a scaffold wrote, as absolute paths. */
export interface Scaffolded {
  agentFile: string;
  manifest: string;
  changeset: string;
  /** The package of its category, which gained it as a dependency. */
  categoryPackage: string;
}

/**
 * Creates `agents/<category>/<name>/` in the registry at `root` (an agent.md to edit and a conforming
 * package.json at 0.0.0), adds it to its category's package, and writes the changeset that releases
 * it as 1.0.0. Every check comes before the first write: a refused scaffold leaves nothing behind.
 */
export async function scaffoldAgent(root: string, { name, category, description }: NewAgent, cwd: string = root): Promise<Scaffolded> {
  const dir = agentDir(category, name);
  const changeset = `.changeset/new-agent-${name}.md`;
  const registry = await checkNewName(root, name, [dir, changeset], cwd);
  const text = description ?? placeholderDescription(name);
  // The new agent is a member of its category although the registry refuses it until its placeholder text is written.
  const addition = { name, category, text: scaffoldAgentText(name, category, text), description: text };
  await applyPlan(root, planAddition(await registryState(root, registry, [category]), [addition], { path: changeset, summary: `Add ${name}: ${text}` }));
  return {
    agentFile: join(root, dir, AGENT_FILE),
    manifest: join(root, dir, 'package.json'),
    changeset: join(root, changeset),
    categoryPackage: packageName(registry.scope, category),
  };
}

/** The registry at `root`, read once a new agent or skill may take `name` and write `paths`; a refusal throws before anything is written. */
async function checkNewName(root: string, name: string, paths: readonly string[], cwd: string) {
  const registry = await loadRegistry(root);
  const refusal = (await nameCheck(root, registry, cwd))(name);
  if (refusal !== undefined)
    throw new BuildError(refusal.code === 'invalid-name' || refusal.code === 'name-taken' ? refusal.code : 'reserved-name', refusal.message);
  for (const path of paths) {
    if (existsSync(join(root, path))) throw new BuildError('name-taken', `${relative(cwd, join(root, path))} exists already`);
  }
  return registry;
}

/** The files a skill's scaffold wrote, as absolute paths, and its package's name. */
export interface ScaffoldedSkill {
  skillFile: string;
  manifest: string;
  changeset: string;
  skillPackage: string;
}

/**
 * Creates `skills/<name>/` in the registry at `root` (a SKILL.md to edit and a conforming package.json at
 * 0.0.0) and the changeset that releases it as 1.0.0. Every check comes before the first write.
 */
export async function scaffoldSkill(
  root: string,
  { name, description }: { name: string; description?: string | undefined },
  cwd: string = root,
): Promise<ScaffoldedSkill> {
  const dir = skillDir(name);
  const changeset = `.changeset/new-skill-${name}.md`;
  const registry = await checkNewName(root, name, [dir, changeset], cwd);
  const text = description ?? placeholderSkillDescription(name);
  const state = await registryState(root, registry, []);
  await applyPlan(
    root,
    planAddition(state, [], { path: changeset, summary: `Add the skill ${name}: ${text}` }, [{ name, text: scaffoldSkillText(name, text), description: text }]),
  );
  return {
    skillFile: join(root, dir, SKILL_FILE),
    manifest: join(root, dir, 'package.json'),
    changeset: join(root, changeset),
    skillPackage: skillPackageName(registry.scope, name),
  };
}
