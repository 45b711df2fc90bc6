import { EXIT, ProgramError } from '@agents/kit';

/**
 * - invalid-name, reserved-name, name-taken: `agents new` was given a name it cannot use (a usage error);
 * - unknown-ref: `agents changes --base` names no commit (a usage error);
 * - git: git failed while reading the base commit;
 * - unsafe-file: a file the build would publish is not a regular file of the registry (a symbolic link).
 */
export type BuildErrorCode = 'invalid-name' | 'reserved-name' | 'name-taken' | 'unknown-ref' | 'git' | 'unsafe-file';

const USAGE: ReadonlySet<BuildErrorCode> = new Set(['invalid-name', 'reserved-name', 'name-taken', 'unknown-ref']);

/** An expected failure of the compiler, the scaffold or the capability diff. */
export class BuildError extends ProgramError<BuildErrorCode> {
  override readonly name = 'BuildError';

  constructor(code: BuildErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: USAGE.has(code) ? EXIT.usage : EXIT.failure });
  }
}
