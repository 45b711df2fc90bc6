import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { summarize, writeGenerated } from '@agents/kit';
import { codeFingerprint, type FileReport, parserFingerprint, type RegistryAgent } from '@agents/loader';
import { CLIENTS, type ClientId, categoryDir, categoryManifestPath, clientFile, clientPackagePath } from '@agents/schema';
import { BUILDER_VERSION, type BuildCache, emptyBuildCache, planBuild } from './build-plan.js';
import { readOwnCache, writeOwnCache } from './cache-file.js';
import { byCategory, categoryClientFiles, categoryManifest, categoryModules, currentCategoryVersions } from './categories.js';
import { compileAgent } from './compile.js';
import { BuildError } from './errors.js';
import { MARKETPLACE_FILE, marketplaceFiles, PLUGINS_DIR } from './marketplace.js';
import { loadRegistryKeepingParses } from './parse-caches.js';
import { registryLicense } from './registry-license.js';

/** What `agents build` did, or why it did not; the CLI words it for the user. */
export type BuildResult =
  | { status: 'invalid'; reports: FileReport[] }
  | { status: 'checked'; plugins: number; drift: string[] }
  | {
      status: 'built';
      agents: number;
      compiled: number;
      written: number;
      removed: string[];
      /** Of the agents compiled now, how many have a file for each other client. */
      clients: Record<ClientId, number>;
    };

/**
 * Compiles every agent of the registry in `root` into its package, generates the category packages
 * and the Claude Code marketplace, in one process; with `check`, writes nothing and lists the
 * committed generated files that are out of date. Any error in the registry stops it before
 * anything is written.
 */
