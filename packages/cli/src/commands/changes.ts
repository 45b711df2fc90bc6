import { appendFile } from 'node:fs/promises';
import { annotation, EXIT, toJson } from '@agents/kit';
import { z } from 'zod';
import { formatChangesMarkdown, formatChangesText } from '../changes-format.js';
import { defineCommand } from '../command.js';
import { formatFlag, noArguments } from '../flags.js';
import { registryCompiler } from '../registry-compiler.js';

export const changes = defineCommand({
  name: 'changes',
  summary: 'Show what each agent gains or loses since a git ref: tools, model, permissions, hooks, prompt',
  usage: 'agents changes --base <git ref> [--format text|json|github]',
  description: `Compares every agents/<category>/<name>/agent.md of the working tree with the
commit where the current branch forked from <git ref>, and reports per agent
what changed in tools, disallowedTools, model, permissionMode, hooks and
mcpServers, whether the prompt changed, and which capabilities it gains.
(To compare an installed agent with its package, see agents diff.)`,
  options: {
    base: {
      type: 'string',
      value: '<ref>',
      description: 'The branch, tag or commit to compare with (required)',
      schema: z.string({ message: 'is required, e.g. --base origin/main' }).min(1, { message: 'is required, e.g. --base origin/main' }),
    },
    format: formatFlag(`text (default), json, or github: a warning annotation per
capability gained, and a Markdown table appended to
$GITHUB_STEP_SUMMARY when it is set`),
  },
  positionals: noArguments('agents changes takes no arguments (use --base)'),
  exitCodes: '0 reported (whatever changed), 1 git failed, 2 usage error (e.g. an unknown ref).',
  examples: ['agents changes --base origin/main', 'agents changes --base v1.2.0 --format json'],
  async run({ base, format }, output) {
    const { root, compiler } = await registryCompiler(output.cwd);
    const { commit, found } = await compiler.registryChanges(root, base);
    const list = found.map((entry) => entry.change);

    if (format === 'json') {
      output.out(toJson({ base, commit, agents: list }));
    } else if (format === 'github') {
      for (const { change, current } of found) {
        const line = current?.locate(['tools']).line ?? 1;
        for (const gain of change.gains) output.out(annotation('warning', { file: change.path, line, title: 'capability-gain' }, `${change.name} ${gain}`));
      }
      if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, formatChangesMarkdown(list, base));
      output.out(formatChangesText(list, base, output));
    } else {
      output.out(formatChangesText(list, base, output));
    }
    return EXIT.ok;
  },
});
