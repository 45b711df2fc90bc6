import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Why a command that needs the registry's repository cannot run here. */
export const NO_REGISTRY = 'no registry here (no pnpm-workspace.yaml with an agents/ folder above this folder)';

/** The registry root: the nearest folder, from `start` upwards, holding `pnpm-workspace.yaml` and `agents/`. */
export function findRegistryRoot(start: string): string | undefined {
  let dir = resolve(start);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml')) && existsSync(join(dir, 'agents'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
