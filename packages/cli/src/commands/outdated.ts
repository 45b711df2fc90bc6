import { EXIT, toJson } from '@agents/kit';
import { fetchPackument, loadNpmConfig, type NpmConfig, pickVersion, redactUrl } from '@agents/npm-client';
import { printable, SEMVER_PATTERN, widens } from '@agents/schema';
import { defineCommand } from '../command.js';
import { flags, noArguments } from '../flags.js';
import { type Lock, lockedSkillVersions, readLock } from '../install/lock.js';
import { describeGains } from '../install/outcome.js';
import { capabilityChange, type Fetched, fetchFromRegistry } from '../install/place.js';
import { fetchAddedSkill } from '../install/skills.js';
import { clientName, target, targetFlags } from '../install/target.js';
import { shownPath } from '../shown-path.js';
import { table } from '../table.js';

export const outdated = defineCommand({
  name: 'outdated',
  summary: 'Show installed agents that have newer versions on the registry',
  usage: 'agents outdated [--user] [--json] [--client <clients>]',
  description: `For each agent in .claude/agents.lock.json: the installed version, the newest
version within the range it was added with ("wanted"), the latest, and whether
the newer version lets the agent do more (tools, model, permission mode, hooks,
MCP servers: "wider", which agents update applies only with --accept-wider).
An agent added or updated at an exact version is shown as pinned. The skills
installed with the agents follow: the installed version, the newest within the
range a skill added on its own was added with, the latest, and whether the newer
version approves tools without asking that the installed one does not ("wider").`,
  options: { user: flags.user, json: flags.json, client: flags.client },
  positionals: noArguments('agents outdated takes no arguments'),
  exitCodes: `0 checked (whether or not something is outdated), 1 the registry failed or does not have an installed agent's package, 2 usage error.`,
  examples: ['agents outdated', 'agents outdated --json'],
  async run({ user, json, client }, output) {
    const config = await loadNpmConfig(output.cwd);
    let status: number = EXIT.ok;
    const reports: unknown[] = [];
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      const lock = await readLock(where.lockPath);
      if (client.length > 1 && !json) output.out(output.style('bold', `${clientName(each)} (${shownPath(where.agentsDir, output.cwd)})`));
      const entries = Object.entries(lock.agents).sort(([a], [b]) => a.localeCompare(b));
      // The installed version of an agent is compared with its skills as installed.
      const lockedSkills = lockedSkillVersions(lock);
      const checked = await output.progress(
        'Asking the registry for newer versions',
        Promise.all(
          entries.map(async ([name, entry]) => {
            const packument = await fetchPackument(entry.package, config);
            const wanted = packument ? (await pickVersion(packument, entry.range))?.version : undefined;
            const latest = packument?.['dist-tags'].latest;
            const newer =
              wanted !== undefined && wanted !== entry.version ? wanted : typeof latest === 'string' && latest !== entry.version ? latest : undefined;
            // What the newer version changes, from both definitions (each verified as agents add verifies it).
            const change =
              newer === undefined
                ? undefined
                : capabilityChange(
                    ...((await Promise.all(
                      [entry.version, newer].map((range) =>
                        fetchFromRegistry({ name, packageName: entry.package, range }, config, 'claude-code', range === entry.version ? lockedSkills : {}),
                      ),
                    )) as [Fetched, Fetched]),
                  );
            return {
              name,
              package: entry.package,
              range: entry.range,
              current: entry.version,
              wanted: wanted ?? null,
              latest: typeof latest === 'string' ? latest : null,
              source: entry.source,
              found: packument !== undefined,
              pinned: SEMVER_PATTERN.test(entry.range),
              widens: widens(change),
              gains: widens(change) ? describeGains(change!) : null,
            };
          }),
        ),
      );
      // A package the registry does not have is an error, as it is for agents update: not "up to date".
      const missing = checked.filter((agent) => !agent.found);
      for (const agent of missing) {
        output.err(
          `agents outdated: ${agent.package} is not on ${redactUrl(config.registryFor(agent.package))}: check the @agents registry in .npmrc (agents update would fail too)`,
        );
      }
      const behind = checked.filter(
        (agent) => agent.found && ((agent.latest !== null && agent.latest !== agent.current) || (agent.wanted !== null && agent.wanted !== agent.current)),
      );
      const skills = await output.progress('Asking the registry for newer skills', outdatedSkills(lock, config));
      for (const skill of skills.filter((each) => !each.found)) {
        output.err(`agents outdated: ${skill.package} (skill ${skill.name}) is not on ${redactUrl(config.registryFor(skill.package))}`);
        status = EXIT.failure;
      }
      const skillsBehind = skills.filter((skill) => skill.found && skill.latest !== null && skill.latest !== skill.current);
      if (json) {
        const agents = behind.map(({ name, package: pkg, current, wanted, latest, source, pinned, widens, gains }) => ({
          name,
          package: pkg,
          current,
          wanted,
          latest,
          source,
          pinned,
          widens,
          gains,
        }));
        reports.push({
          ...(client.length > 1 ? { client: each } : {}),
          agents,
          ...(skills.length > 0 && { skills: skillsBehind.map(({ found: _found, ...skill }) => skill) }),
          missing: missing.map((agent) => agent.name),
        });
      } else if (behind.length === 0 && missing.length === 0) {
        output.out(
          entries.length === 0
            ? 'No agents installed by agents.'
            : entries.length === 1
              ? 'The agent is up to date.'
              : `All ${entries.length} agents are up to date.`,
        );
      } else if (behind.length > 0) {
        output.out(
          table(
            ['name', 'current', 'wanted', 'latest', 'source', 'change'],
            behind.map((agent) =>
              [
                agent.name,
                agent.pinned ? `${agent.current} (pinned)` : agent.current,
                agent.wanted ?? '-',
                agent.latest ?? '-',
                agent.source,
                agent.widens ? 'wider' : 'no wider',
              ].map(printable),
            ),
            (column, cell) => (column === 5 && cell === 'wider' ? output.style('yellow', cell) : cell),
          ),
        );
        for (const agent of behind.filter((candidate) => candidate.widens)) output.out(`${agent.name}: ${agent.gains}`);
        // update stays within the range each agent was added with: it moves only those whose wanted version is newer.
        const scope = targetFlags(where);
        const updatable = behind.filter((agent) => agent.wanted !== null && agent.wanted !== agent.current);
        if (updatable.length > 0) output.out(`\nUpdate with: agents update ${updatable.map((agent) => agent.name).join(' ')}${scope}`);
        for (const agent of behind.filter((candidate) => !updatable.includes(candidate))) {
          output.out(
            agent.pinned
              ? `${agent.name} is pinned at ${printable(agent.current)}: agents update ${agent.name}@latest${scope} moves it to ${printable(agent.latest ?? 'latest')}`
              : `${agent.name} stays at "${printable(agent.range)}", the range it was added with: agents update ${agent.name}@latest${scope} moves it to ${printable(agent.latest ?? 'latest')}`,
          );
        }
      }
      if (!json && skillsBehind.length > 0) {
        output.out(
          table(
            ['skill', 'current', 'wanted', 'latest', 'used by', 'change'],
            skillsBehind.map((skill) =>
              [
                skill.name,
                skill.current,
                skill.wanted ?? '-',
                skill.latest ?? '-',
                [...(skill.added === undefined ? [] : ['(added)']), ...skill.usedBy].join(', '),
                skill.widens ? 'wider' : 'no wider',
              ].map(printable),
            ),
            (column, cell) => (column === 5 && cell === 'wider' ? output.style('yellow', cell) : cell),
          ),
        );
        for (const skill of skillsBehind.filter((candidate) => candidate.widens)) output.out(printable(`skill ${skill.name}: ${skill.gains}`));
        output.out('A skill moves with the agents that name it (agents update), or, added on its own, with agents add skill-<name>@<range>.');
      }
      if (missing.length > 0) status = EXIT.failure;
    }
    // One client (the default): the object alone, as before --client existed.
    if (json) output.out(toJson(reports.length === 1 ? reports[0] : reports));
    return status;
  },
});

