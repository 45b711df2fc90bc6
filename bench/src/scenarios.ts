import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileAgent, toModule } from '@agents/compiler';
import { parseAgent } from '@agents/loader';
import { freePort, registryEnvironment, startLocalRegistry, startRegistryProxy, startSigningRegistry } from '@agents/local-registry';
import { DEFAULT_SCOPE, packageName } from '@agents/schema';
import { build } from 'rolldown';
import { BenchError } from './errors.js';
import { agentMarkdown, agentName, commitAll, generateRegistry } from './generate.js';
import { type Timed, timed, timedAsync } from './measure.js';
import { CHANGESET, CLI, PUBLISH, TURBO } from './paths.js';

let runFolder: string | undefined;

/** A folder for one step's files, inside this run's own folder, which `removeScratch` removes when the run ends. */
export function scratch(prefix: string): string {
  runFolder ??= mkdtempSync(join(tmpdir(), 'agents-bench-'));
  return mkdtempSync(join(runFolder, `${prefix}-`));
}

/** Removes every registry, site and project the run made (about 2 GB at 5,000 agents). */
export function removeScratch(): void {
  if (runFolder !== undefined) rmSync(runFolder, { recursive: true, force: true });
  runFolder = undefined;
}
const node = process.execPath;

/** A file system in memory, where making a file costs what the kernel's code costs and nothing of the disk's history. */
const MEMORY_FS = '/dev/shm';

/**
 * The build's own cost at each size, for its scaling: cold builds of fresh copies of a registry of each size
 * in memory (MEMORY_FS; on this machine's disk, what was removed in the minutes before weighs on every file
 * made, see BENCHMARKS.md), the sizes in turn `rounds` times so that a slow minute of the machine falls on
 * every size alike; the best of each size. Undefined where there is no such file system.
 */
