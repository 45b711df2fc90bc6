import { EXIT, ProgramError } from '@agents/kit';

/**
 * - usage: the command was called wrongly (unknown option, missing argument, a path that does not exist);
 * - no-registry: a maintainers' command run outside a registry's repository;
 * - no-compiler: the registry has no @agents/compiler to compile with;
 * - invalid-registry, out-of-date: `agents build` found errors, or (with --check) committed files to regenerate;
 * - not-found: the package or version is not on the registry;
 * - bad-package: what the registry sent is not a valid agent package;
 * - not-available: the package has no file for the client asked for (its build refused it, and says why);
 * - unsafe-path: a symbolic link or special file where an agent file would be written;
 * - lock-file: .claude/agents.lock.json cannot be read;
 * - not-installed: the agent or package is not installed (not by agents, or not in node_modules);
 * - no-project: `agents sync` outside a project with a package.json;
 * - untrusted: a version whose publisher the lock or the project's settings do not accept;
 * - settings: the project's settings (the `agents` field of its package.json) are not valid;
 * - frozen: the registry's version is not what a lock records (agents install);
 * - name-clash: an agent of the same name comes from another package (another scope) than the installed one;
 * - skill-conflict: the agents (or the user) that use one skill hold it to ranges that no version satisfies together.
 */
export type CliErrorCode =
  | 'usage'
  | 'no-registry'
  | 'no-compiler'
  | 'invalid-registry'
  | 'out-of-date'
  | 'not-found'
  | 'bad-package'
  | 'not-available'
  | 'unsafe-path'
  | 'lock-file'
  | 'not-installed'
  | 'no-project'
  | 'untrusted'
  | 'settings'
  | 'frozen'
  | 'name-clash'
  | 'skill-conflict';

const USAGE: ReadonlySet<CliErrorCode> = new Set(['usage', 'no-registry']);

/** An expected failure of an `agents` command: a message for the user, exit code 2 for a usage error, 1 otherwise. */
export class CliError extends ProgramError<CliErrorCode> {
  override readonly name = 'CliError';

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: USAGE.has(code) ? EXIT.usage : EXIT.failure });
  }
}