/**
 * Each skill of the lock against the registry: its latest version, the newest within the range it was added
 * with (a skill added on its own; one that agents brought moves with them), and what a newer version approves
 * without asking that the installed one does not (both verified as agents add verifies a skill).
 */
async function outdatedSkills(lock: Lock, config: NpmConfig) {
  return Promise.all(
    Object.entries(lock.skills)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(async ([name, entry]) => {
        const packument = await fetchPackument(entry.package, config);
        const wanted = packument && entry.added !== undefined ? (await pickVersion(packument, entry.added))?.version : undefined;
        const latest = packument?.['dist-tags'].latest;
        const newer = wanted !== undefined && wanted !== entry.version ? wanted : typeof latest === 'string' && latest !== entry.version ? latest : undefined;
        const [before, after] =
          newer === undefined ? [] : await Promise.all([entry.version, newer].map((range) => fetchAddedSkill({ packageName: entry.package, range }, config)));
        const gains = after === undefined ? [] : after.allowedTools.filter((tool) => !before!.allowedTools.includes(tool));
        return {
          name,
          package: entry.package,
          current: entry.version,
          wanted: wanted ?? null,
          latest: typeof latest === 'string' ? latest : null,
          usedBy: entry.usedBy,
          ...(entry.added === undefined ? {} : { added: entry.added }),
          found: packument !== undefined,
          widens: gains.length > 0,
          gains: gains.length > 0 ? `approves without asking: ${gains.join(', ')}` : null,
        };
      }),
  );
}
