import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadRegistry, reservedNames, writeAtomically } from '@agents/loader';
import {
  AGENT_FILE,
  AGENT_PACKAGE_ENTRY,
  AGENT_PACKAGE_EXPORTS,
  type AGENT_PACKAGE_FILES,
  type Category,
  isAgentName,
  NAME_MAX_LENGTH,
  packageName,
} from '@agents/schema';
import { byCategory, categoryManifest, currentCategoryVersions } from './categories.js';
import { BuildError } from './errors.js';

/** The package.json of a new agent package: everything the package rules ask for, at version 0.0.0. */
export function agentPackageManifest(name: string, category: string, description: string): Record<string, unknown> {
  return {
    name: packageName(name),
    version: '0.0.0',
    description,
    license: 'MIT',
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
  if (!isAgentName(name)) {
    throw new BuildError(
      'invalid-name',
      `"${name}" is not a valid agent name: lowercase letters and digits joined by hyphens, at most ${NAME_MAX_LENGTH} characters`,
    );
  }
  const reserved = (await reservedNames(root)).get(name);
  if (reserved) throw new BuildError('reserved-name', reserved.message);
  const taken = (await loadRegistry(root)).reports.find((report) => report.name === name);
  if (taken) throw new BuildError('name-taken', `an agent named "${name}" exists already: ${relative(cwd, join(taken.path, '..'))}`);
  const dir = join(root, 'agents', category, name);
  const changeset = join(root, '.changeset', `new-agent-${name}.md`);
  for (const path of [dir, changeset]) {
    if (existsSync(path)) throw new BuildError('name-taken', `${relative(cwd, path)} exists already`);
  }

  const text = description ?? `Use this agent when … (say when Claude should delegate to ${name}).`;
  const title = name
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
  const agentFile = join(dir, AGENT_FILE);
  await writeAtomically(
    agentFile,
    `---
name: ${name}
description: ${JSON.stringify(text)}
tools: Read, Grep, Glob
model: inherit
category: ${category}
---

You are ${title}.

## Instructions

- What the agent does, step by step.
- What it must never do.
`,
  );
  const manifest = join(dir, 'package.json');
  await writeAtomically(manifest, `${JSON.stringify(agentPackageManifest(name, category, text), null, 2)}\n`);
  // The category's package gains the agent as a dependency; a new category is released as 1.0.0 with it.
  const categoryVersion = (await currentCategoryVersions(root, [category])).get(category)!;
  const members = byCategory((await loadRegistry(root)).agents).get(category) ?? [];
  await writeAtomically(join(root, 'agents', category, 'package.json'), `${JSON.stringify(categoryManifest(category, members, categoryVersion), null, 2)}\n`);
  const releases = [`"${packageName(name)}": major`, ...(categoryVersion === '0.0.0' ? [`"${packageName(category)}": major`] : [])];
  await writeAtomically(changeset, `---\n${releases.join('\n')}\n---\n\nAdd ${name}: ${text}\n`);
  return { agentFile, manifest, changeset };
}
