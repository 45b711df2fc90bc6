import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  CLIENTS,
  type ClientId,
  clientById,
  DEFAULT_SCOPE,
  isAgentName,
  readsSharedSkills,
  SCOPE_PATTERN,
  SHARED_SKILLS_DIR,
  SKILL_PACKAGE_PREFIX,
} from '@agents/schema';
import { CliError } from '../errors.js';

/** Claude Code, which reads agent.md itself, or a client the packages hold a converted file for. */
export type TargetClient = 'claude-code' | ClientId;

/** Every client agents installs for, Claude Code first. */
export const TARGET_CLIENTS: readonly TargetClient[] = ['claude-code', ...CLIENTS.map((client) => client.id)];

/**
 * Where agents are installed for a client: a project's folder (`.claude/agents/`, `.github/agents/`, …)
 * or the user's (`~/.claude/agents/`, `~/.copilot/agents/`, …), with a lock beside it.
 */
export interface Target {
  client: TargetClient;
  scope: 'project' | 'user';
  /** The folder that holds the agents folder and the lock: `.claude/` (`$CLAUDE_CONFIG_DIR`), `.github/`, `~/.codex/`, … */
  configDir: string;
  /** Where the client reads agent files. */
  agentsDir: string;
  /** `<configDir>/agents.lock.json` */
  lockPath: string;
  /** The agent file's extension in this client: `.md`, `.agent.md`, `.toml`. */
  extension: string;
  /**
   * Where the client reads skills, and agents installs an agent's skills: `.claude/skills/` for Claude Code, the
   * shared `.agents/skills/` (of the project, or the user's) for a client that reads it; undefined for one that reads neither.
   */
  skillsDir: string | undefined;
}

export function target(options: { user: boolean; cwd: string; env?: NodeJS.ProcessEnv; client?: TargetClient }): Target {
  const env = options.env ?? process.env;
  const client = options.client ?? 'claude-code';
  const scope = options.user ? 'user' : 'project';
  if (client === 'claude-code') {
    const configDir = options.user ? resolve(env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude')) : join(options.cwd, '.claude');
    const agentsDir = join(configDir, 'agents');
    return { client, scope, configDir, agentsDir, lockPath: join(configDir, 'agents.lock.json'), extension: '.md', skillsDir: join(configDir, 'skills') };
  }
  const info = clientById(client);
  const base = options.user ? homedir() : options.cwd;
  const agentsDir = join(base, options.user ? info.userDir : info.projectDir);
  const configDir = dirname(agentsDir);
  const skillsDir = readsSharedSkills(client) ? join(base, SHARED_SKILLS_DIR) : undefined;
  return { client, scope, configDir, agentsDir, lockPath: join(configDir, 'agents.lock.json'), extension: info.extension, skillsDir };
}

/**
 * The other clients' targets that install skills into the same folder as `where` (the shared `.agents/skills/`
 * of the project, or the user's): one folder, several locks.
 */
export function targetsSharingSkills(where: Target): Target[] {
  if (where.skillsDir === undefined || where.client === 'claude-code') return [];
  // <base>/.agents/skills: the project's folder, or the home folder.
  const base = resolve(where.skillsDir, '..', '..');
  return TARGET_CLIENTS.map((client) => target({ user: where.scope === 'user', cwd: base, client })).filter(
    (other) => other.client !== where.client && other.skillsDir === where.skillsDir,
  );
}

/** The targets of the project (or, with `user`, of the user) that have a lock: where agents installed something. */
export function lockedTargets(options: { user: boolean; cwd: string }): Target[] {
  return TARGET_CLIENTS.map((client) => target({ ...options, client })).filter((where) => existsSync(where.lockPath));
}

export const clientName = (client: TargetClient): string => (client === 'claude-code' ? 'Claude Code' : clientById(client).name);

/** ` --client <client>` for a command line, nothing for Claude Code (the default). */
export const clientFlag = (client: TargetClient): string => (client === 'claude-code' ? '' : ` --client ${client}`);

/** The flags that name a target on a command line: ` --user`, ` --client <client>`. */
export const targetFlags = (where: Pick<Target, 'scope' | 'client'>): string => `${where.scope === 'user' ? ' --user' : ''}${clientFlag(where.client)}`;

/** The client's other folder (the user's for a project, and the other way round), to report name clashes. */
export function otherTarget(current: Target, cwd: string, env: NodeJS.ProcessEnv = process.env): Target {
  return target({ user: current.scope === 'project', cwd, env, client: current.client });
}

export interface PackageSpec {
  name: string;
  packageName: string;
  /** A dist-tag, version or semver range; `latest` when none was given. */
  range: string;
  /** The category package this agent was named through (`agents add @agents/<category>`). */
  category?: string;
  /** Whether the range was written (`name@1.2.0`), not the default. */
  rangeGiven?: boolean;
}

/**
 * `data-platform-engineer`, `@agents/data-platform-engineer`, `@acme/reviewer`, or any of them with `@<range>`:
 * a bare name is of the project's default scope (`@agents` unless its settings name another). The name
 * becomes a file name, so anything but the registry's name format is refused here, before any request or
 * write: `../x`, absolute paths, separators.
 */
export function parseSpec(spec: string, defaultScope: string = DEFAULT_SCOPE): PackageSpec {
  let scope = defaultScope;
  let rest = spec;
  if (spec.startsWith('@')) {
    const slash = spec.indexOf('/');
    if (slash === -1 || !SCOPE_PATTERN.test(spec.slice(0, slash))) {
      throw new CliError('usage', `"${spec}" is not a package name: a scoped name is @<scope>/<name> (e.g. @agents/data-platform-engineer)`);
    }
    scope = spec.slice(0, slash);
    rest = spec.slice(slash + 1);
  }
  const at = rest.indexOf('@');
  const name = at === -1 ? rest : rest.slice(0, at);
  const range = at === -1 ? 'latest' : rest.slice(at + 1);
  if (!isAgentName(name)) {
    throw new CliError(
      'usage',
      `"${spec}" is not an agent name: names are lowercase letters and digits joined by hyphens (e.g. data-platform-engineer or @agents/data-platform-engineer)`,
    );
  }
  if (range === '') throw new CliError('usage', `"${spec}": nothing after "@"; give a version or range, or leave it out`);
  return { name, packageName: `${scope}/${name}`, range, rangeGiven: at !== -1 };
}

/**
 * The skill a spec names by its package (`skill-pdf-forms`, `@acme/skill-pdf-forms`), or undefined for an
 * agent's: a skill's package is named skill-<name>, which no agent may be.
 */
export const skillOfSpec = (spec: Pick<PackageSpec, 'name'>): string | undefined =>
  spec.name.startsWith(SKILL_PACKAGE_PREFIX) ? spec.name.slice(SKILL_PACKAGE_PREFIX.length) : undefined;

export function agentFile(target: Target, name: string): string {
  return join(target.agentsDir, `${name}${target.extension}`);
}
