import { EXIT, toJson } from '@agents/kit';
import { CLIENTS } from '@agents/schema';
import { defineCommand } from '../command.js';
import { flags, noArguments } from '../flags.js';
import { table } from '../table.js';

/** Claude Code, the client every agent is written for, then the others the registry converts for. */
const ROWS = [
  {
    id: 'claude-code',
    name: 'Claude Code',
    projectDir: '.claude/agents',
    userDir: '.claude/agents',
    extension: '.md',
    docs: 'https://code.claude.com/docs/en/sub-agents',
  },
  ...CLIENTS,
];

export const clients = defineCommand({
  name: 'clients',
  summary: 'List the coding-agent clients the agents are made for, and where each reads them from',
  usage: 'agents clients [--json]',
  description: `Every agent package holds its definition for Claude Code (agent.md) and, in
clients/<client>/, for each other client that can hold it no wider than that
definition. Folders are relative to a project, or to your home folder (--user).`,
  options: { json: flags.json },
  positionals: noArguments('agents clients takes no arguments'),
  exitCodes: '0 listed, 2 usage error.',
  examples: ['agents clients', 'agents clients --json'],
  async run({ json }, output) {
    if (json) {
      output.out(
        toJson(
          ROWS.map(({ id, name, projectDir, userDir, extension, docs }) => ({
            id,
            name,
            projectDir,
            userDir: `~/${userDir}`,
            file: `<name>${extension}`,
            docs,
          })),
        ),
      );
      return EXIT.ok;
    }
    output.out(
      table(
        ['CLIENT', 'ID', 'PROJECT', 'USER', 'FILE'],
        ROWS.map((row) => [row.name, row.id, `${row.projectDir}/`, `~/${row.userDir}/`, `<name>${row.extension}`]),
      ),
    );
    return EXIT.ok;
  },
});
