import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { writeAtomically } from './files.js';

/** Where an installed agent came from and what was written, to tell later whether the user edited it. */
export interface LockEntry {
  package: string;
  version: string;
  /** What `add` was asked for (`latest`, `^1.2.0`); `update` stays within it. */
  range: string;
  /** `registry` (agents add) or `node_modules` (agents sync). */
  source: 'registry' | 'node_modules';
  /** The package tarball's integrity, as the registry or npm's lockfile gives it. */
  integrity: string | null;
  /** sha256 of the file as written. */
  sha256: string;
}

export interface Lock {
  lockfileVersion: 1;
  agents: Record<string, LockEntry>;
}

const ENTRY_KEYS: (keyof LockEntry)[] = ['package', 'version', 'range', 'source', 'integrity', 'sha256'];

export async function readLock(path: string): Promise<Lock> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { lockfileVersion: 1, agents: {} };
  }
  try {
    const lock = JSON.parse(text) as Lock;
    if (lock.lockfileVersion !== 1 || typeof lock.agents !== 'object' || lock.agents === null) throw new Error('unknown format');
    return { lockfileVersion: 1, agents: Object.assign(Object.create(null) as Record<string, LockEntry>, lock.agents) };
  } catch (problem) {
    throw new CliError(`${path} is not a lock file this version understands (${(problem as Error).message}); fix or remove it`);
  }
}

/** Sorted by name, each entry's keys in one order, two-space indented: stable and reviewable in a diff. */
export function formatLock(lock: Lock): string {
  const agents: Record<string, Partial<LockEntry>> = {};
  for (const name of Object.keys(lock.agents).sort()) {
    const entry = lock.agents[name]!;
    agents[name] = Object.fromEntries(ENTRY_KEYS.map((key) => [key, entry[key]]));
  }
  return `${JSON.stringify({ lockfileVersion: 1, agents }, null, 2)}\n`;
}

export async function writeLock(path: string, lock: Lock): Promise<void> {
  await writeAtomically(path, formatLock(lock));
}
