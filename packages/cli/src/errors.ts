/** A mistake in how the command was called: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An expected failure with a message for the user (no stack trace), exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** Exit codes, documented in the README and in `agents --help`. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
