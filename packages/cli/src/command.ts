import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '@agents/schema';
import type { z } from 'zod';
import { UsageError } from './errors.js';
import type { Output } from './output.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One `agents <name>` command: its options are parsed by `parseArgs`, then checked by a zod schema. */
export interface Command<Schema extends z.ZodType = z.ZodType> {
  name: string;
  summary: string;
  /** The help text after the summary: usage, options, examples. */
  help: string;
  options: Options;
  /** Receives `{ ...values, positionals }`. */
  schema: Schema;
  run(input: z.output<Schema>, output: Output): Promise<number>;
}

export function defineCommand<Schema extends z.ZodType>(command: Command<Schema>): Command<Schema> {
  return command;
}

export function parseCommandArgs<Schema extends z.ZodType>(command: Command<Schema>, args: string[]): z.output<Schema> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (problem) {
    throw new UsageError(optionMessage(problem as Error & { code?: string }, command));
  }
  const result = command.schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // Arguments are named by what they are in the help, not by the schema's field.
    const option = issue.path.length > 0 && issue.path[0] !== 'positionals' ? `--${String(issue.path[0])}: ` : '';
    throw new UsageError(`${option}${issue.message}`);
  }
  return result.data;
}

/** parseArgs' own messages quote unevenly and suggest nothing: an unknown option gets a "did you mean". */
function optionMessage(problem: Error & { code?: string }, command: Command): string {
  const unknown = /^Unknown option '([^']+)'/.exec(problem.message);
  if (problem.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const options = Object.keys(command.options).map((name) => `--${name}`);
    return `unknown option ${unknown[1]}${didYouMean(unknown[1]!, options)}`;
  }
  return problem.message.replace(/^TypeError \[\w+\]: /, '');
}
