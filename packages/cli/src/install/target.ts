import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { isAgentName, packageName, unscopedName } from '@agents/schema';
import { CliError } from '../errors.js';

/** Where agents are installed: a project's `.claude/`, or the user's Claude configuration folder. */
export interface Target {
  scope: 'project' | 'user';
  /** `.claude/` or `~/.claude/` (or `$CLAUDE_CONFIG_DIR`). */
  configDir: string;
  /** `<configDir>/agents/`: where Claude Code reads agent files. */
  agentsDir: string;
  /** `<configDir>/agents.lock.json` */
  lockPath: string;
}

export function target(options: { user: boolean; cwd: string; env?: NodeJS.ProcessEnv }): Target {
  const env = options.env ?? process.env;
  const configDir = options.user ? resolve(env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude')) : join(options.cwd, '.claude');
  return { scope: options.user ? 'user' : 'project', configDir, agentsDir: join(configDir, 'agents'), lockPath: join(configDir, 'agents.lock.json') };
}

/** The other folder Claude Code reads agents from, to report name clashes. */
export function otherTarget(current: Target, cwd: string, env: NodeJS.ProcessEnv = process.env): Target {
  return target({ user: current.scope === 'project', cwd, env });
}

export interface PackageSpec {
  name: string;
  packageName: string;
  /** A dist-tag, version or semver range; `latest` when none was given. */
  range: string;
  /** The category package this agent was named through (`agents add @agents/<category>`). */
  category?: string;
}

/**
 * `data-platform-engineer`, `@agents/data-platform-engineer` or either with `@<range>`.
 * The name becomes a file name, so anything but the registry's name format is refused
 * here, before any request or write: `../x`, absolute paths, separators, other scopes.
 */
export function parseSpec(spec: string): PackageSpec {
  const rest = unscopedName(spec) ?? spec;
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
  return { name, packageName: packageName(name), range };
}

export function agentFile(target: Target, name: string): string {
  return join(target.agentsDir, `${name}.md`);
}
