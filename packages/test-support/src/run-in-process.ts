import type { Output } from '@agents/kit';
import type { Run } from './fixtures.js';

/** A program's main function, as the programs export it: its arguments and where it writes in, its exit code out. */
export type ProgramMain = (args: string[], output: Output) => Promise<number>;

/**
 * Runs a program's main function in this process, as `runCli` runs the built program as a process: its
 * exit code and what it wrote. For tests of what a command does with files and arguments, where starting
 * a process per run was most of their time. `env` is added to the environment for the run only.
 */
export async function runInProcess(main: ProgramMain, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const status = await main(args, {
      out: (text) => {
        stdout += `${text}\n`;
      },
      err: (text) => {
        stderr += `${text}\n`;
      },
      progress: (_label, work) => work,
      style: (_format, text) => text,
      cwd,
    });
    return { status, stdout, stderr };
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}
