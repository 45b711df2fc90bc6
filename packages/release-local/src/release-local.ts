import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { styleText } from 'node:util';
import { EXIT, formatHelp, type OptionSpecs, parseArguments } from '@agents/kit';
import { type LocalRegistry, registryEnvironment, startLocalRegistry } from '@agents/local-registry';
import {
  build,
  changelogEntry,
  cloneHead,
  installAndImportAll,
  installWorkspace,
  publish,
  ReleaseError,
  runOrThrow,
  validate,
  versionPackages,
} from '@agents/release';
import { packageName, SCOPE } from '@agents/schema';

const AGENT = packageName('data-platform-engineer');
const OPTIONS = {
  keep: {
    type: 'boolean',
    default: false,
    description: 'Keep the registry (and the clone, with its versions) until\nCtrl-C, to install from it and to release again onto it',
  },
  registry: {
    type: 'string',
    value: '<url>',
    description:
      'Release again onto a registry that release:local --keep\nkeeps: your new commits (an edited agent and its changeset)\nare merged into the kept clone, versioned from the versions\nalready released there, and published',
  },
} as const satisfies OptionSpecs;

const HELP = formatHelp({
  usage: 'pnpm release:local [--keep | --registry <url>]',
  description: `Runs the whole release pipeline against a local npm registry (Verdaccio on
127.0.0.1), on a temporary clone of HEAD, so your working tree, HEAD and tags
stay as they are:

  validate → build → version pending changesets (each release is printed with
  its changelog entry) → publish → npm install every package published in a
  scratch project → import each, and print the agents' names, versions and tools

Uncommitted changes are not released (the clone is of HEAD): it says so.`,
  options: OPTIONS,
  exitCodes: '0 the pipeline passed, 1 a step failed, 2 usage error.',
  examples: ['pnpm release:local', 'pnpm release:local --keep', 'pnpm release:local --registry http://127.0.0.1:4873/'],
});

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (format: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(format, text) : text);

/** What a `--keep` run leaves for `--registry` to find: the clone that holds what was released there. */
interface KeptState {
  registry: string;
  clone: string;
}
const statePath = (registryUrl: string) => join(tmpdir(), `agents-release-local-${new URL(registryUrl).port}.json`);

