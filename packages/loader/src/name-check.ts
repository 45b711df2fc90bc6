import { dirname, join, relative, sep } from 'node:path';
import { isAgentName, NAME_MAX_LENGTH, SKILLS_DIR } from '@agents/schema';
import type { Registry } from './registry.js';
import { type Reservation, reservedNames } from './workspace.js';

/** Why a new agent may not take a name, with the one message every way of adding an agent gives. */
export interface NameRefusal {
  code: 'invalid-name' | Reservation['code'] | 'name-taken';
  message: string;
}

/**
 * The one check of a new agent's or skill's name in the registry at `root` (used by `agents new` and `agents import`):
 * a valid agent name, not reserved (built-in agents, categories, the repository's packages), not an
 * existing agent's in `registry` (the registry at `root`, as the caller has read it). Returns a check to ask
 * for many names; paths in messages are relative to `cwd`.
 */
export async function nameCheck(root: string, registry: Registry, cwd: string): Promise<(name: string) => NameRefusal | undefined> {
  const reserved = await reservedNames(root, registry.scope);
  const taken = new Map<string, { what: 'an agent' | 'a skill'; dir: string }>();
  for (const report of registry.reports) {
    if (report.name === null || taken.has(report.name)) continue;
    // A skill's reports are of any of its files: the skill is skills/<name>/.
    const [top, folder] = relative(root, report.path).split(sep);
    const isSkill = top === SKILLS_DIR && folder !== undefined;
    taken.set(report.name, isSkill ? { what: 'a skill', dir: join(root, SKILLS_DIR, folder) } : { what: 'an agent', dir: dirname(report.path) });
  }
  // A skill without findings has no report: an agent and a skill never share a name.
  for (const skill of registry.skills) if (!taken.has(skill.name)) taken.set(skill.name, { what: 'a skill', dir: skill.dir });
  return (name) => {
    if (!isAgentName(name)) {
      const message = `"${name}" is not a valid agent name: lowercase letters and digits joined by hyphens, at most ${NAME_MAX_LENGTH} characters`;
      return { code: 'invalid-name', message };
    }
    const reservation = reserved.get(name);
    if (reservation !== undefined) return reservation;
    const existing = taken.get(name);
    if (existing !== undefined) {
      return { code: 'name-taken', message: `${existing.what} named "${name}" exists already: ${relative(cwd, existing.dir) || existing.dir}` };
    }
    return undefined;
  };
}
