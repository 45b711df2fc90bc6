import { spawnSync } from 'node:child_process';
import { EXIT, formatHelp, parseArguments } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { ReleaseError } from './errors.js';
import { publishWorkspace, unknownToRegistry } from './publisher.js';
import { releaseConfig } from './release-config.js';

const OPTIONS = { 'dry-run': { type: 'boolean', description: 'Print the packages and the commands; publish and configure nothing' } } as const;

const HELP = formatHelp({
  usage: 'pnpm release:bootstrap [--dry-run]',
  description: `Publishes, with your own npm login (and 2FA), the public packages the registry does not
have yet, which trusted publishing cannot publish, then makes the release workflow their
trusted publisher (npm trust github …; on npm's registry only). Run it when a release stops
saying packages need bootstrapping, then run the release again.`,
  options: OPTIONS,
  exitCodes: '0 done (or nothing to do), 1 a publish or npm trust failed (run it again), 2 usage error.',
  examples: ['pnpm release:bootstrap --dry-run', 'pnpm release:bootstrap'],
});

/** The command that makes the release workflow a package's trusted publisher (npm 11.15 or later). */
export const trustCommand = (name: string, repository: string, workflow: string): string[] => [
  'trust',
  'github',
  name,
  '--repository',
  repository,
  '--file',
  workflow,
  '--allow-publish',
  '--yes',
];

/** `pnpm release:bootstrap`: what a maintainer runs once for the packages that are new to the registry. */
export async function bootstrapCommand(args: string[], root: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values } = parseArguments(OPTIONS, args, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const { repository, workflow } = releaseConfig(root, env);
  const unknown = await unknownToRegistry(root, env);
  if (unknown.length === 0) {
    console.log('Every public package is on the registry: nothing to bootstrap.');
    return EXIT.ok;
  }
  if (repository === undefined) {
    throw new ReleaseError(
      'usage',
      'package.json names no GitHub repository (repository, or agents.release.repository "owner/name"): the trusted publisher needs it',
    );
  }
  const registry = (await loadNpmConfig(root, env)).registryFor(unknown[0]!.name);
  // npm trust configures npm's registry; any other registry has its own way, or none.
  const npmjs = new URL(registry).host === 'registry.npmjs.org';
  const names = unknown.map((pkg) => pkg.name);
  console.log(`${names.length} package${names.length === 1 ? '' : 's'} not on ${registry} yet: ${names.join(', ')}`);
  const trust = names.map((name) => `npm ${trustCommand(name, repository, workflow).join(' ')}`);
  if (values['dry-run']) {
    console.log(`Would publish each with your npm login, then run:\n${trust.map((line) => `  ${line}`).join('\n')}`);
    if (!npmjs) console.log(`(${registry} is not npm's registry: configure its trusted publishing, if it has any, instead.)`);
    return EXIT.ok;
  }
  const result = await publishWorkspace({ root, env, auth: 'token', only: new Set(names), log: (line) => console.log(line) });
  if (result.failed.length > 0) {
    throw new ReleaseError(
      'registry',
      `packages failed to publish:\n${result.failed.map(({ pkg, reason }) => `  ${pkg.name}: ${reason}`).join('\n')}\nRun it again.`,
    );
  }
  if (!npmjs) {
    console.log(`Published. ${registry} is not npm's registry: configure its trusted publishing for these packages, if it has any.`);
    return EXIT.ok;
  }
  for (const name of names) {
    // npm asks for 2FA in the terminal: it inherits it.
    const run = spawnSync('npm', trustCommand(name, repository, workflow), { stdio: 'inherit', env });
    if (run.status !== 0)
      throw new ReleaseError('step-failed', `npm trust failed for ${name}: run pnpm release:bootstrap again (what is published is skipped)`);
  }
  console.log(`Published and trusted: ${names.join(', ')}. Run the release again.`);
  return EXIT.ok;
}
