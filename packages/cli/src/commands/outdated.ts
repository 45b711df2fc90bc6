import { z } from 'zod';
import { defineCommand } from '../command.js';
import { toJson } from '../output.js';
import { EXIT } from '../errors.js';
import { readLock } from '../install/lock.js';
import { flags, JSON_HELP, jsonOption, USER_HELP, userOption } from '../install/options.js';
import { target } from '../install/target.js';
import { loadNpmConfig } from '../npm/config.js';
import { fetchPackument, pickVersion } from '../npm/registry.js';
import { table } from '../table.js';

export const outdated = defineCommand({
  name: 'outdated',
  summary: 'Show installed agents that have newer versions on the registry',
  help: `Usage: agents outdated [--user] [--json]

For each agent in .claude/agents.lock.json: the installed version, the newest
version within the range it was added with ("wanted"), and the latest.

Options:
${USER_HELP}
${JSON_HELP}
  -h, --help  Show this help

Exit codes: 0 checked (whether or not something is outdated), 1 the registry failed, 2 usage error.

Examples:
  agents outdated
  agents outdated --json`,
  options: { ...userOption, ...jsonOption },
  schema: z.object({ user: flags.user, json: flags.json, positionals: z.array(z.string()).max(0, { message: 'agents outdated takes no arguments' }) }),
  async run({ user, json }, output) {
    const where = target({ user, cwd: output.cwd });
    const lock = await readLock(where.lockPath);
    const config = loadNpmConfig(output.cwd);
    const entries = Object.entries(lock.agents).sort(([a], [b]) => a.localeCompare(b));
    const checked = await output.progress(
      'Asking the registry for newer versions',
      Promise.all(
        entries.map(async ([name, entry]) => {
          const packument = await fetchPackument(entry.package, config);
          const wanted = packument ? (await pickVersion(packument, entry.range))?.version : undefined;
          const latest = packument?.['dist-tags'].latest;
          return { name, package: entry.package, current: entry.version, wanted: wanted ?? null, latest: latest ?? null, source: entry.source };
        }),
      ),
    );
    const behind = checked.filter((agent) => (agent.latest !== null && agent.latest !== agent.current) || (agent.wanted !== null && agent.wanted !== agent.current));
    if (json) {
      output.out(toJson({ agents: behind }));
    } else if (behind.length === 0) {
      output.out(entries.length === 0 ? 'No agents installed by agents.' : `All ${entries.length} agents are up to date.`);
    } else {
      output.out(table(['name', 'current', 'wanted', 'latest', 'source'], behind.map((agent) => [agent.name, agent.current, agent.wanted ?? '-', agent.latest ?? '-', agent.source])));
      output.out(`\nUpdate with: agents update ${behind.map((agent) => agent.name).join(' ')}`);
    }
    return EXIT.ok;
  },
});
