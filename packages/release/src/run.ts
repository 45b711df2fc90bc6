import { spawn } from 'node:child_process';
import { ReleaseError } from './errors.js';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Show the command's output as it runs, instead of collecting it. */
  inherit?: boolean;
}

export interface RunResult {
  code: number;
  output: string;
}

/** Runs a program (no shell) and collects its output, stdout and stderr interleaved. Never rejects. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', (problem) => resolve({ code: 127, output: `${output}${problem.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Runs a program and throws a ReleaseError (step-failed) with its output when it fails. */
export async function runOrThrow(what: string, command: string, args: readonly string[], options: RunOptions): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new ReleaseError(
      'step-failed',
      `${what} failed (${command} ${args.join(' ')}, exit ${result.code})${result.output ? `:\n${result.output.trimEnd()}` : ''}`,
    );
  }
  return result.output;
}
