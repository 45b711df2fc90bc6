import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeAtomically } from '@agents/kit';
import { isAgentName, printable, SEMVER_PATTERN, SKILL_PACKAGE_PREFIX, splitPackageName } from '@agents/schema';
import { z } from 'zod';
import { CliError } from '../errors.js';

/** Where an installed agent came from and what was written, to tell later whether the user edited it. */
const lockEntrySchema = z.strictObject({
  package: z.string(),
  version: z.string().regex(SEMVER_PATTERN, { message: 'must be a semver version' }),
  /** What `add` was asked for (`latest`, `^1.2.0`); `update` stays within it. */
  range: z.string().regex(/^[\w.^~<>=|* -]+$/, { message: 'must be a dist-tag, version or range' }),
  /** `registry` (agents add) or `node_modules` (agents sync). */
  source: z.enum(['registry', 'node_modules']),
  /** The package tarball's integrity, as the registry or npm's lockfile gives it. */
  integrity: z
    .string()
    .regex(/^sha(1|256|384|512)-[A-Za-z0-9+/]+=*$/, { message: 'must be an integrity string (sha512-…)' })
    .nullable(),
  /** sha256 of the file as written. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a hex sha256' }),
  /**
   * Who built the installed version, as its provenance proved: a later version from another repository or
   * workflow, or without provenance, is refused. null: installed without provenance; absent: not checked
   * (a lock from before publishers were recorded, or an agent synced from node_modules without npm's lockfile).
   */
  publisher: z
    .strictObject({
      repository: z.string().regex(/^https:\/\/[^\s]+$/, { message: 'must be an https URL' }),
      workflow: z.string().min(1),
      commit: z
        .string()
        .regex(/^[0-9a-f]{40}$/, { message: 'must be a commit id' })
        .optional(),
    })
    .nullable()
    .optional(),
});
export type LockEntry = z.infer<typeof lockEntrySchema>;

/** A skill installed for the agents that name it: what was written, file by file, and who uses it. */
const skillLockEntrySchema = z.strictObject({
  package: z.string(),
  version: z.string().regex(SEMVER_PATTERN, { message: 'must be a semver version' }),
  integrity: lockEntrySchema.shape.integrity,
  publisher: lockEntrySchema.shape.publisher,
  /** sha256 of each file as written, by its path in the skill's folder. */
  files: z.record(
    z.string().refine((path) => !path.startsWith('/') && !path.split('/').includes('..'), { message: 'must be a path inside the skill' }),
    lockEntrySchema.shape.sha256,
  ),
  /** The installed agents that name it: the skill is removed with the last of them. */
  usedBy: z.array(z.string()),
  /**
   * The range each of them declares for it (its package's dependency): a version outside any is never installed.
   * Absent from an older lock, whose agents then hold it to no range.
   */
  ranges: z.record(z.string(), lockEntrySchema.shape.range).optional(),
  /** The range `agents add <scope>/skill-<name>` asked for: a skill added on its own stays until `agents remove` names it. */
  added: lockEntrySchema.shape.range.optional(),
});
export type SkillLockEntry = z.infer<typeof skillLockEntrySchema>;

/**
 * The lock is read like any other input: an entry's name becomes a file name and its package a registry
 * URL, so both are checked here, before either is built (an entry cannot fetch another package's prompt).
 */
const lockSchema = z.object({
  lockfileVersion: z.literal(1, { message: 'must be 1' }),
  agents: z.record(z.string(), lockEntrySchema).superRefine((agents, context) => {
    for (const [name, entry] of Object.entries(agents)) {
      if (!isAgentName(name)) context.addIssue({ code: 'custom', path: [name], message: 'is not an agent name' });
      else if (splitPackageName(entry.package)?.name !== name)
        context.addIssue({ code: 'custom', path: [name, 'package'], message: `must be "@<scope>/${name}"` });
    }
  }),
  skills: z
    .record(z.string(), skillLockEntrySchema)
    .superRefine((skills, context) => {
      for (const [name, entry] of Object.entries(skills)) {
        if (!isAgentName(name)) context.addIssue({ code: 'custom', path: [name], message: 'is not a skill name' });
        else if (splitPackageName(entry.package)?.name !== `${SKILL_PACKAGE_PREFIX}${name}`)
          context.addIssue({ code: 'custom', path: [name, 'package'], message: `must be "@<scope>/${SKILL_PACKAGE_PREFIX}${name}"` });
      }
    })
    .optional(),
});
/** A lock as read: `skills` always there (an older lock has none). */
export type Lock = Omit<z.infer<typeof lockSchema>, 'skills'> & { skills: Record<string, SkillLockEntry> };

