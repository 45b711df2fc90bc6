import { describe, expect, it } from 'vitest';
import { formatHelp, type OptionSpecs, ProgramError, parseArguments } from '../src/index.js';

const OPTIONS = {
  format: { type: 'string', default: 'text', value: '<format>', description: 'text or json\nsecond line' },
  force: { type: 'boolean', default: false, description: 'Replace edited files' },
} as const satisfies OptionSpecs;

describe('parseArguments', () => {
  it('reads the declared options, their defaults and -h, --help', () => {
    expect(parseArguments(OPTIONS, ['a', '--force']).values).toMatchObject({ format: 'text', force: true });
    expect(parseArguments(OPTIONS, ['a', '--force']).positionals).toEqual(['a']);
    expect(parseArguments(OPTIONS, ['-h']).values.help).toBe(true);
  });

  it.each([
    [['--forse'], 'unknown option --forse (did you mean "--force"?)'],
    [['--format'], '--format needs a value: --format <format>'],
    [['--force=yes'], '--force takes no value'],
  ])('refuses %j as a usage error: %s', (args, message) => {
    const refuse = () => parseArguments(OPTIONS, args);
    expect(refuse).toThrow(ProgramError);
    expect(refuse).toThrow(message);
    expect(() => parseArguments(OPTIONS, args)).toThrow(expect.objectContaining({ code: 'usage', exitCode: 2 }));
  });

  it('refuses positionals where a program takes none', () => {
    expect(() => parseArguments(OPTIONS, ['stray'], { positionals: false })).toThrow(expect.objectContaining({ code: 'usage' }));
    expect(() => parseArguments(OPTIONS, ['stray'], { positionals: false })).toThrow('unexpected argument "stray": this program takes options only');
  });
});

describe('formatHelp', () => {
  it('lists every declared option, aligned, continuation lines indented, then -h, --help', () => {
    const help = formatHelp({ usage: 'tool [--force]', description: 'Does a thing.', options: OPTIONS, exitCodes: '0 ok.', examples: ['tool --force'] });
    expect(help).toBe(`Usage: tool [--force]

Does a thing.

Options:
  --format <format>  text or json
                     second line
  --force            Replace edited files
  -h, --help         Show this help

Exit codes: 0 ok.

Examples:
  tool --force`);
  });
});
