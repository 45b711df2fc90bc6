import { rm } from 'node:fs/promises';
import { EXIT, type Output } from '@agents/kit';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { booleanFlag, flags } from '../flags.js';
import { fileState, refuseLinkedFolders } from '../install/files.js';
import { type Lock, readLock, writeLockChanges } from '../install/lock.js';
import { releaseSkills, removeAddedSkill, shownSkillFolder } from '../install/skills.js';
import { agentFile, clientName, parseSpec, skillOfSpec, type Target, target } from '../install/target.js';
import { shownPath } from '../shown-path.js';

export const remove = defineCommand({
  name: 'remove',
  summary: 'Remove installed agents from .claude/agents/ and the lock file',
  usage: 'agents remove <name…> [--user] [--force] [--client <clients>]',
  description: `Deletes .claude/agents/<name>.md and its entry in .claude/agents.lock.json, and
each skill it brought (.claude/skills/<skill>/, .agents/skills/<skill>/) that no other installed agent
names. A file you edited, or one that agents did not install, is kept unless
--force. skill-<name> removes a skill added on its own (agents add
skill-<name>), unless an installed agent still names it.`,
  options: { user: flags.user, force: booleanFlag('Delete files you edited or that agents did not install'), client: flags.client },
  positionals: z.array(z.string()).min(1, { message: 'name the agents to remove' }),
  exitCodes: '0 removed, 1 a file was kept or is not there, 2 usage error.',
  examples: ['agents remove data-platform-engineer'],
  async run({ user, force, client, positionals }, output) {
    let status: number = EXIT.ok;
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      await refuseLinkedFolders(where);
      const lock = await readLock(where.lockPath);
      const skillsBefore = Object.keys(lock.skills);
      const removed: string[] = [];
      for (const spec of positionals.map((positional) => parseSpec(positional))) {
        const { name } = spec;
        const skill = skillOfSpec(spec);
        if (skill !== undefined) {
          if (!(await removeSkill(where, lock, skill, force, output))) status = EXIT.failure;
          continue;
        }
        const path = agentFile(where, name);
        const shown = shownPath(path, output.cwd);
        const { state } = await fileState(path, lock.agents[name]);
        if (state === 'missing' && !(name in lock.agents)) {
          output.err(`${name}: not installed (no ${shown})`);
          status = EXIT.failure;
          continue;
        }
        if (!force && (state === 'modified' || state === 'unmanaged')) {
          output.err(
            `${name}: kept ${shown}: ${state === 'modified' ? 'you edited it since it was installed' : 'agents did not install it'}; delete it with --force`,
          );
          status = EXIT.failure;
          continue;
        }
        await rm(path, { force: true });
        delete lock.agents[name];
        removed.push(name);
        output.out(`${output.style('green', '✔')} removed ${name} (${shown})`);
        // Its skills go with it, unless another installed agent still names them.
        for (const { name: skill, outcome } of await releaseSkills(where, lock, name, force)) {
          const folder = shownSkillFolder(where, skill, output.cwd);
          if (outcome === 'removed') output.out(`${output.style('green', '✔')} removed skill ${skill} (${folder})`);
          else if (outcome === 'kept') {
            output.err(`skill ${skill}: kept ${folder}: you edited it since it was installed; delete it with --force`);
            status = EXIT.failure;
          }
        }
      }
      await writeLockChanges(where.lockPath, {
        set: {},
        removed,
        skills: { set: lock.skills, removed: skillsBefore.filter((skill) => !(skill in lock.skills)) },
      });
    }
    return status;
  },
});

/** `agents remove skill-<name>`: a skill added on its own goes, unless an installed agent still names it; false when nothing could be removed. */
async function removeSkill(where: Target, lock: Lock, name: string, force: boolean, output: Output): Promise<boolean> {
  if (where.skillsDir === undefined) {
    output.err(`skill ${name}: ${clientName(where.client)} reads no skills folder that agents installs into`);
    return false;
  }
  const folder = shownSkillFolder(where, name, output.cwd);
  const outcome = await removeAddedSkill(where, lock, name, force);
  if (outcome === undefined) {
    const users = lock.skills[name]?.usedBy ?? [];
    output.err(
      users.length > 0
        ? `skill ${name}: installed with ${users.join(', ')}, not on its own; it goes with the last of them`
        : `skill ${name}: not installed (no ${folder} in the lock)`,
    );
    return false;
  }
  if (outcome === 'removed') output.out(`${output.style('green', '✔')} removed skill ${name} (${folder})`);
  else if (outcome === 'still used') output.out(`${output.style('dim', '•')} skill ${name} stays in ${folder}: an installed agent names it`);
  else {
    output.err(`skill ${name}: kept ${folder}: you edited it since it was installed; delete it with --force`);
    return false;
  }
  return true;
}
