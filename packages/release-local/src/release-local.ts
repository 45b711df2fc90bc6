import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, formatHelp, type OptionSpecs, type Output, parseArguments, processOutput } from '@agents/kit';
import { registrySettings } from '@agents/loader';
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
import { importedLines, keepInstructions, releaseLines, stepLine, uncommittedWarning, versionedDetail } from './report.js';

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

/** What a `--keep` run leaves for `--registry` to find: the clone that holds what was released there. */
interface KeptState {
  registry: string;
  clone: string;
}
const statePath = (registryUrl: string) => join(tmpdir(), `agents-release-local-${new URL(registryUrl).port}.json`);

/** `pnpm release:local`: returns the exit code; failures throw a ReleaseError (see bin/release-local.js). */
export async function releaseLocal(args: string[], output: Output = processOutput()): Promise<number> {
  const { values } = parseArguments(OPTIONS, args, { positionals: false });
  if (values.help) {
    output.out(HELP);
    return EXIT.ok;
  }
  if (values.keep && values.registry)
    throw new ReleaseError('usage', '--keep and --registry do not go together: --registry releases onto the registry a --keep run keeps');
  const options = { keep: values.keep === true, registry: values.registry as string | undefined };

  const repo = process.cwd();
  // The registry's own scope (`agents.scope`), whose packages the local registry takes; a bad one is reported by the validation step.
  const { scope } = registrySettings(repo);
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
    const index = ++total;
    const started = Date.now();
    let result: T;
    try {
      result = await output.progress(title, action());
    } catch (problem) {
      // The step's line says it failed; what failed is printed by the exit handler.
      output.out(stepLine(index, title, output.style, 'failed'));
      throw problem;
    }
    output.out(stepLine(index, title, output.style, { seconds: (Date.now() - started) / 1000, detail: describe(result) }));
    return result;
  };

  // A --registry run borrows the kept registry and clone; a run of its own starts and removes both.
  let registry: LocalRegistry | undefined;
  const clone = kept?.clone ?? join(work, 'repo');
  const cleanUp: (() => Promise<unknown>)[] = [() => rm(work, { recursive: true, force: true })];
  try {
    if (kept === undefined) {
      registry = await startLocalRegistry({ scopes: [scope] });
      cleanUp.unshift(() => registry!.stop());
    }
    const registryUrl = kept?.registry ?? registry!.url;
    output.out(
      `Local registry: ${registryUrl}${registry ? ` (storage ${registry.storage})` : ''}\nWorking on ${kept ? 'the kept clone' : 'a clone of HEAD'} in ${clone}\n`,
    );
    const warning = uncommittedWarning(await runOrThrow('reading the working tree', 'git', ['status', '--porcelain'], { cwd: repo }), output.style);
    if (warning !== undefined) output.out(warning);
    const env = await registryEnvironment(registryUrl, work, { scopes: [scope] });
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
    const changes = await step('Version pending changesets', () => versionPackages(clone), versionedDetail);
    const published = await step(
      'Publish what is unpublished, and tag',
      () => publish(clone, registryUrl, env),
      (packages) => (packages.length === 0 ? 'nothing new to publish' : `${packages.length} package${packages.length === 1 ? '' : 's'}`),
    );
    for (const change of changes) {
      const entry = await changelogEntry(published.find((pkg) => pkg.name === change.name)?.dir ?? clone, change.to);
      output.out(releaseLines(change, entry, output.style));
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
    for (const pkg of imported) output.out(importedLines(pkg, output.style));
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
    output.out(`\n${output.style('green', '✔ The release pipeline passed.')}`);
    if (options.keep) {
      const agent = imported.find((pkg) => pkg.agent !== undefined)?.agent?.name ?? '<agent>';
      await keepServing(registryUrl, clone, cleanUp, output, keepInstructions(registryUrl, scope, agent));
    } else if (kept === undefined) output.out('(Run with --keep to keep the registry up, install from it, and release again onto it.)');
    return EXIT.ok;
  } finally {
    for (const action of cleanUp) await action();
  }
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
async function keepServing(registryUrl: string, clone: string, cleanUp: (() => Promise<unknown>)[], output: Output, instructions: string): Promise<void> {
  // The clone is removed with the run's work folder when the registry stops.
  const state = statePath(registryUrl);
  await writeFile(state, JSON.stringify({ registry: registryUrl, clone } satisfies KeptState));
  cleanUp.push(() => rm(state, { force: true }));
  output.out(instructions);
  await new Promise<void>((resolveWait) => {
    process.once('SIGINT', resolveWait);
    process.once('SIGTERM', resolveWait);
  });
}
