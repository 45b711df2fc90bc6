import { EXIT } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { widens } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags } from '../flags.js';
import { readLock } from '../install/lock.js';
import { describeGains, reportAgents, reportSkills } from '../install/outcome.js';
import { capabilityChange, checkLocked, type Fetched, fetchFromRegistry, placeAll } from '../install/place.js';
import { readProjectSettings } from '../install/settings.js';
import { clientFlag, parseSpec, target } from '../install/target.js';
import { noteUnsigned, trustFlags, trustPolicy } from '../install/trust.js';
import { shownPath } from '../shown-path.js';

export const update = defineCommand({
  name: 'update',
  summary: 'Update installed agents to the newest version within their range, keeping your edits',
  usage: 'agents update [<name>[@<version>]…] [--user] [--force] [--accept-wider] [--accept-publisher] [--require-provenance] [--client <clients>]',
  description: `Updates the named agents, or every agent in .claude/agents.lock.json, to the
newest version within the range each was added with. <name>@<version> moves
the agent to that version, older ones included (a rollback), and pins it there
until <name>@latest. A file you edited since it was installed is kept (see
"agents diff <name>"); --force replaces it.

A version that lets the agent do more (tools, model, permission mode, hooks,
MCP servers) is shown with what it gains and not installed without
--accept-wider; a narrowing or a prompt-only change needs none. Its publisher
is checked as agents add checks it.`,
  options: {
    user: flags.user,
    force: booleanFlag('Replace files you edited'),
    'accept-wider': booleanFlag('Install versions that let the agent do more than the installed one'),
    client: flags.client,
    ...trustFlags,
  },
  positionals: z.array(z.string()),
  exitCodes:
    '0 done (kept files are reported), 1 an agent is not installed, could not be fetched or verified, or widens without --accept-wider, 2 usage error.',
  examples: [
    'agents update',
    'agents update data-platform-engineer --force',
    'agents update data-platform-engineer@1.2.0',
    'agents update reviewer --accept-wider',
  ],
  async run({ user, force, client, positionals, 'accept-wider': acceptWider, ...trust }, output) {
    const settings = await readProjectSettings(output.cwd);
    const policy = trustPolicy(trust, settings);
    const config = await loadNpmConfig(output.cwd);
    const asked = positionals.map((spec) => parseSpec(spec, settings.scope));
    let status: number = EXIT.ok;
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      const lock = await readLock(where.lockPath);
      const specs =
        asked.length > 0
          ? asked
          : Object.keys(lock.agents)
              .sort()
              .map((name) => parseSpec(name));
      for (const [index, { name, packageName }] of specs.entries()) {
        if (!(name in lock.agents)) {
          const flag = clientFlag(each);
          throw new CliError(
            'not-installed',
            `${name} was not installed by agents${flag} (agents list${flag} shows what was); install it with agents add ${name}${flag}`,
          );
        }
        // A package named with its scope must be the one installed: the lock's is updated, never another's.
        const installed = lock.agents[name]!.package;
        if (positionals[index]?.startsWith('@') && packageName !== installed) {
          throw new CliError(
            'name-clash',
            `${packageName}: the agent ${name} is installed from ${installed}; nothing updated (agents remove ${name}, then agents add ${packageName}, to switch)`,
          );
        }
      }
      if (specs.length === 0) {
        output.out(`No agents installed by agents in ${shownPath(where.agentsDir, output.cwd)}.`);
        continue;
      }
      const fetched = await output.progress(
        'Fetching the newest versions',
        Promise.all(
          specs.map((spec) => {
            const entry = lock.agents[spec.name]!;
            // name@version pins (or rolls back); a bare name stays within the range it was added with.
            return fetchFromRegistry({ ...spec, packageName: entry.package, range: spec.rangeGiven ? spec.range : entry.range }, config, each);
          }),
        ),
      );
      checkLocked(lock, fetched, policy);
      noteUnsigned(config, output);
      const accepted: Fetched[] = [];
      // The installed versions, skills at the versions the lock records: what an update would widen.
      const lockedSkills = Object.fromEntries(Object.entries(lock.skills).map(([name, entry]) => [name, entry.version]));
      for (const agent of fetched) {
        const entry = lock.agents[agent.name]!;
        const change =
          agent.version === entry.version && (agent.skills ?? []).every((skill) => lock.skills[skill.name]?.version === skill.version)
            ? undefined
            : capabilityChange(await fetchFromRegistry({ ...agent, range: entry.version }, config, each, lockedSkills), agent);
        if (widens(change) && !acceptWider) {
          output.out(
            `${output.style('yellow', '!')} ${agent.name}: ${agent.version} ${describeGains(change!)}; kept ${entry.version} (--accept-wider installs it)`,
          );
          status = EXIT.failure;
          continue;
        }
        accepted.push(agent);
      }
      await placeAll(where, lock, accepted, force, reportAgents(where, output), reportSkills(where, output));
    }
    return status;
  },
});
