import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { agentPackageManifest, loadRegistry, reservedNames } from '@agents/loader';
import { CATEGORIES, didYouMean, isAgentName } from '@agents/schema';
import { z } from 'zod';
import { byCategory, categoryManifest, currentCategoryVersions } from '../build/categories.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { writeAtomically } from '../install/files.js';
import { findRegistryRoot } from '../workspace.js';

export const newAgent = defineCommand({
  name: 'new',
  summary: 'Scaffold a new agent package in the registry, with the changeset that releases it',
  help: `Usage: agents new <name> --category <category> [--description <text>]

Creates agents/<category>/<name>/ with a valid agent.md to edit and a
conforming package.json (version 0.0.0), adds it to the category's package
(agents/<category>/package.json), and writes .changeset/new-agent-<name>.md,
which releases it as 1.0.0: the pull request is ready to release.

Options:
  --category <category>  One of ${CATEGORIES.join(', ')}
  --description <text>   When Claude should delegate to the agent (editable later)
  -h, --help             Show this help

Exit codes: 0 created, 2 usage error (invalid or taken name, unknown category, not in a registry).

Examples:
  agents new terraform-reviewer --category infrastructure --description "Use to review Terraform changes for drift and blast radius."`,
  options: { category: { type: 'string' }, description: { type: 'string' } },
  schema: z.object({
    category: z.enum(CATEGORIES, {
      error: (issue) =>
        issue.input === undefined
          ? `is required, one of ${CATEGORIES.join(', ')}`
          : `"${String(issue.input)}" is not a category: use one of ${CATEGORIES.join(', ')}${didYouMean(String(issue.input), CATEGORIES)}`,
    }),
    description: z.string().trim().min(1, { message: 'must not be empty' }).optional(),
    positionals: z.array(z.string()).length(1, { message: 'name the new agent, e.g. agents new terraform-reviewer --category infrastructure' }),
  }),
  async run({ category, description, positionals }, output) {
    const name = positionals[0]!;
    if (!isAgentName(name)) {
      throw new UsageError(`"${name}" is not a valid agent name: lowercase letters and digits joined by hyphens, at most 64 characters`);
    }
    const root = findRegistryRoot(output.cwd);
    if (root === undefined) throw new UsageError('no registry here (no pnpm-workspace.yaml with an agents/ folder above this folder)');
    const reserved = (await reservedNames(root)).get(name);
    if (reserved) throw new UsageError(reserved.message);
    const taken = (await loadRegistry(root)).reports.find((report) => report.name === name);
    if (taken) throw new UsageError(`an agent named "${name}" exists already: ${relative(output.cwd, join(taken.path, '..'))}`);
    const dir = join(root, 'agents', category, name);
    const changeset = join(root, '.changeset', `new-agent-${name}.md`);
    // Every check before the first write: a refused scaffold leaves nothing behind.
    for (const path of [dir, changeset]) {
      if (existsSync(path)) throw new UsageError(`${relative(output.cwd, path)} exists already`);
    }

    const text = description ?? `Use this agent when … (say when Claude should delegate to ${name}).`;
    const title = name.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');
    await writeAtomically(
      join(dir, 'agent.md'),
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
    await writeAtomically(join(dir, 'package.json'), `${JSON.stringify(agentPackageManifest(name, category, text), null, 2)}\n`);
    // The category's package gains the agent as a dependency; a new category is released as 1.0.0 with it.
    const categoryPath = join(root, 'agents', category, 'package.json');
    const categoryVersion = (await currentCategoryVersions(root, [category])).get(category)!;
    const members = byCategory((await loadRegistry(root)).agents).get(category) ?? [];
    await writeAtomically(categoryPath, `${JSON.stringify(categoryManifest(category, members, categoryVersion), null, 2)}\n`);
    const releases = [`"@agents/${name}": major`, ...(categoryVersion === '0.0.0' ? [`"@agents/${category}": major`] : [])];
    await writeAtomically(changeset, `---\n${releases.join('\n')}\n---\n\nAdd ${name}: ${text}\n`);

    const shown = (path: string) => relative(output.cwd, path);
    output.out(`${output.style('green', '✔')} Created ${shown(join(dir, 'agent.md'))}, ${shown(join(dir, 'package.json'))} and ${shown(changeset)}

Next:
  1. Write the prompt and the description in ${shown(join(dir, 'agent.md'))}; list only the tools it needs
  2. pnpm install (@agents/${category} gained a dependency), then pnpm agents validate
  3. Commit, push, and open a pull request (the changeset releases it as 1.0.0)`);
    return EXIT.ok;
  },
});
