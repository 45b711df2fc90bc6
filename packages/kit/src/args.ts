import { type ParseArgsConfig, parseArgs } from 'node:util';
import { didYouMean } from '@agents/schema';
import { EXIT, ProgramError } from './program.js';

/** One option of a program, declared once: how `parseArguments` reads it and how its help shows it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  /** How the help names the option's value, e.g. `<format>` for `--format <format>`. */
  value?: string;
  /** The help's text for the option; a line break continues it on the next line. */
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Every program takes `-h, --help`. */
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help' };

/** The result of `parseArguments`: each option's value, and the positional arguments. */
export interface ParsedArguments {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * Every entry point's arguments, parsed the same way: node's `parseArgs`, strict, with an unknown
 * option answered by a "did you mean" and any mistake thrown as a usage error (exit code 2).
 */
export function parseArguments(options: OptionSpecs, args: string[], { positionals = true }: { positionals?: boolean } = {}): ParsedArguments {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, { type, short, default: value }] of Object.entries({ ...options, help: HELP_OPTION })) {
    config[name] = { type, ...(short === undefined ? {} : { short }), ...(value === undefined ? {} : { default: value }) };
  }
  try {
    return parseArgs({ args, options: config, allowPositionals: positionals, strict: true });
  } catch (problem) {
    throw new ProgramError('usage', optionMessage(problem as Error & { code?: string }, options), { exitCode: EXIT.usage });
  }
}

/** A program's help, from its parts: the options' lines come from their declarations. */
export interface ProgramHelp {
  /** What follows "Usage: ". */
  usage: string;
  /** Paragraphs that say what the program does. */
  description?: string;
  options: OptionSpecs;
  /** What follows "Exit codes: ". */
  exitCodes: string;
  examples: readonly string[];
}

export function formatHelp(help: ProgramHelp): string {
  const entries = Object.entries({ ...help.options, help: HELP_OPTION }).map(([name, option]) => {
    const label = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    return [label, option.description] as const;
  });
  const width = Math.max(...entries.map(([label]) => label.length));
  const lines = entries.map(([label, description]) => `  ${label.padEnd(width)}  ${description.split('\n').join(`\n${' '.repeat(width + 4)}`)}`);
  return [
    `Usage: ${help.usage}`,
    ...(help.description ? [help.description] : []),
    `Options:\n${lines.join('\n')}`,
    `Exit codes: ${help.exitCodes}`,
    `Examples:\n${help.examples.map((example) => `  ${example}`).join('\n')}`,
  ].join('\n\n');
}

/** parseArgs' own messages quote unevenly and suggest nothing: each is said in the programs' own words. */
function optionMessage(problem: Error & { code?: string }, options: OptionSpecs): string {
  const quoted = /'([^']+)'/.exec(problem.message)?.[1] ?? '';
  if (problem.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `unknown option ${quoted}${didYouMean(
      quoted,
      Object.keys(options).map((name) => `--${name}`),
    )}`;
  }
  if (problem.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument "${quoted}": this program takes options only`;
  // "Option '-c, --category <value>' argument missing", "Option '--force' does not take an argument".
  const name = /--([\w-]+)/.exec(quoted)?.[1];
  const option = name === undefined ? undefined : options[name];
  if (problem.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name !== undefined && option !== undefined) {
    return option.type === 'boolean' ? `--${name} takes no value` : `--${name} needs a value: --${name} ${option.value ?? '<value>'}`;
  }
  return problem.message.replace(/^TypeError \[\w+\]: /, '');
}
