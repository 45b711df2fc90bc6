import { relative } from 'node:path';
import { EXIT, formatText, plural } from '@agents/kit';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, noArguments } from '../flags.js';
import { registryCompiler } from '../registry-compiler.js';

export const build = defineCommand({
  name: 'build',
  summary: 'Compile every agent into its package, and generate the Claude Code marketplace',
  usage: 'agents build [--check]',
  description: `Validates the registry, then, in one process:
- compiles each agents/<category>/<name>/agent.md into dist/index.js,
  dist/index.d.ts and agent.json, with the version of its package.json, and
  writes the package's README.md and LICENSE (all git-ignored);
- generates each category's package, agents/<category>/ (@agents/<category>):
  its package.json (committed) and modules that gather its agents;
- generates the Claude Code marketplace: .claude-plugin/marketplace.json and
  plugins/<name>/ for each agent and each category (committed: the repository
  is the marketplace).
Agents whose agent.md, package.json and the LICENSE did not change since the
last build are skipped, and agent files unchanged since then are not parsed
again (content hashes in node_modules/.cache/agents/, dropped when the loader
changes); files whose content is unchanged are not rewritten. Any error in the registry
fails the build before anything is written.`,
  options: {
    check: booleanFlag(`Write nothing; exit 1 if the committed generated files (marketplace,
category package.json) are out of date`),
  },
  positionals: noArguments('agents build takes no arguments'),
  exitCodes: '0 built (or up to date), 1 the registry has errors (or --check found drift), 2 usage error.',
  examples: ['agents build', 'agents build --check'],
  async run({ check }, output) {
    const { root, compiler } = await registryCompiler(output.cwd);
    const result = await compiler.buildRegistry(root, { check });
    if (result.status === 'invalid') {
      output.err(formatText(result.reports, output));
      throw new CliError('invalid-registry', 'the registry has errors; nothing was built');
    }
    if (result.status === 'checked') {
      if (result.drift.length > 0)
        throw new CliError('out-of-date', `out of date, run "pnpm build" and commit:\n${result.drift.map((path) => `  ${path}`).join('\n')}`);
      output.out(`The marketplace is up to date (${plural(result.plugins, 'plugin')}: one per agent and one per category).`);
      return EXIT.ok;
    }
    for (const dir of result.removed) output.out(`Removed ${relative(output.cwd, dir) || dir}/: it held only generated files, left by another branch`);
    output.out(
      `Built ${plural(result.agents, 'agent')} and the marketplace in ${relative(output.cwd, root) || '.'}: ${result.compiled} compiled, the rest unchanged since the last build (${plural(result.written, 'file')} written)`,
    );
    if (result.compiled > 0) {
      const counts = Object.entries(result.clients).map(([client, files]) => `${client} ${files}`);
      output.out(
        `For other clients, of the ${plural(result.compiled, 'agent')} compiled: ${counts.join(', ')} (the rest no wider there: see agent.json's clients)`,
      );
    }
    return EXIT.ok;
  },
});
