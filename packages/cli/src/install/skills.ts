import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { writeAtomically } from '@agents/kit';
import { type LoadedSkill, loadSkillFolder, SKILL_MAX_FILE_BYTES, type SkillFile } from '@agents/loader';
import { fetchPackument, type NpmConfig, type Publisher, pickVersion, readPackageFiles, redactUrl, withinRanges } from '@agents/npm-client';
import { isAgentName, printable, readsSharedSkills, SKILL_PACKAGE_PREFIX, skillPackageName, splitPackageName } from '@agents/schema';
import { CliError } from '../errors.js';
import { shownPath } from '../shown-path.js';
import { downloadVerified } from './download.js';
import { refuseLinkedFolders, sha256 } from './files.js';
import { type Lock, readLock, type SkillLockEntry, writeLockChanges } from './lock.js';
import { type Target, type TargetClient, targetsSharingSkills } from './target.js';
import type { TrustPolicy } from './trust.js';

/** A skill an installed agent names, fetched from the registry and read by the gate, ready to place. */
export interface FetchedSkill {
  name: string;
  packageName: string;
  version: string;
  /** The tarball's integrity; null when synced from node_modules without npm's lockfile. */
  integrity: string | null;
  /** Who built it, as its provenance proved; null: no provenance; undefined: not checked (as for an agent). */
  publisher?: Publisher | null;
  /** Its own files (not package.json, CHANGELOG.md, LICENSE), by path in the skill's folder. */
  files: Map<string, Buffer>;
  /** Each file a client could run, and why, as the gate said. */
  runnable: SkillFile[];
  /** What else it makes a client run, as the gate said: shell commands of its instructions, hooks, a fork into another agent. */
  runs: string[];
  /** Tools it approves without asking while it is active (`allowed-tools`). */
  allowedTools: string[];
  /** The range its user asked for: the dependency of the agent that names it, or the spec of `agents add skill-<name>`. */
  range: string;
}

/** Entries of a skill package that are npm's and the release's, not the skill's: never installed. */
const PACKAGE_ENTRIES: ReadonlySet<string> = new Set(['package.json', 'CHANGELOG.md', 'LICENSE']);

/** A skill named on its own (`agents add skill-pdf-forms`, `@acme/skill-pdf-forms@1.2.0`): fetched and checked as an agent's skill is. */
export async function fetchAddedSkill(spec: { packageName: string; range: string }, config: NpmConfig): Promise<FetchedSkill> {
  const { name } = splitPackageName(spec.packageName)!;
  return { ...(await fetchSkill(name.slice(SKILL_PACKAGE_PREFIX.length), spec.packageName, spec.range, config)), range: spec.range };
}

/**
 * The skills an agent names, each from the package its own package depends on (`<scope>/skill-<name>`, at the
 * range it declares, or at the version `pinned` gives it), checked as an agent is: the tarball's integrity and publisher, every file read by the gate
 * in a folder of its own (nothing run), the skill the one it claims to be.
 */
export async function fetchSkills(
  agent: { packageName: string; version: string; skills: readonly string[] | undefined; dependencies: Record<string, string> | undefined },
  config: NpmConfig,
  pinned: Readonly<Record<string, string>> = {},
): Promise<FetchedSkill[]> {
  const of = `${agent.packageName}@${agent.version}`;
  const scope = splitPackageName(agent.packageName)!.scope;
  return Promise.all(
    [...new Set(agent.skills ?? [])].map(async (name) => {
      // A name becomes a URL and a folder: anything but the registry's name format stops here.
      if (!isAgentName(name)) throw new CliError('bad-package', `${of} names the skill ${printable(name)}, which is not a skill name; nothing installed`);
      const packageName = skillPackageName(scope, name);
      const range = agent.dependencies?.[packageName];
      if (range === undefined)
        throw new CliError('bad-package', `${of} names the skill ${printable(name)} but does not depend on ${packageName}; nothing installed`);
      return { ...(await fetchSkill(name, packageName, pinned[name] ?? range, config)), range };
    }),
  );
}

async function fetchSkill(name: string, packageName: string, range: string, config: NpmConfig): Promise<Omit<FetchedSkill, 'range'>> {
  const { manifest, bytes, integrity, publisher } = await downloadVerified(packageName, range, config);
  const files = new Map([...(await readPackageFiles(bytes, SKILL_MAX_FILE_BYTES))].filter(([path]) => !PACKAGE_ENTRIES.has(path)));
  return { name, packageName, version: manifest.version, integrity, publisher, files, ...(await gate(`${packageName}@${manifest.version}`, name, files)) };
}

