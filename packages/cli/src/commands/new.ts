import { EXIT } from '@agents/kit';
import { CATEGORIES, didYouMean } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag } from '../flags.js';
import { registryCompiler } from '../registry-compiler.js';
import { shownPath } from '../shown-path.js';

export const newAgent = defineCommand({
  name: 'new',
  summary: 'Scaffold a new agent (or skill) package in the registry, with the changeset that releases it',
  usage: 'agents new <name> --category <category> [--description <text>]\n       agents new <name> --skill [--description <text>]',
  description: `Creates agents/<category>/<name>/ with a valid agent.md to edit and a
conforming package.json (version 0.0.0), adds it to the category's package
(agents/<category>/package.json), and writes .changeset/new-agent-<name>.md,
which releases it as 1.0.0: the pull request is ready to release.

With --skill, creates skills/<name>/ instead: a SKILL.md (Agent Skills) to edit
and the package.json of <scope>/skill-<name>, and .changeset/new-skill-<name>.md.
An agent uses it by naming it in its skills: and depending on its package.`,
  options: {
    category: {
      type: 'string',
      value: '<category>',
      description: `One of ${CATEGORIES.join(', ')}`,
      schema: z
        .enum(CATEGORIES, {
          error: (issue) => `"${String(issue.input)}" is not a category: use one of ${CATEGORIES.join(', ')}${didYouMean(String(issue.input), CATEGORIES)}`,
        })
        .optional(),
    },
    skill: booleanFlag('Scaffold a skill (skills/<name>/SKILL.md), not an agent'),
    description: {
      type: 'string',
      value: '<text>',
      description: 'When Claude should delegate to the agent, or use the skill (editable later)',
      schema: z.string().trim().min(1, { message: 'must not be empty' }).optional(),
    },
  },
  positionals: z.array(z.string()).length(1, { message: 'name the new agent, e.g. agents new terraform-reviewer --category infrastructure' }),
  exitCodes: '0 created, 2 usage error (invalid or taken name, unknown category, not in a registry).',
  examples: [
    'agents new terraform-reviewer --category infrastructure --description "Use to review Terraform changes for drift and blast radius."',
    'agents new pdf-forms --skill --description "Use to fill PDF forms from data the user gives."',
  ],
  async run({ category, skill, description, positionals }, output) {
    if (skill && category !== undefined) throw new CliError('usage', '--skill and --category do not go together: a skill has no category');
    if (!skill && category === undefined) throw new CliError('usage', `--category: is required, one of ${CATEGORIES.join(', ')} (or --skill for a skill)`);
    const { root, compiler } = await registryCompiler(output.cwd);
    const shown = (path: string) => shownPath(path, output.cwd);
    if (skill) {
      const made = await compiler.scaffoldSkill(root, { name: positionals[0]!, description }, output.cwd);
      output.out(`${output.style('green', '✔')} Created ${shown(made.skillFile)}, ${shown(made.manifest)} and ${shown(made.changeset)}

Next:
  1. Write the instructions and the description in ${shown(made.skillFile)}, and add the files it
     uses beside it, each listed in the package.json's "files" (until then, validate reports the
     placeholder text as an error)
  2. An agent uses it by naming it in its skills: and by depending on "${made.skillPackage}":
     "workspace:^" (pnpm agents validate says so), then pnpm install
  3. Commit it all, push, and open a pull request (the changeset releases it as 1.0.0)`);
      return EXIT.ok;
    }
    const { agentFile, manifest, changeset, categoryPackage } = await compiler.scaffoldAgent(
      root,
      { name: positionals[0]!, category: category!, description },
      output.cwd,
    );
    output.out(`${output.style('green', '✔')} Created ${shown(agentFile)}, ${shown(manifest)} and ${shown(changeset)}

Next:
  1. Write the prompt and the description in ${shown(agentFile)}; list only the tools it needs
     (until then, validate reports the placeholder text as an error)
  2. pnpm install (${categoryPackage} gained a dependency), then pnpm build (it regenerates
     the marketplace, .claude-plugin/ and plugins/) and pnpm agents validate
  3. Commit it all (the lockfile and the generated files too), push, and open a pull request
     (the changeset releases it as 1.0.0)`);
    return EXIT.ok;
  },
});
