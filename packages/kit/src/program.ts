import { type Output, processOutput } from './output.js';

/** Exit codes of every program of the registry, documented in the README and in each program's help. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An expected failure: a message for the user (printed without a stack trace), a machine-readable
 * code, and the exit code it ends the program with. Each package has one error type that extends
 * it with codes of its own (`CliError`, `ReleaseError`, …); `runProgram` handles them all.
 */
export class ProgramError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly exitCode: ExitCode;

  constructor(code: Code, message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.failure;
  }
}

export interface ProgramOptions {
  /** Printed after the message of an error that exits with the usage code, e.g. where to find the help. */
  usageHint?: string;
  output?: Pick<Output, 'err'>;
}

/**
 * Runs a program's main function and returns its exit code: the one place where every entry point of
 * the registry turns a failure into a message and an exit code. An expected failure (a
 * `ProgramError`) prints `<program>: <message>`; anything else is a bug, reported in one line (its
 * stack with AGENTS_DEBUG=1) and exit code 1.
 */
export async function runProgram(program: string, main: () => Promise<number>, options: ProgramOptions = {}): Promise<number> {
  const output = options.output ?? processOutput();
  try {
    return await main();
  } catch (problem) {
    if (problem instanceof ProgramError) {
      const hint = problem.exitCode === EXIT.usage && options.usageHint ? `\n${options.usageHint}` : '';
      output.err(`${program}: ${problem.message}${hint}`);
      return problem.exitCode;
    }
    output.err(`${program}: unexpected failure: ${problem instanceof Error ? problem.message : String(problem)}`);
    if (process.env.AGENTS_DEBUG) output.err(String((problem as Error).stack));
    return EXIT.failure;
  }
}