/** A skill as one user of a run wants it: an agent that names it, or (no agent) `agents add skill-<name>`. */
export interface SkillUse {
  agent?: string;
  skill: FetchedSkill;
}

/** The locks of a run's targets, and of the other clients whose agents share a skills folder with them (`.agents/skills/`). */
export async function locksOfRun(targets: readonly Target[], locks: readonly Lock[]): Promise<{ locks: readonly Lock[]; sharing: Lock[] }> {
  const inRun = new Set(targets.map((where) => where.lockPath));
  const sharing = new Set(targets.flatMap(targetsSharingSkills).map((other) => other.lockPath));
  return { locks, sharing: await Promise.all([...sharing].filter((path) => !inRun.has(path)).map(readLock)) };
}

/**
 * One version of each skill for everyone who uses it, since a skill is one folder whoever uses it: the
 * newest that the ranges of this run's users and of the users the locks record (other agents, a skill added
 * on its own; in `sharing`, those of other clients that read the same folder) all admit. A user's copy
 * outside another's range is replaced by that version, fetched and checked as any (in place: every client's
 * list holds the same copy); without `config` (copies npm installed, which may nest two versions) nothing is
 * fetched. Ranges that admit no version together refuse the run, before anything is written.
 */
export async function settleSkillVersions(
  uses: readonly SkillUse[],
  { locks, sharing }: { locks: readonly Lock[]; sharing: readonly Lock[] },
  config: NpmConfig | undefined,
): Promise<void> {
  const agentsInRun = new Set(uses.flatMap((use) => use.agent ?? []));
  for (const name of new Set(uses.map((use) => use.skill.name))) {
    const copies = uses.filter((use) => use.skill.name === name);
    const { packageName, version } = copies[0]!.skill;
    const addedInRun = copies.some((use) => use.agent === undefined);
    const holds = [
      ...copies.map((use) => ({ who: use.agent ?? `agents add ${packageName}`, range: use.skill.range })),
      ...[...locks.map((lock) => ({ lock, ofRun: true })), ...sharing.map((lock) => ({ lock, ofRun: false }))].flatMap(({ lock, ofRun }) => {
        const entry = lock.skills[name];
        if (entry === undefined) return [];
        // What this run installs replaces its own earlier entries, not another client's.
        const agents = Object.entries(entry.ranges ?? {}).filter(([agent]) => !(ofRun && agentsInRun.has(agent)) && entry.usedBy.includes(agent));
        const added = entry.added === undefined || (ofRun && addedInRun) ? [] : [['added on its own', entry.added] as const];
        return [...agents, ...added].map(([who, range]) => ({ who: `${who} (installed, ${entry.version})`, range }));
      }),
    ];
    const ranges = holds.map((hold) => hold.range);
    if (copies.every((use) => use.skill.version === version) && (await withinRanges(version, ranges))) continue;
    const conflict = (why: string) =>
      new CliError(
        'skill-conflict',
        `skill ${name}: ${why}: ${holds.map((hold) => `${hold.who} needs ${printable(hold.range)}`).join(', ')}; nothing installed`,
      );
    if (config === undefined) throw conflict('its agents came with different versions of it, and one folder holds one');
    const packument = await fetchPackument(packageName, config);
    if (packument === undefined) throw new CliError('not-found', `${packageName} is not on ${redactUrl(config.registryFor(packageName))}`);
    const settled = await pickVersion(packument, '*', ranges);
    if (settled === undefined) throw conflict(`no version of ${packageName} is within every range that holds it`);
    const fetched = await fetchSkill(name, packageName, settled.version, config);
    for (const { skill } of copies) Object.assign(skill, fetched);
  }
}

/**
 * A skill as npm installed it (`node_modules/<scope>/skill-<name>/`), read by the gate where it is: its own
 * files (a link, a file over the size or a bad SKILL.md refuses it), for `agents sync` to place. Its integrity
 * and publisher are the caller's to find, as for the agent that names it.
 */