export function coldBuildsInMemory(sizes: readonly number[], rounds: number): Map<number, Timed> | undefined {
  if (!existsSync(MEMORY_FS)) return undefined;
  const folder = mkdtempSync(join(MEMORY_FS, 'agents-bench-'));
  try {
    for (const n of sizes) generateRegistry(join(folder, `registry-${n}`), n);
    const best = new Map<number, Timed>();
    for (let round = 0; round < rounds; round++) {
      for (const n of sizes) {
        const root = join(folder, `build-${n}`);
        cpSync(join(folder, `registry-${n}`), root, { recursive: true });
        const run = timed(node, [CLI, 'build'], root);
        if (run.seconds < (best.get(n)?.seconds ?? Number.POSITIVE_INFINITY)) best.set(n, run);
        rmSync(root, { recursive: true, force: true });
      }
    }
    return best;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface BuildRun {
  cold: Timed;
  nochange: Timed;
  oneChanged: Timed;
}

/** Edits one agent's description, as a pull request would (the rest of its file, its skills included, as it was). */
function editOneAgent(root: string, revision: number): void {
  const path = join(root, 'agents', 'development', agentName(0), 'agent.md');
  writeFileSync(path, readFileSync(path, 'utf8').replace(/Use for synthetic task 0(, revision \d+)?:/, `Use for synthetic task 0, revision ${revision}:`));
}

/** Cold, no-change and one-agent-changed runs of a build command. */
function buildRuns(root: string, run: () => Timed): BuildRun {
  const cold = run();
  const nochange = run();
  editOneAgent(root, 1);
  const oneChanged = run();
  return { cold, nochange, oneChanged };
}

/** Our design: one `agents build` process for every agent (what `pnpm build:agents` and a release run). */
export const buildOneProcess = (root: string): BuildRun => buildRuns(root, () => timed(node, [CLI, 'build'], root));

/** The obvious design through turbo: its `build` task, each agent package building itself. */
export const buildWithTurbo = (root: string): BuildRun => buildRuns(root, () => timed(node, [TURBO, 'run', 'build', '--output-logs=errors-only'], root));

/** What turbo itself adds to our build when nothing changed: `turbo run build:agents`, which reads the whole workspace first. */
export const turboNoChange = (root: string): Timed => timed(node, [TURBO, 'run', 'build:agents', '--output-logs=errors-only'], root);

export interface ReleaseRun {
  firstPublish: Timed;
  oneChanged: Timed;
  /** The requests the one-agent release made of the registry (through a counting proxy). */
  oneChangedRequests: number;
  registryUrl: string;
  stop(): Promise<void>;
}

/**
 * Publishes a built registry to a fresh Verdaccio, then releases one changed agent, through a proxy that
 * counts the requests; the registry stays up until stop().
 */
export async function release(root: string, design: 'ours' | 'obvious', keepRegistry = false): Promise<ReleaseRun> {
  const registry = await startLocalRegistry();
  const proxy = await startRegistryProxy(registry.url, await freePort());
  const stop = async () => {
    await proxy.close();
    await registry.stop();
  };
  try {
    const env = await registryEnvironment(proxy.url, scratch('npmrc'));
    const publish = () =>
      design === 'ours'
        ? timedAsync(node, [PUBLISH], root, env)
        : // changeset publish asks `npm info --registry <npm_config_registry>`, and publishes with pnpm.
          timedAsync(node, [CHANGESET, 'publish'], root, { ...env, npm_config_registry: proxy.url });
    const firstPublish = await publish();
    const manifestPath = join(root, 'agents', 'development', agentName(0), 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, version: '1.0.1' }, null, 2)}\n`);
    timed(node, [CLI, 'build'], root);
    commitAll(root, 'release one agent');
    const before = proxy.requests().length;
    const oneChanged = await publish();
    const oneChangedRequests = proxy.requests().length - before;
    if (design === 'ours' && !oneChanged.output.includes(`New tag: ${packageName(DEFAULT_SCOPE, agentName(0))}@1.0.1`))
      throw new BenchError('wrong-result', `the one-agent release did not publish it:\n${oneChanged.output}`);
    if (design === 'ours' && (oneChanged.output.match(/New tag:/g) ?? []).length !== 1)
      throw new BenchError('wrong-result', `the one-agent release published more than one package:\n${oneChanged.output}`);
    if (!keepRegistry) await stop();
    return { firstPublish, oneChanged, oneChangedRequests, registryUrl: registry.url, stop };
  } catch (problem) {
    await stop();
    throw problem;
  }
}

/** `agents add` from the registry into a fresh project, a few times; the median. */
export function addFromRegistry(registryUrl: string, names: string[]): Timed[] {
  return names.map((name) => {
    const project = scratch('project');
    writeFileSync(join(project, 'package.json'), '{"private":true}');
    writeFileSync(join(project, '.npmrc'), `${DEFAULT_SCOPE}:registry=${registryUrl}\n`);
    return timed(node, [CLI, 'add', name], project);
  });
}

export interface VerifiedInstalls {
  /** `agents add` of one agent from a registry that signs and attests, checking both (the default). */
  verified: Timed[];
  /** The same adds from the same stand-in serving neither keys nor attestations: integrity alone is checked. */
  unverified: Timed[];
  /** `agents install --frozen` of `lockedCount` locked agents into a fresh clone that has only the lock. */
  frozenInstall: Timed;
  lockedCount: number;
}

/**
 * What verifying a publisher costs: `agents add` through the signing stand-in with its keys and provenance
 * against the same adds without them (interleaved, each agent's attestation made before any is timed), and
 * `agents install --frozen` of many locked agents, every one verified.
 */
export async function verifiedInstalls(registryUrl: string, names: string[], locked: string[]): Promise<VerifiedInstalls> {
  const signing = await startSigningRegistry(registryUrl);
  try {
    const project = (npmrc = '') => {
      const dir = scratch('project');
      writeFileSync(join(dir, 'package.json'), '{"private":true}');
      writeFileSync(join(dir, '.npmrc'), `${DEFAULT_SCOPE}:registry=${signing.url}\n${npmrc}`);
      return dir;
    };
    const env = { ...signing.env, npm_config_cache: scratch('npm-cache') };
    // The stand-in signs an attestation when it first serves a version: done here, untimed.
    await Promise.all(
      [...names, ...locked].map((name) => fetch(new URL(packageName(DEFAULT_SCOPE, name).replace('/', '%2f'), signing.url)).then((answer) => answer.text())),
    );
    const verified: Timed[] = [];
    const unverified: Timed[] = [];
    for (const name of names) {
      signing.publishKeys(false);
      signing.serve(packageName(DEFAULT_SCOPE, name), { publisher: null });
      unverified.push(await timedAsync(process.execPath, [CLI, 'add', name], project(), env));
      signing.publishKeys(true);
      signing.serve(packageName(DEFAULT_SCOPE, name), {});
      verified.push(await timedAsync(process.execPath, [CLI, 'add', name], project(), env));
    }
    const original = project();
    await timedAsync(process.execPath, [CLI, 'add', ...locked], original, env);
    const clone = project();
    mkdirSync(join(clone, '.claude'));
    writeFileSync(join(clone, '.claude', 'agents.lock.json'), readFileSync(join(original, '.claude', 'agents.lock.json')));
    const frozenInstall = await timedAsync(process.execPath, [CLI, 'install', '--frozen'], clone, env);
    if (!frozenInstall.output.includes(`${locked.length} agents as locked.`)) {
      throw new BenchError('wrong-result', `agents install --frozen did not install the ${locked.length} locked agents:\n${frozenInstall.output.slice(-2000)}`);
    }
    return { verified, unverified, frozenInstall, lockedCount: locked.length };
  } finally {
    await signing.close();
  }
}

/** A module that reads its agent.md and parses it with gray-matter and zod when imported. */
function runtimeParseModule(grayMatter: string, schema: string, markdownFile: string): string {
  return `import { readFileSync } from 'node:fs';
import matter from ${JSON.stringify(grayMatter)};
import { agentSchema } from ${JSON.stringify(schema)};
export const markdown = readFileSync(new URL(${JSON.stringify(`./${markdownFile}`)}, import.meta.url), 'utf8');
const file = matter(markdown, {});
export default { ...agentSchema.parse(file.data), version: '1.0.0', prompt: file.content.trim() };
`;
}

/** Packages of the runtime-parse design, as many as the probe imports of them (each costs ~25 ms and a 0.5 MB copy). */
const SELF_CONTAINED_PACKAGES = 40;

/**
 * Ways to ship the same agent as an ES module, `count` modules of each:
 * compiled (what `agents build` writes), plain (a hand-written module exporting
 * the same object literal), runtime (reads agent.md and parses it with
 * gray-matter and zod when imported, the libraries shared by every module), and
 * empty modules, the cost of an import itself (resolving, reading and linking a
 * file), which every variant pays. Then, in self-contained/, the runtime-parse
 * design as a published agent package must ship it, with no runtime dependency:
 * gray-matter and zod bundled into each package, beside its agent.md.
 */
export async function writeImportVariants(count: number): Promise<string> {
  const root = scratch('imports');
  const require = createRequire(import.meta.url);
  const grayMatter = require.resolve('gray-matter');
  const schema = require.resolve('@agents/schema');
  for (const variant of ['compiled', 'plain', 'runtime', 'empty']) mkdirSync(join(root, variant));
  const write = (index: number, file: string) => {
    const markdown = agentMarkdown(index, 'development');
    const agent = parseAgent(markdown).agent!;
    writeFileSync(join(root, 'compiled', file), compileAgent(agent, '1.0.0', markdown, DEFAULT_SCOPE)['dist/index.js']);
    writeFileSync(join(root, 'plain', file), `export default ${JSON.stringify(toModule(agent, '1.0.0'), null, 2)};\n`);
    writeFileSync(join(root, 'empty', file), 'export default {};\n');
    writeFileSync(join(root, 'runtime', file.replace('.mjs', '.md')), markdown);
    writeFileSync(join(root, 'runtime', file), runtimeParseModule(pathToFileURL(grayMatter).href, pathToFileURL(schema).href, file.replace('.mjs', '.md')));
  };
  for (let index = 0; index < count; index++) write(index, `m${index}.mjs`);
  write(count, 'warm.mjs');

  const entry = join(root, 'self-contained-entry.mjs');
  writeFileSync(entry, runtimeParseModule(grayMatter, schema, 'agent.md'));
  const { output } = await build({
    input: entry,
    platform: 'node',
    write: false,
    output: { format: 'esm' },
    // gray-matter's JavaScript engine calls eval (never reached here: the frontmatter is YAML).
    onLog: (level, log, handler) => log.code !== 'EVAL' && handler(level, log),
  });
  const bundle = output[0].code;
  // One more package than measured: the first import warms the path through the loader.
  for (let index = 0; index <= SELF_CONTAINED_PACKAGES; index++) {
    const dir = join(root, 'self-contained', `p${index}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mjs'), bundle);
    writeFileSync(join(dir, 'agent.md'), agentMarkdown(index, 'development'));
  }
  return root;
}

export { generateRegistry };
