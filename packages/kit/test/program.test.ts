import { describe, expect, it } from 'vitest';
import { EXIT, ProgramError, runProgram } from '../src/index.js';

/** Runs a main function through the exit handler, collecting what it prints. */
async function run(main: () => Promise<number>) {
  const lines: string[] = [];
  const code = await runProgram('tool', main, { output: { err: (text) => lines.push(text) }, usageHint: 'Run "tool --help" for usage.' });
  return { code, err: lines.join('\n') };
}

describe('runProgram, the one exit handler', () => {
  it.each<[string, () => Promise<number>, number, string]>([
    ['a success', async () => EXIT.ok, EXIT.ok, ''],
    ['an expected failure', async () => Promise.reject(new ProgramError('broken', 'it broke')), EXIT.failure, 'tool: it broke'],
    [
      'a usage error, with the hint',
      async () => Promise.reject(new ProgramError('usage', 'unknown option --x', { exitCode: EXIT.usage })),
      EXIT.usage,
      'tool: unknown option --x\nRun "tool --help" for usage.',
    ],
    ['a bug, in one line', async () => Promise.reject(new TypeError('x is undefined')), EXIT.failure, 'tool: unexpected failure: x is undefined'],
  ])('turns %s into its exit code and message', async (_, main, code, message) => {
    expect(await run(main)).toEqual({ code, err: message });
  });

  it('keeps the cause of an error', () => {
    const cause = new Error('ECONNRESET');
    expect(new ProgramError('registry', 'cannot reach it', { cause }).cause).toBe(cause);
  });
});