export async function readInstalledSkill(dir: string, name: string, packageName: string, version: string, range: string): Promise<FetchedSkill> {
  const id = `${packageName}@${version}`;
  // The folder is named after the package (skill-<name>): the skill's own name is what must match.
  const loaded = await loadSkillFolder(dir, { notTheSkill: new Set([...PACKAGE_ENTRIES, 'node_modules']), name });
  const errors = gateErrors(dir, loaded.reports);
  if (errors.length > 0 || loaded.skill === undefined) {
    throw new CliError('bad-package', `${id} in node_modules is not a valid skill; nothing installed:\n${errors.slice(0, 5).join('\n')}`);
  }
  const files = new Map(await Promise.all(loaded.files.map(async (file) => [file.path, await readFile(join(dir, file.path))] as const)));
  return { name, packageName, version, integrity: null, files, ...whatRuns(loaded), range };
}

/** What of a skill the gate said can run (its runnable files, its own lines that run something) and what it approves. */
function whatRuns(loaded: LoadedSkill): Pick<FetchedSkill, 'runnable' | 'runs' | 'allowedTools'> {
  const runs = loaded.reports.flatMap((report) =>
    report.diagnostics.filter((diagnostic) => diagnostic.code === 'runs-command').map((diagnostic) => diagnostic.message),
  );
  return { runnable: loaded.files.filter((file) => file.runs !== undefined), runs, allowedTools: loaded.skill?.allowedTools ?? [] };
}

/**
 * Places skills added on their own (`agents add skill-<name>`) at the ranges asked (`added`, by skill name),
 * reporting each, and writes them into the lock: they stay until `agents remove` names them. A client that
 * shows skills to every agent gets none that approves tools.
 */
export async function placeAddedSkills(
  target: Target,
  lock: Lock,
  skills: readonly FetchedSkill[],
  added: Readonly<Record<string, string>>,
  force: boolean,
  report: (skill: FetchedSkill, outcome: SkillOutcome) => void,
): Promise<void> {
  if (skills.length === 0) return;
  await refuseLinkedFolders(target);
  const { skills: placed = [], skillsLeftOut = [] } = skillsForClient(target.client, [...skills]);
  const set: Record<string, SkillLockEntry> = {};
  try {
    for (const skill of placed) {
      report(skill, await placeSkill(target, lock, skill, { added: added[skill.name]! }, force));
      if (lock.skills[skill.name]) set[skill.name] = lock.skills[skill.name]!;
    }
    for (const skill of skillsLeftOut) report(skill, 'left-out');
  } finally {
    await writeLockChanges(target.lockPath, { set: {}, removed: [], skills: { set, removed: [] } });
  }
}

/** Whether agents installs an agent's skills for a client: Claude Code's own folder, or the shared one. */
export const readsSkills = (client: TargetClient): boolean => client === 'claude-code' || readsSharedSkills(client);

/**
 * The skills an agent gets in a client: all of them in Claude Code, which preloads them into that agent only;
 * in a client that shows the shared folder to every agent of the session, those that approve no tools (one
 * that does would approve them for all), the others left out and said.
 */
export function skillsForClient(client: TargetClient, skills: FetchedSkill[]): { skills?: FetchedSkill[]; skillsLeftOut?: FetchedSkill[] } {
  if (client === 'claude-code') return { skills };
  if (!readsSkills(client)) return {};
  return { skills: skills.filter((skill) => skill.allowedTools.length === 0), skillsLeftOut: skills.filter((skill) => skill.allowedTools.length > 0) };
}

/** Refuses, before anything is written, a skill the project's policy refuses: one that carries what a client can run. */
export function checkSkillPolicy(skill: FetchedSkill, policy: TrustPolicy): void {
  if (!policy.refuseRunnableSkills) return;
  const what = [...skill.runnable.map((file) => `${file.path}: ${file.runs}`), ...skill.runs];
  if (what.length === 0) return;
  throw new CliError(
    'untrusted',
    `${skill.packageName}@${skill.version} carries what a client can run (${printable(what.slice(0, 3).join('; '))}${what.length > 3 ? '; …' : ''}), and this project refuses such skills ("agents": { "refuseRunnableSkills": true }); nothing installed`,
  );
}

/** The errors of a skill's reports, one line each, as messages list them. */
function gateErrors(
  dir: string,
  reports: readonly { path: string; diagnostics: readonly { severity: string; line: number; column: number; code: string; message: string }[] }[],
): string[] {
  return reports.flatMap((report) =>
    report.diagnostics
      .filter((diagnostic) => diagnostic.severity === 'error')
      .map(
        (diagnostic) => `  ${relative(dir, report.path) || '.'}:${diagnostic.line}:${diagnostic.column}  ${diagnostic.code}  ${printable(diagnostic.message)}`,
      ),
  );
}

