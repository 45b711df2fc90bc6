import { relative } from 'node:path';
import type { Output } from '@agents/loader';
import { EXIT } from '@agents/loader';
import { loadNpmConfig } from '@agents/npm-client';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { type Lock, readLock } from '../install/lock.js';
import { describeOutcome, isKept } from '../install/outcome.js';
import { clashNote, expandCategories, fetchFromRegistry, placeAll } from '../install/place.js';
import { agentFile, type PackageSpec, parseSpec, target } from '../install/target.js';

/**
 * An agent installed at a range of its own (agents add name@1.0.0) keeps it when its category is added
 * without a version, unless --force: adding a category does not silently move a pinned agent.
 */
function keepPin(spec: PackageSpec, lock: Lock, force: boolean, output: Output): PackageSpec {
  const pinned = lock.agents[spec.name]?.range;
  if (spec.category === undefined || force || pinned === undefined || pinned === spec.range || spec.range !== 'latest') return spec;
  output.err(`note: ${spec.name} stays at "${pinned}", the range it was added with; --force moves it with ${spec.category} to latest`);
  return { ...spec, range: pinned };
}

export const add = defineCommand({
  name: 'add',
  summary: 'Install agents from the npm registry into .claude/agents/',
  usage: 'agents add <name|@agents/name>[@range]… [--user] [--force]',
  description: `Fetches each package from the registry your npm configuration names for the
@agents scope (.npmrc: @agents:registry=…, with its auth token), checks the
tarball's integrity and the agent file, writes <name>.md into .claude/agents/,
and records package, version, integrity and the file's sha256 in
.claude/agents.lock.json.

@agents/<category> installs every agent of the category, each with its own
lock entry: without a version each follows its latest release (as an agent
added by name does, for agents update); @agents/<category>@<version> keeps the
versions that release of the category pins. An agent you added at a version
or range of its own keeps it (--force moves it with the category).

A file you edited since it was installed, or one that agents did not install,
is kept unless you pass --force.`,
  options: {
    user: { type: 'boolean', default: false, description: 'Install into ~/.claude/agents/ ($CLAUDE_CONFIG_DIR/agents/ when set)' },
    force: { type: 'boolean', default: false, description: 'Replace files you edited or that agents did not install' },
  },
  exitCodes: '0 every agent is in place, 1 one could not be fetched or was kept, 2 usage error.',
  examples: ['agents add data-platform-engineer', 'agents add @agents/data-platform-engineer@^1.2.0 --user', 'agents add @agents/development'],
  schema: z.object({
    user: z.boolean(),
    force: z.boolean(),
    positionals: z.array(z.string()).min(1, { message: 'name at least one agent, e.g. agents add data-platform-engineer' }),
  }),
  async run({ user, force, positionals }, output) {
    const specs = positionals.map(parseSpec);
    const where = target({ user, cwd: output.cwd });
    const config = await loadNpmConfig(output.cwd);
    const lock = await readLock(where.lockPath);
    const fetched = await output.progress(
      `Fetching ${specs.map((spec) => spec.packageName).join(', ')}`,
      expandCategories(specs, config).then((expanded) => Promise.all(expanded.map((spec) => fetchFromRegistry(keepPin(spec, lock, force, output), config)))),
    );
    let status: number = EXIT.ok;
    await placeAll(where, lock, fetched, force, (agent, outcome) => {
      const path = relative(output.cwd, agentFile(where, agent.name)) || agentFile(where, agent.name);
      output.out(describeOutcome(agent, outcome, path, output, where.scope));
      if (isKept(outcome)) status = EXIT.failure;
      const clash = clashNote(where, agent.name, output.cwd);
      if (clash) output.err(`note: ${clash}`);
    });
    return status;
  },
});
