import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '@agents/schema';
import { EXIT, ProgramError } from './program.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The result of `parseArguments`: each option's value, and the positional arguments. */
export interface ParsedArguments {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * Every entry point's arguments, parsed the same way: node's `parseArgs`, strict, with an unknown
 * option answered by a "did you mean" and any mistake thrown as a usage error (exit code 2).
 */
export function parseArguments(options: OptionsConfig, args: string[], { positionals = true }: { positionals?: boolean } = {}): ParsedArguments {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (problem) {
    throw new ProgramError('usage', optionMessage(problem as Error & { code?: string }, options), { exitCode: EXIT.usage });
  }
}

/** parseArgs' own messages quote unevenly and suggest nothing: an unknown option gets a "did you mean". */
function optionMessage(problem: Error & { code?: string }, options: OptionsConfig): string {
  const unknown = /^Unknown option '([^']+)'/.exec(problem.message);
  if (problem.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    return `unknown option ${unknown[1]}${didYouMean(
      unknown[1]!,
      Object.keys(options).map((name) => `--${name}`),
    )}`;
  }
  return problem.message.replace(/^TypeError \[\w+\]: /, '');
}
