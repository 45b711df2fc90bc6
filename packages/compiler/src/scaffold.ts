import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRegistry, nameCheck } from '@agents/loader';
import { AGENT_FILE, agentDir, type Category, packageName, placeholderDescription, scaffoldAgentText } from '@agents/schema';
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
  const registry = await loadRegistry(root);
  const refusal = (await nameCheck(root, registry, cwd))(name);
  if (refusal !== undefined)
    throw new BuildError(refusal.code === 'invalid-name' || refusal.code === 'name-taken' ? refusal.code : 'reserved-name', refusal.message);
  const dir = agentDir(category, name);
  const changeset = `.changeset/new-agent-${name}.md`;
  for (const path of [dir, changeset]) {
    if (existsSync(join(root, path))) throw new BuildError('name-taken', `${relative(cwd, join(root, path))} exists already`);
  }
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
