import { EXIT, type Output } from '@agents/kit';
import { loadNpmConfig, type NpmConfig } from '@agents/npm-client';
import { printable, widens } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags } from '../flags.js';
import { type Lock, lockedSkillVersions, readLock } from '../install/lock.js';
import { describeGains, reportAgents, reportSkills } from '../install/outcome.js';
import { capabilityChange, checkLocked, type Fetched, fetchFromRegistry, placeAll, settleSkills } from '../install/place.js';
import { readProjectSettings } from '../install/settings.js';
import { checkSkillPolicy, fetchAddedSkill, locksOfRun, placeAddedSkills, settleSkillVersions } from '../install/skills.js';
import { clientFlag, type PackageSpec, parseSpec, skillOfSpec, type Target, target } from '../install/target.js';
import { checkPublisher, noteUnsigned, type TrustPolicy, trustFlags, trustPolicy } from '../install/trust.js';
import { shownPath } from '../shown-path.js';

export const update = defineCommand({
  name: 'update',
  summary: 'Update installed agents to the newest version within their range, keeping your edits',
  usage: 'agents update [<name>[@<version>]…] [--user] [--force] [--accept-wider] [--accept-publisher] [--require-provenance] [--client <clients>]',
  description: `Updates the named agents, or every agent in .claude/agents.lock.json, to the
newest version within the range each was added with. <name>@<version> moves
the agent to that version, older ones included (a rollback), and pins it there
until <name>@latest. A file you edited since it was installed is kept (see
"agents diff <name>"); --force replaces it. A skill added on its own (agents
add skill-<name>) moves the same way within the range it was added with, and is
updated with the agents when none is named.

A version of an agent's skill, or of a skill added on its own, that approves a
tool without asking that the installed one did not, is a widening too.

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
    const all = positionals.map((spec) => parseSpec(spec, settings.scope));
    const askedSkills = all.filter((spec) => skillOfSpec(spec) !== undefined);
    const asked = all.filter((spec) => !askedSkills.includes(spec));
    const askedAs = positionals.filter((_, index) => !askedSkills.includes(all[index]!));
    let status: number = EXIT.ok;
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      const lock = await readLock(where.lockPath);
      // Skills added on their own: those named, or every one when nothing is named.
      const skillSpecs =
        all.length > 0
          ? askedSkills
          : Object.entries(lock.skills)
              .filter(([, entry]) => entry.added !== undefined)
              .map(([, entry]) => parseSpec(entry.package));
      if (skillSpecs.length > 0 && (await updateAddedSkills(where, lock, skillSpecs, config, policy, { force, acceptWider }, output)) !== EXIT.ok)
        status = EXIT.failure;
      if (all.length > 0 && asked.length === 0) continue;
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
        if (askedAs[index]?.startsWith('@') && packageName !== installed) {
          throw new CliError(
            'name-clash',
            `${packageName}: the agent ${name} is installed from ${installed}; nothing updated (agents remove ${name}, then agents add ${packageName}, to switch)`,
          );
        }
      }
      if (specs.length === 0) {
        if (skillSpecs.length === 0) output.out(`No agents installed by agents in ${shownPath(where.agentsDir, output.cwd)}.`);
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
      await settleSkills(
        fetched.map((agent) => [agent]),
        [each],
        await locksOfRun([where], [lock]),
        config,
      );
      checkLocked(lock, fetched, policy);
      noteUnsigned(config, output);
      const accepted: Fetched[] = [];
      // The installed versions, skills at the versions the lock records: what an update would widen.
      const lockedSkills = lockedSkillVersions(lock);
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

/**
 * Moves skills added on their own to the newest version within the range each was added with (or the one
 * named), checked as agents add checks them; a version that approves a tool without asking that the installed
 * one did not is held back unless `acceptWider`. Returns the exit status.
 */
async function updateAddedSkills(
  where: Target,
  lock: Lock,
  specs: readonly PackageSpec[],
  config: NpmConfig,
  policy: TrustPolicy,
  { force, acceptWider }: { force: boolean; acceptWider: boolean },
  output: Output,
): Promise<number> {
  let status: number = EXIT.ok;
  const ranges: Record<string, string> = {};
  const fetched = await output.progress(
    'Fetching the newest skills',
    Promise.all(
      specs.map(async (spec) => {
        const name = skillOfSpec(spec)!;
        const entry = lock.skills[name];
        if (entry?.added === undefined)
          throw new CliError('not-installed', `skill ${name} was not added on its own${clientFlag(where.client)}: it moves with the agents that name it`);
        ranges[name] = spec.rangeGiven ? spec.range : entry.added;
        const [before, after] = await Promise.all(
          [entry.version, ranges[name]!].map((range) => fetchAddedSkill({ packageName: entry.package, range }, config)),
        );
        return { entry, before: before!, after: after! };
      }),
    ),
  );
  // Within the ranges of the agents that use each skill too.
  await settleSkillVersions(
    fetched.map(({ after }) => ({ skill: after })),
    await locksOfRun([where], [lock]),
    config,
  );
  const accepted = [];
  for (const { entry, before, after } of fetched) {
    checkPublisher(after, entry, policy);
    checkSkillPolicy(after, policy);
    const gains = after.allowedTools.filter((tool) => !before.allowedTools.includes(tool));
    if (gains.length > 0 && !acceptWider) {
      output.out(
        `${output.style('yellow', '!')} skill ${after.name}: ${after.version} approves without asking: ${printable(gains.join(', '))}; kept ${entry.version} (--accept-wider installs it)`,
      );
      status = EXIT.failure;
      continue;
    }
    accepted.push(after);
  }
  await placeAddedSkills(where, lock, accepted, ranges, force, (skill, outcome) => {
    reportSkills(where, output)(skill, outcome);
    if (outcome === 'kept-modified' || outcome === 'kept-unmanaged') status = EXIT.failure;
  });
  return status;
}