/** `pnpm release:local`: returns the exit code; failures throw a ReleaseError (see bin/release-local.js). */
export async function releaseLocal(args: string[]): Promise<number> {
  const { values } = parseArguments(OPTIONS, args, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  if (values.keep && values.registry)
    throw new ReleaseError('usage', '--keep and --registry do not go together: --registry releases onto the registry a --keep run keeps');
  const options = { keep: values.keep === true, registry: values.registry as string | undefined };

  const repo = process.cwd();
  let kept: KeptState | undefined;
  if (options.registry !== undefined) {
    kept = await readFile(statePath(options.registry), 'utf8').then(
      (text) => JSON.parse(text) as KeptState,
      () => undefined,
    );
    if (kept === undefined) {
      throw new ReleaseError(
        'no-kept-registry',
        `no "pnpm release:local --keep" is keeping ${options.registry}: start one, and release again onto the address it prints`,
      );
    }
  }

  const work = await mkdtemp(join(tmpdir(), 'agents-release-local-'));
  let total = 0;
  const step = async <T>(title: string, action: () => Promise<T>, describe: (result: T) => string): Promise<T> => {
    total++;
    const started = Date.now();
    process.stdout.write(`${paint('bold', `${total}.`)} ${title} … `);
    const result = await action();
    console.log(
      `${paint('green', 'done')} ${paint('dim', `(${((Date.now() - started) / 1000).toFixed(1)} s)`)}${describe(result) ? `\n   ${describe(result)}` : ''}`,
    );
    return result;
  };

  // A --registry run borrows the kept registry and clone; a run of its own starts and removes both.
  let registry: LocalRegistry | undefined;
  const clone = kept?.clone ?? join(work, 'repo');
  const cleanUp: (() => Promise<unknown>)[] = [() => rm(work, { recursive: true, force: true })];
  try {
    if (kept === undefined) {
      registry = await startLocalRegistry();
      cleanUp.unshift(() => registry!.stop());
    }
    const registryUrl = kept?.registry ?? registry!.url;
    console.log(
      `Local registry: ${registryUrl}${registry ? ` (storage ${registry.storage})` : ''}\nWorking on ${kept ? 'the kept clone' : 'a clone of HEAD'} in ${clone}\n`,
    );
    warnUncommitted(await runOrThrow('reading the working tree', 'git', ['status', '--porcelain'], { cwd: repo }));
    const env = await registryEnvironment(registryUrl, work);
    await step(
      kept ? 'Merge HEAD into the kept clone and install' : 'Clone HEAD and install',
      async () => {
        const head = kept ? await mergeHead(repo, clone) : await cloneHead(repo, clone);
        await installWorkspace(clone);
        return head;
      },
      (head) => `commit ${head.slice(0, 12)}`,
    );
    await step(
      'Validate the registry',
      () => validate(clone),
      // Every finding, then the count: a warning is said, not only counted.
      (output) => output.trim().split('\n').join('\n   '),
    );
    await step(
      'Build',
      () => build(clone),
      () => '',
    );
    const changes = await step(
      'Version pending changesets',
      () => versionPackages(clone),
      (versioned) =>
        versioned.length === 0 ? 'no pending changesets' : versioned.map((change) => `${change.name} ${change.from} → ${change.to}`).join('\n   '),
    );
    const published = await step(
      'Publish what is unpublished, and tag',
      () => publish(clone, registryUrl, env),
      (packages) => (packages.length === 0 ? 'nothing new to publish' : `${packages.length} package${packages.length === 1 ? '' : 's'}`),
    );
    for (const change of changes) {
      const entry = await changelogEntry(published.find((pkg) => pkg.name === change.name)?.dir ?? clone, change.to);
      console.log(`\n${paint('bold', change.name)} ${change.from} → ${change.to}${entry ? `\n${entry.replace(/^/gm, '  ')}` : ''}`);
    }
    const imported = await step(
      `npm install every package published (${published.length}) in a scratch project, and import each`,
      () =>
        installAndImportAll(
          join(work, 'scratch'),
          published.map((pkg) => pkg.name),
          env,
        ),
      (packages) => `${packages.length} imported`,
    );
    for (const { package: name, exports, agent } of imported) {
      console.log(
        agent
          ? `\n${paint('bold', agent.name)} ${agent.version}\ntools: ${agent.tools?.join(', ') ?? '(inherits every tool)'}`
          : `\n${paint('bold', name)}: imported (${exports.length} exports)`,
      );
    }
    // What was released is committed in the clone, as the Version Packages pull request is merged on main:
    // the next release onto this registry starts from these versions.
    await runOrThrow(
      'committing the versions',
      'git',
      [
        '-c',
        'user.name=release:local',
        '-c',
        'user.email=release-local@agents.invalid',
        'commit',
        '--quiet',
        '--all',
        '--allow-empty',
        '-m',
        'Version packages (release:local)',
      ],
      { cwd: clone },
    );
    console.log(`\n${paint('green', '✔ The release pipeline passed.')}`);
    if (options.keep) await keepServing(registryUrl, clone, cleanUp);
    else if (kept === undefined) console.log(`(Run with --keep to keep the registry up, install from it, and release again onto it.)`);
    return EXIT.ok;
  } catch (problem) {
    // The step's line ends; what failed is printed by the exit handler.
    console.log(paint('red', 'failed'));
    throw problem;
  } finally {
    for (const action of cleanUp) await action();
  }
}

function warnUncommitted(status: string): void {
  const uncommitted = status.split('\n').filter(Boolean);
  if (uncommitted.length === 0) return;
  const one = uncommitted.length === 1;
  console.log(
    paint(
      'yellow',
      `! ${uncommitted.length} uncommitted change${one ? ' is' : 's are'} not in this release (it releases HEAD); commit ${one ? 'it' : 'them'} to include ${one ? 'it' : 'them'}:`,
    ),
  );
  console.log(
    `${uncommitted
      .slice(0, 5)
      .map((line) => `  ${line}`)
      .join('\n')}${uncommitted.length > 5 ? `\n  … and ${uncommitted.length - 5} more` : ''}\n`,
  );
}

/** Merges the repository's HEAD into the kept clone, whose last commit holds the versions released there. */
async function mergeHead(repo: string, clone: string): Promise<string> {
  const head = (await runOrThrow('reading HEAD', 'git', ['rev-parse', 'HEAD'], { cwd: repo })).trim();
  await runOrThrow('fetching HEAD', 'git', ['fetch', '--quiet', repo, head], { cwd: clone });
  await runOrThrow(
    'merging HEAD into the kept clone',
    'git',
    ['-c', 'user.name=release:local', '-c', 'user.email=release-local@agents.invalid', 'merge', '--quiet', '--no-edit', head],
    { cwd: clone },
  );
  return head;
}

/** Keeps the registry and the clone until Ctrl-C, telling how to use them; a state file lets --registry find the clone. */
async function keepServing(registryUrl: string, clone: string, cleanUp: (() => Promise<unknown>)[]): Promise<void> {
  // The clone is removed with the run's work folder when the registry stops.
  const state = statePath(registryUrl);
  await writeFile(state, JSON.stringify({ registry: registryUrl, clone } satisfies KeptState));
  cleanUp.push(() => rm(state, { force: true }));
  console.log(`
The registry stays up at ${registryUrl}. Install from it in a project:
  echo "${SCOPE}:registry=${registryUrl}" >> .npmrc
  npx ${packageName('cli')} add data-platform-engineer        (or: npm install ${AGENT})
To release a second version onto it, edit an agent, run pnpm changeset, commit, and run:
  pnpm release:local --registry ${registryUrl}
then "agents outdated" and "agents update" in that project see it. Press Ctrl-C to stop the registry.`);
  await new Promise<void>((resolveWait) => {
    process.once('SIGINT', resolveWait);
    process.once('SIGTERM', resolveWait);
  });
}
