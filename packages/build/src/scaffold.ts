import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeAtomically } from '@agents/kit';
import { loadRegistry, nameCheck } from '@agents/loader';
import {
  AGENT_FILE,
  AGENT_PACKAGE_ENTRY,
  AGENT_PACKAGE_EXPORTS,
  type AGENT_PACKAGE_FILES,
  agentDir,
  type Category,
  categoryManifestPath,
  packageName,
  placeholderDescription,
  scaffoldAgentText,
} from '@agents/schema';
import { byCategory, categoryManifest, currentCategoryVersions } from './categories.js';
import { BuildError } from './errors.js';
import { registryLicense } from './registry-license.js';

/** The package.json of a new agent package: everything the package rules ask for, at version 0.0.0. */
export function agentPackageManifest(name: string, category: string, description: string, license: string): Record<string, unknown> {
  return {
    name: packageName(name),
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
}

/**
 * Creates `agents/<category>/<name>/` in the registry at `root` (an agent.md to edit and a conforming
 * package.json at 0.0.0), adds it to its category's package, and writes the changeset that releases
 * it as 1.0.0. Every check comes before the first write: a refused scaffold leaves nothing behind.
 */
export async function scaffoldAgent(root: string, { name, category, description }: NewAgent, cwd: string = root): Promise<Scaffolded> {
  const refusal = (await nameCheck(root, cwd))(name);
  if (refusal !== undefined)
    throw new BuildError(refusal.code === 'invalid-name' || refusal.code === 'name-taken' ? refusal.code : 'reserved-name', refusal.message);
  const dir = join(root, agentDir(category, name));
  const changeset = join(root, '.changeset', `new-agent-${name}.md`);
  for (const path of [dir, changeset]) {
    if (existsSync(path)) throw new BuildError('name-taken', `${relative(cwd, path)} exists already`);
  }

  const text = description ?? placeholderDescription(name);
  const agentFile = join(dir, AGENT_FILE);
  await writeAtomically(agentFile, scaffoldAgentText(name, category, text));
  const manifest = join(dir, 'package.json');
  await writeAtomically(manifest, `${JSON.stringify(agentPackageManifest(name, category, text, registryLicense(root)), null, 2)}\n`);
  // The category's package gains the agent as a dependency; a new category is released as 1.0.0 with it.
  const categoryVersion = (await currentCategoryVersions(root, [category])).get(category)!;
  // The new agent is a member although the registry refuses it until its placeholder text is written.
  const members = (byCategory((await loadRegistry(root)).agents).get(category) ?? []).map((member) => member.name).filter((member) => member !== name);
  const manifestText = `${JSON.stringify(categoryManifest(category, [...members, name], categoryVersion, registryLicense(root)), null, 2)}\n`;
  await writeAtomically(join(root, categoryManifestPath(category)), manifestText);
  const releases = [`"${packageName(name)}": major`, ...(categoryVersion === '0.0.0' ? [`"${packageName(category)}": major`] : [])];
  await writeAtomically(changeset, `---\n${releases.join('\n')}\n---\n\nAdd ${name}: ${text}\n`);
  return { agentFile, manifest, changeset };
}
