import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, styleText } from 'node:util';
import { registryEnvironment } from './npm-config.js';
import { build, installAndImport, publish, validate, versionPackages } from './pipeline.js';
import { StepError } from './run.js';
import { startLocalRegistry } from './verdaccio.js';
import { cloneHead, installWorkspace } from './workspace.js';

const AGENT = '@agents/data-platform-engineer';

const HELP = `Usage: pnpm release:local [--keep]

Runs the whole release pipeline against a local npm registry (Verdaccio on
127.0.0.1), on a temporary clone of HEAD, so your working tree, HEAD and tags
stay as they are:

  validate → build → version pending changesets → publish → npm install ${AGENT}
  in a scratch project → import it and print its name, version and tools

Options:
  --keep      Keep the registry running after the pipeline, for manual use,
              until Ctrl-C
  -h, --help  Show this help

Exit codes: 0 the pipeline passed, 1 a step failed, 2 usage error.`;

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (format: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(format, text) : text);

export async function releaseLocal(args: string[]): Promise<number> {
  let keep: boolean;
  try {
    const { values } = parseArgs({ args, options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    keep = values.keep ?? false;
  } catch (problem) {
    console.error(`release:local: ${(problem as Error).message}\n\n${HELP}`);
    return 2;
  }

  const repo = process.cwd();
  const work = await mkdtemp(join(tmpdir(), 'agents-release-local-'));
  const clone = join(work, 'repo');
  let total = 0;
  const step = async <T>(title: string, action: () => Promise<T>, describe: (result: T) => string): Promise<T> => {
    total++;
    const started = Date.now();
    process.stdout.write(`${paint('bold', `${total}.`)} ${title} … `);
    const result = await action();
    console.log(`${paint('green', 'done')} ${paint('dim', `(${((Date.now() - started) / 1000).toFixed(1)} s)`)}${describe(result) ? `\n   ${describe(result)}` : ''}`);
    return result;
  };

  const registry = await startLocalRegistry();
  const stopEverything = async () => {
    await registry.stop();
    await rm(work, { recursive: true, force: true });
  };
  try {
    console.log(`Local registry: ${registry.url} (storage ${registry.storage})\nWorking on a clone of HEAD in ${clone}\n`);
    const env = await registryEnvironment(registry.url, work);
    await step('Clone HEAD and install', async () => {
      const head = await cloneHead(repo, clone);
      await installWorkspace(clone);
      return head;
    }, (head) => `commit ${head.slice(0, 12)}`);
    await step('Validate the registry', () => validate(clone), (output) => output.trim().split('\n').at(-1) ?? '');
    await step('Build', () => build(clone), () => '');
    await step('Version pending changesets', () => versionPackages(clone), (changes) =>
      changes.length === 0 ? 'no pending changesets' : changes.map((change) => `${change.name} ${change.from} → ${change.to}`).join('\n   '),
    );
    await step('Publish what is unpublished, and tag', () => publish(clone, registry.url, env), (published) =>
      published.length === 0 ? 'nothing new to publish' : published.map((pkg) => `${pkg.name}@${pkg.version}`).join('\n   '),
    );
    const agent = await step(`npm install ${AGENT} in a scratch project, and import it`, () => installAndImport(join(work, 'scratch'), AGENT, env), () => '');
    console.log(`\n${paint('bold', agent.name)} ${agent.version}\ntools: ${agent.tools?.join(', ') ?? '(inherits every tool)'}`);
    console.log(`\n${paint('green', '✔ The release pipeline passed.')}`);
    if (keep) {
      console.log(`\nThe registry stays up at ${registry.url}. Point npm at it for @agents/* packages:
  npm install ${AGENT} --@agents:registry=${registry.url}
or add "@agents:registry=${registry.url}" to a project's .npmrc. Press Ctrl-C to stop it.`);
      await new Promise<void>((resolveWait) => {
        process.once('SIGINT', resolveWait);
        process.once('SIGTERM', resolveWait);
      });
    } else {
      console.log(`(Run with --keep to keep the registry up and install from it: npm install ${AGENT} --@agents:registry=<its url>)`);
    }
    return 0;
  } catch (problem) {
    const message = problem instanceof StepError ? problem.message : String((problem as Error).stack ?? problem);
    console.log(paint('red', 'failed'));
    console.error(`\n${paint('red', '✖ release:local failed:')} ${message}`);
    return 1;
  } finally {
    await stopEverything();
  }
}