export async function buildRegistry(root: string, { check = false }: { check?: boolean } = {}): Promise<BuildResult> {
  const [cache, registry, parser, compiler] = await Promise.all([
    readBuildCache(root),
    loadRegistryKeepingParses(root),
    parserFingerprint(),
    // The compiler's own code and its converters': a change to either compiles every agent anew.
    codeFingerprint([import.meta.url, import.meta.resolve('@agents/clients')]),
  ]);
  if (summarize(registry.reports).errors > 0) return { status: 'invalid', reports: registry.reports.filter((report) => report.diagnostics.length > 0) };
  const categories = byCategory(registry.agents);
  const categoryVersions = await currentCategoryVersions(root, [...categories.keys()]);
  // Committed generated files: the marketplace and each category's package.json.
  const licenseId = registryLicense(root);
  const committed = marketplaceFiles(registry.scope, registry.agents, categoryVersions, licenseId);
  for (const [category, members] of categories) {
    committed.set(
      categoryManifestPath(category),
      `${JSON.stringify(
        categoryManifest(
          registry.scope,
          category,
          members.map((member) => member.name),
          categoryVersions.get(category)!,
          licenseId,
        ),
        null,
        2,
      )}\n`,
    );
  }
  const stale = await stalePlugins(root, new Set([...registry.agents.map((agent) => agent.name), ...categories.keys()]));

  if (check) {
    const drift = [
      ...(await changedFiles(root, committed)),
      ...stale.map((dir) => `${dir}/ (no such agent)`),
      ...registry.stale.map((dir) => `${relative(root, dir)}/ (only generated files: removed by "pnpm build")`),
    ];
    return { status: 'checked', plugins: registry.agents.length + categories.size, drift };
  }

  // An agent folder of only build outputs is what switching branches leaves of an agent the branch lacks.
  for (const dir of registry.stale) await rm(dir, { recursive: true, force: true });
  let written = 0;
  // Each package ships the registry's licence beside its definition: a link to one generated copy of it (see linkIfChanged).
  const license = await readLicense(root);
  const licenseCopy = join(root, LICENSE_COPY);
  if (license !== undefined && writeIfChanged(licenseCopy, license)) written++;
  const linkLicense = (dir: string) => license !== undefined && linkIfChanged(licenseCopy, join(dir, 'LICENSE'));
  const plan = planBuild({ agents: registry.agents, cache, code: parser + compiler, license, outputsExist: (entry) => outputsExist(root, entry) });
  const clients = Object.fromEntries(CLIENTS.map((client) => [client.id, 0])) as Record<ClientId, number>;
  for (const entry of plan.compile) {
    const files: Record<string, string> = compileAgent(entry.agent, String(entry.manifest.version), entry.markdown, registry.scope);
    for (const [path, content] of Object.entries(files)) {
      if (writeIfChanged(join(entry.dir, path), content)) written++;
    }
    if (linkLicense(entry.dir)) written++;
    for (const client of CLIENTS) if (clientPackagePath(client.id) in files) clients[client.id]++;
    // A client the agent no longer converts for keeps no file of an earlier build.
    for (const path of clientFiles(entry.dir)) if (!(path in files)) rmSync(join(entry.dir, path), { force: true });
    for (const path of pluginFiles(entry.name)) {
      if (writeIfChanged(join(root, path), committed.get(path)!)) written++;
    }
  }
  if (writeIfChanged(join(root, MARKETPLACE_FILE), committed.get(MARKETPLACE_FILE)!)) written++;
  for (const { category, members, copied, sameMembers } of plan.categories) {
    const dir = join(root, categoryDir(category));
    const modules = categoryModules(registry.scope, category, members);
    const files: Record<string, string> = {
      'package.json': committed.get(categoryManifestPath(category))!,
      'dist/index.js': modules.js,
      'dist/index.d.ts': modules.dts,
      'README.md': modules.readme,
    };
    for (const [path, content] of Object.entries(files)) {
      if (writeIfChanged(join(dir, path), content)) written++;
    }
    if (linkLicense(dir)) written++;
    const pluginDir = `${PLUGINS_DIR}/${category}`;
    if (writeIfChanged(join(root, pluginDir, '.claude-plugin', 'plugin.json'), committed.get(`${pluginDir}/.claude-plugin/plugin.json`)!)) written++;
    if (sameMembers && copied.length === 0) continue;
    if (!sameMembers) {
      const copies = new Set(members.map((member) => `${member.name}.md`));
      for (const file of await readdir(join(root, pluginDir, 'agents')).catch(() => [] as string[])) {
        if (!copies.has(file)) await rm(join(root, pluginDir, 'agents', file), { force: true });
      }
    }
    // Copies are links to the member's own file (its plugin's agent.md, its package's client files).
    for (const member of copied) {
      if (linkIfChanged(join(root, PLUGINS_DIR, member.name, 'agents', `${member.name}.md`), join(root, pluginDir, 'agents', `${member.name}.md`))) written++;
    }
    const clientCopies = categoryClientFiles(copied);
    const kept = sameMembers ? categoryClientSlots(copied) : await categoryClientPaths(dir);
    for (const path of kept) if (!clientCopies.has(path)) rmSync(join(dir, path), { force: true });
    for (const [path, source] of clientCopies) if (linkIfChanged(source, join(dir, path))) written++;
  }
  for (const dir of stale) await rm(join(root, dir), { recursive: true, force: true });
  // The cache on disk says the same when no input changed and nothing was parsed anew (writing it costs ~0.1 s at 5,000 agents).
  const fresh: BuildCache = { version: BUILDER_VERSION, ...plan.cache };
  if (!sameCache(cache, fresh)) await writeOwnCache(join(root, CACHE_FILE), fresh);
  return { status: 'built', agents: registry.agents.length, compiled: plan.compile.length, written, removed: registry.stale, clients };
}

const CACHE_FILE = join('node_modules', '.cache', 'agents', 'build.json');
const LICENSE_COPY = join('node_modules', '.cache', 'agents', 'LICENSE');

/** The registry's LICENSE, a regular file of its own: a symbolic link would put whatever it points at into every published package. */
async function readLicense(root: string): Promise<string | undefined> {
  const path = join(root, 'LICENSE');
  const info = lstatSync(path, { throwIfNoEntry: false });
  if (info === undefined) return undefined;
  if (!info.isFile())
    throw new BuildError(
      'unsafe-file',
      `${path} is ${info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}: the licence every package ships must be a file of the registry's own`,
    );
  return readFile(path, 'utf8');
}