const ENTRY_KEYS = Object.keys(lockEntrySchema.shape) as (keyof LockEntry)[];

export async function readLock(path: string): Promise<Lock> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { lockfileVersion: 1, agents: {}, skills: {} };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (problem) {
    // The parser's message quotes the file's text.
    throw new CliError('lock-file', `${path} is not valid JSON (${printable((problem as Error).message)}); fix or remove it`);
  }
  const parsed = lockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where =
      issue.path.length === 0
        ? ''
        : ` at ${issue.path
            .map((key) => (typeof key === 'number' ? `[${key}]` : `.${printable(String(key))}`))
            .join('')
            .slice(1)}`;
    throw new CliError('lock-file', `${path} is not a lock file this version understands${where}: ${issue.message}; fix or remove it`);
  }
  // A null prototype: an entry named "__proto__" or "constructor" stays an entry, never a property lookup.
  return {
    lockfileVersion: 1,
    agents: Object.assign(Object.create(null) as Lock['agents'], parsed.data.agents),
    skills: Object.assign(Object.create(null) as Lock['skills'], parsed.data.skills),
  };
}

/** Sorted by name, each entry's keys in one order, two-space indented: stable and reviewable in a diff. */
function formatLock(lock: Lock): string {
  const agents: Record<string, Partial<LockEntry>> = {};
  for (const name of Object.keys(lock.agents).sort()) {
    const entry = lock.agents[name]!;
    agents[name] = Object.fromEntries(ENTRY_KEYS.map((key) => [key, entry[key]]));
  }
  const skills = Object.fromEntries(
    Object.keys(lock.skills)
      .sort()
      .map((name) => [name, lock.skills[name]]),
  );
  // A lock without skills is written as before skills were: no empty key in every project's diff.
  return `${JSON.stringify({ lockfileVersion: 1, agents, ...(Object.keys(skills).length > 0 ? { skills } : {}) }, null, 2)}\n`;
}

/** The version of each skill the lock records, by name: what installing the agents as locked fetches. */
export const lockedSkillVersions = (lock: Lock): Record<string, string> =>
  Object.fromEntries(Object.entries(lock.skills).map(([name, entry]) => [name, entry.version]));

/** What one run changed in a lock: the entries it set, the names it removed, and the same of skills. */
export interface LockChanges {
  set: Record<string, LockEntry>;
  removed: string[];
  skills?: { set: Record<string, SkillLockEntry>; removed: string[] };
}

/**
 * Writes a run's changes into the lock as it is on disk now, holding `<lock>.lock` meanwhile: two runs of
 * agents at once (two terminals, a script) each keep the other's entries, where the later run's whole lock
 * used to replace the earlier's.
 */
export async function writeLockChanges(path: string, changes: LockChanges): Promise<void> {
  await holdingGuard(`${path}.lock`, async () => {
    const current = await readLock(path);
    for (const name of changes.removed) delete current.agents[name];
    Object.assign(current.agents, changes.set);
    for (const name of changes.skills?.removed ?? []) delete current.skills[name];
    Object.assign(current.skills, changes.skills?.set);
    await writeAtomically(path, formatLock(current));
  });
}

/** How long a run waits for another to finish its lock write (milliseconds of work each). */
const GUARD_WAIT_MS = 60_000;

/** Runs `work` while holding `guard`, a file created exclusively with this process's id; a guard whose process is gone is taken over. */
async function holdingGuard(guard: string, work: () => Promise<void>): Promise<void> {
  await mkdir(dirname(guard), { recursive: true });
  const deadline = Date.now() + GUARD_WAIT_MS;
  for (;;) {
    try {
      // Created whole: a guard made by writing into a new file could be read empty, and taken for stale, before its id is in.
      const mine = `${guard}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(mine, String(process.pid));
      try {
        await link(mine, guard);
      } finally {
        await rm(mine, { force: true });
      }
      break;
    } catch (problem) {
      if ((problem as NodeJS.ErrnoException).code !== 'EEXIST') throw problem;
      const held = await readFile(guard, 'utf8').catch(() => undefined);
      // Released since: try again. (Taken for stale, its removal could remove the guard another run has just made.)
      if (held === undefined) continue;
      const holder = Number.parseInt(held, 10);
      if (!isRunning(holder)) {
        await rm(guard, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new CliError('lock-file', `${guard} is held by another agents run (process ${holder}); wait for it to finish, or delete the file if none runs`);
      }
      await sleep(20 + Math.random() * 40);
    }
  }
  try {
    await work();
  } finally {
    await rm(guard, { force: true });
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (problem) {
    // EPERM: a process of another user holds that id, alive.
    return (problem as NodeJS.ErrnoException).code === 'EPERM';
  }
}
