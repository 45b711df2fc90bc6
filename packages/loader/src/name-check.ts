import { dirname, relative } from 'node:path';
import { isAgentName, NAME_MAX_LENGTH } from '@agents/schema';
import type { Registry } from './registry.js';
import { type Reservation, reservedNames } from './workspace.js';

/** Why a new agent may not take a name, with the one message every way of adding an agent gives. */
export interface NameRefusal {
  code: 'invalid-name' | Reservation['code'] | 'name-taken';
  message: string;
}

/**
 * The one check of a new agent's name in the registry at `root` (used by `agents new` and `agents import`):
 * a valid agent name, not reserved (built-in agents, categories, the repository's packages), not an
 * existing agent's in `registry` (the registry at `root`, as the caller has read it). Returns a check to ask
 * for many names; paths in messages are relative to `cwd`.
 */
export async function nameCheck(root: string, registry: Registry, cwd: string): Promise<(name: string) => NameRefusal | undefined> {
  const reserved = await reservedNames(root, registry.scope);
  const taken = new Map<string, string>();
  for (const report of registry.reports) if (report.name !== null && !taken.has(report.name)) taken.set(report.name, dirname(report.path));
  return (name) => {
    if (!isAgentName(name)) {
      const message = `"${name}" is not a valid agent name: lowercase letters and digits joined by hyphens, at most ${NAME_MAX_LENGTH} characters`;
      return { code: 'invalid-name', message };
    }
    const reservation = reserved.get(name);
    if (reservation !== undefined) return reservation;
    const existing = taken.get(name);
    if (existing !== undefined) return { code: 'name-taken', message: `an agent named "${name}" exists already: ${relative(cwd, existing) || existing}` };
    return undefined;
  };
}
