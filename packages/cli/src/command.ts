import { parseArgs, type ParseArgsConfig } from 'node:util';
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
    throw new UsageError((problem as Error).message.replace(/^TypeError \[\w+\]: /, ''));
  }
  const result = command.schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const option = issue.path.length > 0 ? `--${String(issue.path[0])}: ` : '';
    throw new UsageError(`${option}${issue.message}`);
  }
  return result.data;
}
