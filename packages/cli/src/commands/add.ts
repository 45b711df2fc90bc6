import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type Output } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { CLIENTS } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags } from '../flags.js';
import { type Lock, readLock } from '../install/lock.js';
import { describeFidelity, isKept, reportAgents, reportSkills } from '../install/outcome.js';
import { checkLocked, clashNote, expandCategories, fetchForClients, placeAll, settleSkills } from '../install/place.js';
import { readProjectSettings } from '../install/settings.js';
import { checkSkillPolicy, fetchAddedSkill, locksOfRun, placeAddedSkills } from '../install/skills.js';
import { clientName, type PackageSpec, parseSpec, skillOfSpec, target } from '../install/target.js';
import { checkPublisher, noteUnsigned, trustFlags, trustPolicy } from '../install/trust.js';

/** The other clients (CLIENTS holds every client but Claude Code), by name, for the help. */
const otherClientNames = CLIENTS.map((client) => client.name).join(', ');

/** Other clients whose agents folder this project has, and that were not asked for. */
function otherClientsHere(cwd: string, asked: readonly string[]) {
  return CLIENTS.filter((other) => !asked.includes(other.id) && existsSync(join(cwd, other.projectDir)));
}

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
  usage: 'agents add <name|@agents/name>[@range]… [--user] [--force] [--client <clients>] [--accept-publisher] [--require-provenance]',
  description: `Fetches each package from the registry your npm configuration names for the
@agents scope (.npmrc: @agents:registry=…, with its auth token), checks the
tarball's integrity, the registry's signature, its provenance (the repository
and workflow that built it) and the agent file, writes <name>.md into
.claude/agents/, and records package, version, integrity, publisher and the
file's sha256 in .claude/agents.lock.json.

A version built by another publisher than the locked one, or without
provenance where the locked one had it, is refused unless --accept-publisher;
--require-provenance (or "agents": { "requireProvenance": true } in the
project's package.json) refuses any version without provenance.

@agents/<category> installs every agent of the category, each with its own
lock entry: without a version each follows its latest release (as an agent
added by name does, for agents update); @agents/<category>@<version> keeps the
versions that release of the category pins. An agent you added at a version
or range of its own keeps it (--force moves it with the category).

A file you edited since it was installed, or one that agents did not install,
is kept unless you pass --force.

An agent's skills come with it. A skill's own package (skill-<name>, or
@agents/skill-<name>) installs the skill on its own, checked as an agent is;
it stays until agents remove names it.

--client installs the agent for other clients too (${otherClientNames}):
each file is compiled from the package's checked agent.md, written into the
client's folder with a lock beside it; an agent with no file for a client says
why (the client could not hold it no wider than its definition).`,
  options: {
    user: booleanFlag('Install into ~/.claude/agents/ ($CLAUDE_CONFIG_DIR/agents/ when set)'),
    force: booleanFlag('Replace files you edited or that agents did not install'),
    client: flags.client,
    ...trustFlags,
  },
  positionals: z.array(z.string()).min(1, { message: 'name at least one agent, e.g. agents add data-platform-engineer' }),
  exitCodes: '0 every agent is in place, 1 one could not be fetched or was kept, 2 usage error.',
  examples: [
    'agents add data-platform-engineer',
    'agents add @agents/data-platform-engineer@^1.2.0 --user',
    'agents add @agents/development',
    'agents add skill-pdf-forms',
    'agents add data-platform-engineer --client claude-code,copilot,cursor,codex,opencode,gemini,antigravity,factory',
  ],
  async run({ user, force, client, positionals, ...trust }, output) {
    const settings = await readProjectSettings(output.cwd);
    const policy = trustPolicy(trust, settings);
    const all = positionals.map((spec) => parseSpec(spec, settings.scope));
    const skillSpecs = all.filter((spec) => skillOfSpec(spec) !== undefined);
    const specs = all.filter((spec) => !skillSpecs.includes(spec));
    const targets = client.map((each) => target({ user, cwd: output.cwd, client: each }));
    const noSkills = targets.find((where) => where.skillsDir === undefined);
    if (skillSpecs.length > 0 && noSkills !== undefined)
      throw new CliError('usage', `${clientName(noSkills.client)} reads no skills folder that agents installs into: leave it out of --client to add a skill`);
    const config = await loadNpmConfig(output.cwd);
    const locks = await Promise.all(targets.map((where) => readLock(where.lockPath)));
    // One download per package for every client; pins are those of the first client's lock.
    const [fetched, skills] = await output.progress(
      `Fetching ${all.map((spec) => spec.packageName).join(', ')}`,
      Promise.all([
        expandCategories(specs, config).then((expanded) =>
          Promise.all(expanded.map((spec) => fetchForClients(keepPin(spec, locks[0]!, force, output), config, client))),
        ),
        Promise.all(skillSpecs.map((spec) => fetchAddedSkill(spec, config))),
      ]),
    );
    await settleSkills(fetched, client, await locksOfRun(targets, locks), config, skills);
    // Every client's lock is checked before any file is written.
    for (const index of targets.keys()) {
      checkLocked(
        locks[index]!,
        fetched.map((forClients) => forClients[index]!),
        policy,
      );
      for (const skill of skills) {
        checkPublisher(skill, locks[index]!.skills[skill.name], policy);
        checkSkillPolicy(skill, policy);
      }
    }
    noteUnsigned(config, output);
    let status: number = EXIT.ok;
    const added = Object.fromEntries(skills.map((skill, index) => [skill.name, skillSpecs[index]!.range]));
    for (const [index, where] of targets.entries()) {
      await placeAddedSkills(where, locks[index]!, skills, added, force, (skill, outcome) => {
        reportSkills(where, output)(skill, outcome);
        if (outcome === 'kept-modified' || outcome === 'kept-unmanaged') status = EXIT.failure;
      });
      await placeAll(
        where,
        locks[index]!,
        fetched.map((forClients) => forClients[index]!),
        force,
        (agent, outcome) => {
          reportAgents(where, output)(agent, outcome);
          const fidelity = outcome === 'installed' || outcome === 'updated' ? describeFidelity(agent) : undefined;
          if (fidelity) output.out(output.style('dim', fidelity));
          if (isKept(outcome)) status = EXIT.failure;
          const clash = clashNote(where, agent.name, output.cwd);
          if (clash) output.err(`note: ${clash}`);
        },
        (skill, outcome, agent) => {
          reportSkills(where, output)(skill, outcome, agent);
          if (outcome === 'kept-modified' || outcome === 'kept-unmanaged') status = EXIT.failure;
        },
      );
    }
    const others = user || positionals.length === 0 ? [] : otherClientsHere(output.cwd, client);
    if (others.length > 0)
      output.err(
        `note: this project has ${others.map((other) => `${other.projectDir}/`).join(', ')}: --client ${others.map((other) => other.id).join(',')} installs there too`,
      );
    return status;
  },
});
