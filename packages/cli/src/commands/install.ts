import { EXIT } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { printable } from '@agents/schema';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags, noArguments } from '../flags.js';
import { type Lock, type LockEntry, lockedSkillVersions, readLock } from '../install/lock.js';
import { isKept, reportAgents, reportSkills } from '../install/outcome.js';
import { checkLocked, type Fetched, fetchFromRegistry, lockEntryFor, placeAll } from '../install/place.js';
import { readProjectSettings } from '../install/settings.js';
import { type FetchedSkill, fetchAddedSkill, placeAddedSkills } from '../install/skills.js';
import { lockedTargets, type Target, targetFlags } from '../install/target.js';
import { checkPublisher, noteUnsigned, trustFlags, trustPolicy } from '../install/trust.js';

export const install = defineCommand({
  name: 'install',
  summary: 'Install exactly what the locks record: every client folder with an agents.lock.json, from the registry',
  usage: 'agents install [--frozen] [--user] [--force] [--require-provenance]',
  description: `Reads every lock agents keeps in this project (.claude/agents.lock.json and
each other client's, beside its agents folder; --user: the user's) and writes
each agent file as the lock records it: the locked version, fetched from the
registry, its integrity and publisher checked against the lock. A fresh clone
that committed only the locks gets every file back. A file you edited is kept
(--force replaces it).

--frozen is for CI, as npm ci is: it fails, writing nothing, if the registry's
version differs from the lock in any way (integrity, publisher, the file it
makes), where agents install would record the difference.`,
  options: {
    frozen: booleanFlag('Fail if anything would change a lock; write nothing then'),
    user: flags.user,
    force: booleanFlag('Replace files you edited'),
    'require-provenance': trustFlags['require-provenance'],
  },
  positionals: noArguments('agents install takes no arguments: it installs what the locks record (agents add <name> adds an agent)'),
  exitCodes:
    '0 every file is as locked (edited files kept are reported), 1 a version is not on the registry, fails a check, or (--frozen) would change a lock, 2 usage error.',
  examples: ['agents install', 'agents install --frozen'],
  async run({ frozen, user, force, 'require-provenance': requireProvenance }, output) {
    // The lock is the contract: a publisher other than the locked one is never taken here (agents update does that).
    const policy = trustPolicy({ 'require-provenance': requireProvenance, 'accept-publisher': false }, await readProjectSettings(output.cwd));
    const targets = lockedTargets({ user, cwd: output.cwd });
    if (targets.length === 0) {
      output.out(`No agents lock here: agents add <name> installs an agent and records it in ${user ? '~/.claude' : '.claude'}/agents.lock.json.`);
      return EXIT.ok;
    }
    const config = await loadNpmConfig(output.cwd);
    // Everything is fetched and checked before anything is written.
    const planned = await output.progress(
      'Fetching the locked versions',
      Promise.all(
        targets.map(async (where) => {
          const lock = await readLock(where.lockPath);
          // Skills at the versions the lock records, as the agents are.
          const skillVersions = lockedSkillVersions(lock);
          const fetched = await Promise.all(
            Object.entries(lock.agents).map(async ([name, entry]) =>
              asLocked(await fetchFromRegistry({ name, packageName: entry.package, range: entry.version }, config, where.client, skillVersions), entry),
            ),
          );
          checkLocked(lock, fetched, policy);
          // Skills added on their own, at their locked versions.
          const added = Object.values(lock.skills).filter((entry) => entry.added !== undefined);
          const addedSkills = await Promise.all(added.map((entry) => fetchAddedSkill({ packageName: entry.package, range: entry.version }, config)));
          for (const skill of addedSkills) checkPublisher(skill, lock.skills[skill.name], policy);
          return { where, lock, fetched, addedSkills };
        }),
      ),
    );
    noteUnsigned(config, output);
    if (frozen) {
      const changes = planned.flatMap(({ where, lock, fetched, addedSkills }) => [
        ...fetched.flatMap((agent) => lockChanges(where, lock.agents[agent.name]!, agent)),
        ...skillLockChanges(where, lock, [...fetched.flatMap((agent) => agent.skills ?? []), ...addedSkills]),
      ]);
      if (changes.length > 0)
        throw new CliError('frozen', `the locks do not match the registry; nothing written:\n${changes.map((line) => `  ${line}`).join('\n')}`);
    }
    let kept = 0;
    for (const { where, lock, fetched, addedSkills } of planned) {
      const ranges = Object.fromEntries(addedSkills.map((skill) => [skill.name, lock.skills[skill.name]!.added!]));
      await placeAddedSkills(where, lock, addedSkills, ranges, force, reportSkills(where, output));
      await placeAll(
        where,
        lock,
        fetched,
        force,
        (agent, outcome) => {
          if (isKept(outcome)) kept++;
          reportAgents(where, output)(agent, outcome);
        },
        reportSkills(where, output),
      );
    }
    const count = planned.reduce((sum, { fetched }) => sum + fetched.length, 0);
    const skills = planned.reduce((sum, { addedSkills }) => sum + addedSkills.length, 0);
    const alone = skills === 0 ? '' : ` and ${skills} skill${skills === 1 ? '' : 's'} added on ${skills === 1 ? 'its' : 'their'} own`;
    output.out(`${count} agent${count === 1 ? '' : 's'}${alone} as locked${kept > 0 ? `, ${kept} kept with your edits (agents diff shows them)` : ''}.`);
    return EXIT.ok;
  },
});

/** A fetched version recorded as the lock has it (its range and source stay the lock's), once its tarball is the one locked. */
function asLocked(fetched: Fetched, entry: LockEntry): Fetched {
  if (entry.integrity !== null && entry.integrity !== fetched.integrity) {
    throw new CliError(
      'frozen',
      `${fetched.packageName}@${fetched.version} on the registry is not the tarball the lock records (integrity ${fetched.integrity}, locked ${entry.integrity}); nothing written`,
    );
  }
  return { ...fetched, range: entry.range, source: entry.source };
}

/** What placing these skills would change in the lock: a skill it lacks, or one the registry serves otherwise. */
function skillLockChanges(where: Target, lock: Lock, fetched: readonly FetchedSkill[]): string[] {
  const skills = new Map(fetched.map((skill) => [skill.name, skill]));
  return [...skills.values()].flatMap((skill) => {
    const locked = lock.skills[skill.name];
    const what = `skill ${skill.name}${targetFlags(where)}`;
    if (locked === undefined) return [printable(`${what}: not in the lock, ${skill.version} from the registry`)];
    return (['version', 'integrity'] as const)
      .filter((field) => locked[field] !== skill[field])
      .map((field) => printable(`${what}: ${field} is ${JSON.stringify(locked[field])} in the lock, ${JSON.stringify(skill[field])} from the registry`));
  });
}

/** What installing `agent` would change in its lock entry, one line per field, empty when nothing. */
function lockChanges(where: Target, locked: LockEntry, agent: Fetched): string[] {
  const now = lockEntryFor(agent);
  const what = `${agent.name}${targetFlags(where)}`;
  return (['integrity', 'sha256', 'publisher'] as const)
    .filter((field) => JSON.stringify(locked[field] ?? null) !== JSON.stringify(now[field] ?? null))
    .map((field) =>
      printable(`${what}: ${field} is ${JSON.stringify(locked[field] ?? null)} in the lock, ${JSON.stringify(now[field] ?? null)} from the registry`),
    );
}
