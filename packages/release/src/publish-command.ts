import { EXIT, formatHelp, parseArguments } from '@agents/kit';
import { ReleaseError } from './errors.js';
import { publishWorkspace, tagPublished } from './publisher.js';

const OPTIONS = {
  'check-all': {
    type: 'boolean',
    description: 'Ask the registry about every package, also those whose release tag says they are there (repairs a tag whose version the registry lost)',
  },
} as const;

const HELP = formatHelp({
  usage: 'node packages/release/bin/publish.js [--check-all]',
  description: `Publishes every public workspace package whose version is not on the registry
(npm's configuration names it), or stages it for approval (agents.release.stage), then tags
name@version. Asks the registry only about packages without a release tag for it. Safe to rerun.`,
  options: OPTIONS,
  exitCodes: '0 everything is published (or staged), 1 something failed (rerun to finish), 2 usage error.',
  examples: ['node packages/release/bin/publish.js', 'node packages/release/bin/publish.js --check-all'],
});

/**
 * `node packages/release/bin/publish.js`: the publishing step of `pnpm release`.
 * Prints "New tag: <name>@<version>" for each release (the lines changesets' tools read to
 * report what was published), and the `npm stage approve` command of each staged version.
 */
export async function publishCommand(args: string[]): Promise<number> {
  const { values } = parseArguments(OPTIONS, args, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const result = await publishWorkspace({ root: process.cwd(), log: (line) => console.log(line), checkAll: values['check-all'] === true });
  for (const pkg of result.published) console.log(`New tag: ${pkg.name}@${pkg.version}`);
  for (const { pkg, id } of result.staged) console.log(`Staged: ${pkg.name}@${pkg.version}, live once a maintainer runs: npm stage approve ${id}`);
  if (result.tagged.length > 0) console.log(`Tagged ${result.tagged.length}: ${result.tagged.join(', ')}`);
  if (result.failed.length > 0) {
    const failed = result.failed.map(({ pkg, reason }) => `  ${pkg.name}@${pkg.version}: ${reason}`).join('\n');
    throw new ReleaseError(
      'registry',
      `packages failed to publish:\n${failed}\nRun the release again once the registry answers: what is published is skipped.`,
    );
  }
  return EXIT.ok;
}

const TAG_HELP = formatHelp({
  usage: 'node packages/release/bin/tag.js',
  description: `Tags name@version on HEAD for every public workspace package whose version is on the
registry (npm's configuration names it), those not tagged yet. The release workflow's tag job runs
it after the publish job: it may push tags, and holds no identity for the registry.`,
  options: {},
  exitCodes: '0 tagged (or nothing to tag), 1 the registry or git failed, 2 usage error.',
  examples: ['node packages/release/bin/tag.js && git push origin --tags'],
});

/** `node packages/release/bin/tag.js`: the tags of what is published. */
export async function tagCommand(args: string[]): Promise<number> {
  const { values } = parseArguments({}, args, { positionals: false });
  if (values.help) {
    console.log(TAG_HELP);
    return EXIT.ok;
  }
  const tagged = await tagPublished(process.cwd());
  console.log(tagged.length === 0 ? 'Nothing to tag: every published version is tagged.' : `Tagged ${tagged.length}: ${tagged.join(', ')}`);
  return EXIT.ok;
}
