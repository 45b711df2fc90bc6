import { type OptionSpec, type Output, type ProgramHelp, parseArguments } from '@agents/kit';
import { z } from 'zod';
import { CliError } from './errors.js';

/** An option of a command, declared once: how it is parsed and shown in the help, and the schema its value must pass. */
export interface Flag extends OptionSpec {
  schema: z.ZodType;
}

type Flags = Readonly<Record<string, Flag>>;

/** What a command runs with: each option's value as its schema outputs it, and the positional arguments. */
export type CommandInput<Options extends Flags, Positionals extends z.ZodType> = { [Name in keyof Options]: z.output<Options[Name]['schema']> } & {
  positionals: z.output<Positionals>;
};

/**
 * One `agents <name>` command: its options are declared once (parsed by `parseArguments`, listed by its
 * help, checked by their schemas), its positional arguments by a schema; its help is made from its parts
 * (`formatHelp`), and its input type from its declarations.
 */
export interface Command<Options extends Flags = Flags, Positionals extends z.ZodType = z.ZodType> extends ProgramHelp {
  name: string;
  summary: string;
  options: Options;
  positionals: Positionals;
  run(input: CommandInput<Options, Positionals>, output: Output): Promise<number>;
}

export function defineCommand<Options extends Flags, Positionals extends z.ZodType>(command: Command<Options, Positionals>): Command<Options, Positionals> {
  return command;
}

export function parseCommandArgs<Options extends Flags, Positionals extends z.ZodType>(
  command: Command<Options, Positionals>,
  args: string[],
): CommandInput<Options, Positionals> {
  const parsed = parseArguments(command.options, args);
  const schema = z.object({
    ...Object.fromEntries(Object.entries(command.options).map(([name, flag]) => [name, flag.schema])),
    positionals: command.positionals,
  });
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // Arguments are named by what they are in the help, not by the schema's field.
    const option = issue.path.length > 0 && issue.path[0] !== 'positionals' ? `--${String(issue.path[0])}: ` : '';
    throw new CliError('usage', `${option}${issue.message}`);
  }
  return result.data as CommandInput<Options, Positionals>;
}