async function readBuildCache(root: string): Promise<BuildCache> {
  const cache = (await readOwnCache(join(root, CACHE_FILE))) as Partial<BuildCache> | undefined;
  return cache?.version === BUILDER_VERSION && typeof cache.agents === 'object' && typeof cache.categories === 'object'
    ? (cache as BuildCache)
    : emptyBuildCache();
}

const pluginFiles = (name: string) => [`${PLUGINS_DIR}/${name}/.claude-plugin/plugin.json`, `${PLUGINS_DIR}/${name}/agents/${name}.md`];

/** The outputs a skipped agent must still have: deleting one makes the next build write it again. */
function outputsExist(root: string, entry: RegistryAgent): boolean {
  // Its own folder's, as the registry's reading found them; the plugin's, asked for (synchronous: two checks for
  // each of hundreds of agents cost less than as many trips through the thread pool).
  return ['dist/index.js', 'agent.json'].every((path) => entry.files.has(path)) && pluginFiles(entry.name).every((path) => existsSync(join(root, path)));
}

/** `clients/<file>` paths in an agent package, as compileAgent names them. */
function clientFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'clients')).map((file) => `clients/${file}`);
  } catch {
    return [];
  }
}

/** Where each client's copy of these members goes in their category package, whether the member has one or not. */
function categoryClientSlots(members: readonly RegistryAgent[]): string[] {
  return members.flatMap((member) => CLIENTS.map((client) => `clients/${client.id}/${clientFile(client.id, member.name)}`));
}

/** Does the new cache hold what the old one does (the same agents and categories)? */
function sameCache(old: BuildCache, fresh: BuildCache): boolean {
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const keys = Object.keys(b);
    return keys.length === Object.keys(a).length && keys.every((key) => a[key] === b[key]);
  };
  return same(old.agents, fresh.agents) && same(old.categories, fresh.categories);
}

/** `clients/<client>/<file>` paths in a category package. */
async function categoryClientPaths(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const client of CLIENTS) {
    for (const file of await readdir(join(dir, 'clients', client.id)).catch(() => [] as string[])) paths.push(`clients/${client.id}/${file}`);
  }
  return paths;
}

async function changedFiles(root: string, files: Map<string, string>): Promise<string[]> {
  const changed: string[] = [];
  for (const [path, content] of files) {
    if ((await readFile(join(root, path), 'utf8').catch(() => undefined)) !== content) changed.push(path);
  }
  return changed;
}

/** Generated plugin folders whose agent is gone. */
async function stalePlugins(root: string, names: Set<string>): Promise<string[]> {
  const entries = await readdir(join(root, PLUGINS_DIR), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && !names.has(entry.name)).map((entry) => `${PLUGINS_DIR}/${entry.name}`);
}

/**
 * Makes `copy` a hard link to `source`, a generated file, unless it already holds the same: a copy then
 * costs a directory entry, not a file of its own (making files is most of a cold build at 5,000 agents,
 * and more than a third of them are copies: of members' files in their category, of the licence).
 * Rewriting `source` in place rewrites the copy with it; packing copies every file (release's pack.ts),
 * so no tarball holds a link. Where links are refused, a copy.
 */
function linkIfChanged(source: string, copy: string): boolean {
  const existing = statSync(copy, { throwIfNoEntry: false });
  if (existing !== undefined) {
    const original = statSync(source);
    if (existing.ino === original.ino && existing.dev === original.dev) return false;
    if (readFileSync(copy, 'utf8') === readFileSync(source, 'utf8')) return false;
    rmSync(copy);
  }
  try {
    linkSync(source, copy);
  } catch (problem) {
    if ((problem as NodeJS.ErrnoException).code !== 'ENOENT') {
      copyFileSync(source, copy);
      return true;
    }
    mkdirSync(dirname(copy), { recursive: true });
    linkSync(source, copy);
  }
  return true;
}

/**
 * Writes a generated file unless it already holds `content`, synchronously and not through a temporary
 * file (at 5,000 agents, most of a cold build was spent waiting on the thread pool). A build stopped
 * halfway leaves a file half written, but not its hash in the build cache: the next build writes it again.
 */
function writeIfChanged(path: string, content: string): boolean {
  // Asked first, since a read of a missing file throws, and a cold build would throw 95,000 times at 5,000 agents.
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  writeGenerated(path, content);
  return true;
}
