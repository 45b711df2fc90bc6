import { EXIT } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags } from '../flags.js';
import { readLock } from '../install/lock.js';
import { describeOutcome } from '../install/outcome.js';
import { fetchFromRegistry, placeAll } from '../install/place.js';
import { agentFile, clientFlag, parseSpec, target } from '../install/target.js';
import { shownPath } from '../shown-path.js';

export const update = defineCommand({
  name: 'update',
  summary: 'Update installed agents to the newest version within their range, keeping your edits',
  usage: 'agents update [names…] [--user] [--force] [--client <clients>]',
  description: `Updates the named agents, or every agent in .claude/agents.lock.json, to the
newest version within the range each was added with. A file you edited since
it was installed is kept (see "agents diff <name>"); --force replaces it.`,
  options: { user: flags.user, force: booleanFlag('Replace files you edited'), client: flags.client },
  positionals: z.array(z.string()),
  exitCodes: '0 done (kept files are reported), 1 an agent is not installed or could not be fetched, 2 usage error.',
  examples: ['agents update', 'agents update data-platform-engineer --force'],
  async run({ user, force, client, positionals }, output) {
    const config = await loadNpmConfig(output.cwd);
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      const lock = await readLock(where.lockPath);
      const names = positionals.length > 0 ? positionals.map((name) => parseSpec(name).name) : Object.keys(lock.agents).sort();
      for (const name of names) {
        if (!(name in lock.agents)) {
          const flag = clientFlag(each);
          throw new CliError(
            'not-installed',
            `${name} was not installed by agents${flag} (agents list${flag} shows what was); install it with agents add ${name}${flag}`,
          );
        }
      }
      if (names.length === 0) {
        output.out(`No agents installed by agents in ${shownPath(where.agentsDir, output.cwd)}.`);
        continue;
      }
      const fetched = await output.progress(
        'Fetching the newest versions',
        Promise.all(names.map((name) => fetchFromRegistry({ name, packageName: lock.agents[name]!.package, range: lock.agents[name]!.range }, config, each))),
      );
      await placeAll(where, lock, fetched, force, (agent, outcome) =>
        output.out(describeOutcome(agent, outcome, shownPath(agentFile(where, agent.name), output.cwd), output, where)),
      );
    }
    return EXIT.ok;
  },
});
