import { createRequire } from 'node:module';
import { EXIT, formatHelp, type Output, processOutput, runProgram } from '@agents/kit';
import { closest, didYouMean, printable } from '@agents/schema';
import { type Command, parseCommandArgs } from './command.js';
import { add } from './commands/add.js';
import { build } from './commands/build.js';
import { changes } from './commands/changes.js';
import { clients } from './commands/clients.js';
import { diff } from './commands/diff.js';
import { importCommand } from './commands/import.js';
import { install } from './commands/install.js';
import { list } from './commands/list.js';
import { newAgent } from './commands/new.js';
import { outdated } from './commands/outdated.js';
import { remove } from './commands/remove.js';
import { sync } from './commands/sync.js';
import { update } from './commands/update.js';
import { validate } from './commands/validate.js';
import { verify } from './commands/verify.js';

const COMMANDS: readonly Command[] = [
  add,
  install,
  sync,
  list,
  outdated,
  update,
  diff,
  remove,
  verify,
  clients,
  newAgent,
  importCommand,
  validate,
  changes,
  build,
];

/** What people used to npm type, and the command that does it here. */
const NPM_HABITS: Readonly<Record<string, string>> = {
  i: 'install',
  ci: 'install',
  uninstall: 'remove',
  rm: 'remove',
  ls: 'list',
  upgrade: 'update',
  check: 'validate',
};

/** ` (did you mean "…"?)` for a mistyped command, or for npm's word for one. */
function suggestCommand(name: string): string {
  const habit = NPM_HABITS[closest(name, Object.keys(NPM_HABITS)) ?? ''];
  return habit === undefined
    ? didYouMean(
        name,
        COMMANDS.map((candidate) => candidate.name),
      )
    : ` (did you mean "${habit}"?)`;
}

const commandHelp = (command: Command) => `${command.summary}\n\n${formatHelp(command)}`;

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const list = COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: agents <command> [options]

Commands:
${list}

Options:
  -h, --help     Show help (also: agents <command> --help)
  -v, --version  Show the version

Exit codes: 0 success, 1 failure (e.g. validation errors), 2 usage error.`;
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

/** Runs `agents <args>`; returns the exit code. Never throws: failures go through `runProgram`, the one exit handler. */
export async function main(args: string[], output: Output = processOutput()): Promise<number> {
  const [name, ...rest] = args;
  const helpFor = name === 'help' ? COMMANDS.find((candidate) => candidate.name === rest[0]) : undefined;
  if (helpFor !== undefined) {
    output.out(commandHelp(helpFor));
    return EXIT.ok;
  }
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    output.out(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '-v' || name === '--version') {
    output.out(version());
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    output.err(`agents: unknown command "${printable(name)}"${suggestCommand(name)}\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    output.out(commandHelp(command));
    return EXIT.ok;
  }
  return runProgram(`agents ${command.name}`, async () => command.run(parseCommandArgs(command, rest), output), {
    output,
    // --json is what many tools call it: say what this command calls it.
    usageHint: `${rest.includes('--json') && 'format' in command.options ? 'For JSON, use --format json. ' : ''}Run "agents ${command.name} --help" for usage.`,
  });
}
