import { type OptionSpecs, type Output, type ProgramHelp, parseArguments } from '@agents/kit';
import type { z } from 'zod';
import { CliError } from './errors.js';

/**
 * One `agents <name>` command: its options are declared once (parsed by `parseArguments`, listed by its
 * help), then checked by a zod schema; its help is made from its parts (`formatHelp`).
 */
export interface Command<Schema extends z.ZodType = z.ZodType> extends ProgramHelp {
  name: string;
  summary: string;
  options: OptionSpecs;
  /** Receives `{ ...values, positionals }`. */
  schema: Schema;
  run(input: z.output<Schema>, output: Output): Promise<number>;
}

export function defineCommand<Schema extends z.ZodType>(command: Command<Schema>): Command<Schema> {
  return command;
}

export function parseCommandArgs<Schema extends z.ZodType>(command: Command<Schema>, args: string[]): z.output<Schema> {
  const parsed = parseArguments(command.options, args);
  const result = command.schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // Arguments are named by what they are in the help, not by the schema's field.
    const option = issue.path.length > 0 && issue.path[0] !== 'positionals' ? `--${String(issue.path[0])}: ` : '';
    throw new CliError('usage', `${option}${issue.message}`);
  }
  return result.data;
}