/** The gate on a skill's files, as `agents validate` reads a skill: written (never executable) into a scratch folder named after it, then read. */
async function gate(id: string, name: string, files: Map<string, Buffer>): Promise<Pick<FetchedSkill, 'runnable' | 'runs' | 'allowedTools'>> {
  const scratch = await mkdtemp(join(tmpdir(), 'agents-skill-'));
  try {
    const dir = join(scratch, name);
    for (const [path, content] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content, { mode: 0o644 });
    }
    const loaded = await loadSkillFolder(dir);
    const errors = gateErrors(dir, loaded.reports);
    if (errors.length > 0 || loaded.skill === undefined)
      throw new CliError('bad-package', `${id} is not a valid skill; nothing installed:\n${errors.slice(0, 5).join('\n')}`);
    return whatRuns(loaded);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A record with its keys in order, as the lock writes it (a diff shows what changed, not where). */
const sortedRecord = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** A skill's folder as messages show it, relative to `cwd` and ending in `/`. */
export const shownSkillFolder = (target: Target, name: string, cwd: string): string => `${shownPath(join(target.skillsDir!, name), cwd)}/`;

/** `left-out`: not installed for a client that shows skills to every agent, since it approves tools (allowed-tools). */
export type SkillOutcome = 'installed' | 'updated' | 'unchanged' | 'kept-modified' | 'kept-unmanaged' | 'left-out';

/**
 * The skill's entry in the lock of another client that installs skills into the same folder (the shared
 * `.agents/skills/`): the folder is one, whichever client's `agents add` wrote it.
 */
async function sharedEntries(target: Target, name: string): Promise<{ lockPath: string; entry: SkillLockEntry }[]> {
  const found = await Promise.all(
    targetsSharingSkills(target).map(async (other) => ({ lockPath: other.lockPath, entry: (await readLock(other.lockPath)).skills[name] })),
  );
  return found.filter((each): each is { lockPath: string; entry: SkillLockEntry } => each.entry !== undefined);
}

/**
 * Writes a skill's folder for an agent that uses it, and records both in the lock (in memory): a skill is
 * installed once whoever uses it. A folder the user edited, or one the CLI did not install, is kept unless
 * `force`; files a later version no longer has are removed.
 */
export async function placeSkill(
  target: Target,
  lock: Lock,
  skill: FetchedSkill,
  user: { agent: string } | { added: string },
  force: boolean,
): Promise<SkillOutcome> {
  const dir = join(target.skillsDir!, skill.name);
  const shared = await sharedEntries(target, skill.name);
  const own = lock.skills[skill.name];
  // What is in the folder is what the last client to write it recorded: this lock's entry, or another's (a
  // client placed earlier in this run may have updated the shared folder, and every lock on disk with it).
  let entry = own ?? shared[0]?.entry;
  let state = await folderState(dir, entry);
  for (const other of shared) {
    if (state !== 'modified' && state !== 'unmanaged') break;
    if ((await folderState(dir, other.entry)) === 'unmodified') [entry, state] = [other.entry, 'unmodified'];
  }
  const ranges = { ...own?.ranges, ...('agent' in user ? { [user.agent]: skill.range } : {}) };
  const users = {
    usedBy: [...new Set([...(own?.usedBy ?? []), ...('agent' in user ? [user.agent] : [])])].sort(),
    ...(Object.keys(ranges).length > 0 ? { ranges: sortedRecord(ranges) } : {}),
    ...('added' in user ? { added: user.added } : own?.added === undefined ? {} : { added: own.added }),
  };
  if (!force && (state === 'modified' || state === 'unmanaged')) {
    if (entry) lock.skills[skill.name] = { ...entry, ...users };
    return state === 'modified' ? 'kept-modified' : 'kept-unmanaged';
  }
  const record: SkillLockEntry = {
    package: skill.packageName,
    version: skill.version,
    integrity: skill.integrity,
    ...(skill.publisher === undefined ? {} : { publisher: skill.publisher }),
    files: sortedRecord(Object.fromEntries([...skill.files].map(([path, content]) => [path, sha256(content)]))),
    ...users,
  };
  if (state === 'unmodified' && entry?.version === skill.version && entry.integrity === skill.integrity) {
    lock.skills[skill.name] = record;
    return 'unchanged';
  }
  for (const path of Object.keys(entry?.files ?? {})) if (!skill.files.has(path)) await rm(join(dir, path), { force: true });
  for (const [path, content] of skill.files) await writeAtomically(join(dir, path), content);
  lock.skills[skill.name] = record;
  // The other clients' locks record what their shared folder now holds, for the agents they installed.
  const { usedBy: _usedBy, ranges: _ranges, added: _added, ...written } = record;
  for (const other of shared) {
    const { usedBy, ranges, added } = other.entry;
    await writeLockChanges(other.lockPath, {
      set: {},
      removed: [],
      skills: { set: { [skill.name]: { ...written, usedBy, ...(ranges && { ranges }), ...(added === undefined ? {} : { added }) } }, removed: [] },
    });
  }
  return state === 'missing' ? 'installed' : 'updated';
}

type Released = 'removed' | 'kept' | 'still used';

/**
 * Drops `agent` from the users of each skill; a skill no installed agent uses any more (and not added on its
 * own) is removed with its folder, unless the user edited it (kept, and said). Returns what became of each skill it touched.
 */
export async function releaseSkills(target: Target, lock: Lock, agent: string, force: boolean): Promise<{ name: string; outcome: Released }[]> {
  const done: { name: string; outcome: Released }[] = [];
  if (target.skillsDir === undefined) return done;
  for (const [name, entry] of Object.entries(lock.skills)) {
    if (!entry.usedBy.includes(agent)) continue;
    const { [agent]: _range, ...ranges } = entry.ranges ?? {};
    const rest = { ...entry, usedBy: entry.usedBy.filter((user) => user !== agent), ...(entry.ranges && { ranges }) };
    if (Object.keys(ranges).length === 0) delete rest.ranges;
    done.push({ name, outcome: await release(target, lock, name, rest, force) });
  }
  return done;
}

/** `agents remove skill-<name>`: a skill added on its own is let go, and removed unless an agent still names it; undefined when it was not added on its own. */
export async function removeAddedSkill(target: Target, lock: Lock, name: string, force: boolean): Promise<Released | undefined> {
  const entry = lock.skills[name];
  if (entry?.added === undefined) return undefined;
  const { added: _added, ...rest } = entry;
  return release(target, lock, name, rest, force);
}

/** A skill's lock entry without the user let go (`rest`): the folder goes with its last user, of any client sharing it, unless edited. */
async function release(target: Target, lock: Lock, name: string, rest: SkillLockEntry, force: boolean): Promise<Released> {
  if (rest.usedBy.length > 0 || rest.added !== undefined) {
    lock.skills[name] = rest;
    return 'still used';
  }
  // Another client's agents still use the shared folder: this lock lets it go, the folder stays.
  if ((await sharedEntries(target, name)).some(({ entry }) => entry.usedBy.length > 0 || entry.added !== undefined)) {
    delete lock.skills[name];
    return 'still used';
  }
  const dir = join(target.skillsDir!, name);
  if (!force && (await folderState(dir, rest)) === 'modified') {
    lock.skills[name] = rest;
    return 'kept';
  }
  await rm(dir, { recursive: true, force: true });
  delete lock.skills[name];
  return 'removed';
}

/** A skill's folder against its lock entry: missing, as installed, edited (a file changed, added or removed), or not installed by the CLI. */
export async function folderState(dir: string, entry: SkillLockEntry | undefined): Promise<'missing' | 'unmodified' | 'modified' | 'unmanaged'> {
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined) return 'missing';
  if (!info.isDirectory()) throw new CliError('unsafe-path', `${dir} is not a folder: refusing to write a skill there; remove it first`);
  if (entry === undefined) return 'unmanaged';
  const found = await filesUnder(dir);
  const expected = Object.keys(entry.files).sort();
  if (found.join('\n') !== expected.join('\n')) return 'modified';
  for (const path of found) if (sha256(await readFile(join(dir, path))) !== entry.files[path]) return 'modified';
  return 'unmodified';
}

/** Every file under a skill's folder, relative and '/'-separated; a link is refused (a write through it could reach anywhere). */
async function filesUnder(dir: string, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) throw new CliError('unsafe-path', `${path} is a symbolic link: refusing to write through it; remove it first`);
    if (entry.isDirectory()) found.push(...(await filesUnder(path, base)));
    else found.push(relative(base, path).split(sep).join('/'));
  }
  return found.sort();
}
