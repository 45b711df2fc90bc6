import { relative } from 'node:path';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { EXIT } from '../errors.js';
import { readLock } from '../install/lock.js';
import { describeOutcome, isKept } from '../install/outcome.js';
import { clashNote, expandCategories, fetchFromRegistry, placeAll } from '../install/place.js';
import { agentFile, parseSpec, target } from '../install/target.js';
import { loadNpmConfig } from '../npm/config.js';

export const add = defineCommand({
  name: 'add',
  summary: 'Install agents from the npm registry into .claude/agents/',
  help: `Usage: agents add <name|@agents/name>[@range]… [--user] [--force]

Fetches each package from the registry your npm configuration names for the
@agents scope (.npmrc: @agents:registry=…, with its auth token), checks the
tarball's integrity and the agent file, writes <name>.md into .claude/agents/,
and records package, version, integrity and the file's sha256 in
.claude/agents.lock.json.

@agents/<category> installs every agent of the category, each with its own
lock entry: without a version each follows its latest release (as an agent
added by name does, for agents update); @agents/<category>@<version> keeps the
versions that release of the category pins.

A file you edited since it was installed, or one that agents did not install,
is kept unless you pass --force.

Options:
  --user      Install into ~/.claude/agents/ ($CLAUDE_CONFIG_DIR/agents/ when set)
  --force     Replace files you edited or that agents did not install
  -h, --help  Show this help

Exit codes: 0 every agent is in place, 1 one could not be fetched or was kept, 2 usage error.

Examples:
  agents add data-platform-engineer
  agents add @agents/data-platform-engineer@^1.2.0 --user
  agents add @agents/development`,
  options: { user: { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
  schema: z.object({
    user: z.boolean(),
    force: z.boolean(),
    positionals: z.array(z.string()).min(1, { message: 'name at least one agent, e.g. agents add data-platform-engineer' }),
  }),
  async run({ user, force, positionals }, output) {
    const specs = positionals.map(parseSpec);
    const where = target({ user, cwd: output.cwd });
    const config = loadNpmConfig(output.cwd);
    const lock = await readLock(where.lockPath);
    const fetched = await output.progress(
      `Fetching ${specs.map((spec) => spec.packageName).join(', ')}`,
      expandCategories(specs, config).then((expanded) => Promise.all(expanded.map((spec) => fetchFromRegistry(spec, config)))),
    );
    let status: number = EXIT.ok;
    await placeAll(where, lock, fetched, force, (agent, outcome) => {
      const path = relative(output.cwd, agentFile(where, agent.name)) || agentFile(where, agent.name);
      output.out(describeOutcome(agent, outcome, path, output));
      if (isKept(outcome)) status = EXIT.failure;
      const clash = clashNote(where, agent.name, output.cwd);
      if (clash) output.err(`note: ${clash}`);
    });
    return status;
  },
});
