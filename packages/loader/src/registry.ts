import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGENT_FILE,
  AGENT_PACKAGE_ENTRY,
  AGENT_PACKAGE_EXPORTS,
  AGENT_PACKAGE_FILES,
  type Agent,
  agentDir,
  CATEGORIES,
  contextCost,
  type DiagnosticCode,
  INSTALL_SCRIPTS,
  packageName,
  RUNTIME_DEPENDENCY_FIELDS,
  SEMVER_PATTERN,
  scaffoldPlaceholderAt,
} from '@agents/schema';
import { type AgentFolder, agentFolders, listFolder } from './agent-folders.js';
import { byPosition, type Diagnostic, error, hasErrors, LineIndex, type Position, START } from './diagnostic.js';
import { type LoadedAgent, loadAgentFile } from './load.js';
import type { ParseCache } from './parse-cache.js';
import { registrySettings } from './registry-settings.js';
import { type Reservation, reservedNames } from './workspace.js';

/** Findings about one file, as `agents validate` reports them. */
export interface FileReport {
  /** Absolute path of the file. */
  path: string;
  /** The agent the file belongs to, when known. */
  name: string | null;
  diagnostics: Diagnostic[];
}

/** An agent package of the registry whose files have no error. */
export interface RegistryAgent {
  name: string;
  category: string;
  /** Absolute path of `agents/<category>/<name>/`. */
  dir: string;
  agent: Agent;
  /** `agent.md`, verbatim. */
  markdown: string;
  manifest: PackageManifest;
}

export interface PackageManifest {
  name?: unknown;
  version?: unknown;
  [key: string]: unknown;
}

export interface Registry {
  root: string;
  /** The scope its agents and categories are published under: `agents.scope` of the root package.json, `@agents` by default. */
  scope: string;
  /** Agents with no error in their definition or their package. */
  agents: RegistryAgent[];
  /** One report per agent file, and one per package.json that has findings. */
  reports: FileReport[];
  /** Agent folders that hold only what the build generates (another branch's agent, say): `agents build` removes them. */
  stale: string[];
}

/** What `agents build` writes into an agent folder, all git-ignored: a folder of nothing else has no agent. */
/** What the build writes into an agent folder (and tools leave there): never a source of the package. */
export const GENERATED_IN_AGENT_FOLDER: ReadonlySet<string> = new Set(['dist', 'agent.json', 'clients', 'README.md', 'LICENSE', 'node_modules', '.turbo']);

interface Candidate {
  category: string;
  folder: string;
  dir: string;
  loaded: LoadedAgent;
  manifestPath: string;
  manifest: PackageManifest | undefined;
  manifestDiagnostics: Diagnostic[];
}

/**
 * Discovers `agents/<category>/<name>/` under `root`, validates each agent
 * file and package.json, and applies the registry's rules: folder = name =
 * package name, folder category = `category`, names unique and not Claude
 * Code's own. Never throws for anything found on disk.
 */
export async function loadRegistry(root: string, options: { parseCache?: ParseCache } = {}): Promise<Registry> {
  const settings = registrySettings(root);
  const { scope } = settings;
  const [{ folders: found, refusals }, reserved] = await Promise.all([agentFolders(root), reservedNames(root, scope)]);
  const stale = found.filter((folder) => isStale(folder.dir));
  const folders = found.filter((folder) => !stale.includes(folder));
  const candidates = await Promise.all(folders.map((folder) => loadCandidate(folder, scope, options.parseCache)));
  const byName = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const name = candidate.loaded.agent?.name ?? candidate.folder;
    byName.set(name, [...(byName.get(name) ?? []), candidate]);
  }

  const agents: RegistryAgent[] = [];
  const reports: FileReport[] = [...refusals, ...stale.map(staleReport)];
  if (settings.diagnostics.length > 0) reports.push({ path: join(root, 'package.json'), name: null, diagnostics: settings.diagnostics });
  for (const candidate of candidates) {
    const { loaded, folder, category } = candidate;
    const diagnostics = [
      ...loaded.diagnostics.filter((diagnostic) => diagnostic.code !== 'unknown-category').map(escalate),
      ...registryRules(candidate, byName, reserved),
      ...budgetRule(candidate, settings.contextBudget),
    ];
    diagnostics.sort(byPosition);
    const name = loaded.agent?.name ?? folder;
    reports.push({ path: loaded.path, name, diagnostics });
    if (candidate.manifestDiagnostics.length > 0) {
      reports.push({ path: candidate.manifestPath, name, diagnostics: candidate.manifestDiagnostics.sort(byPosition) });
    }
    if (loaded.agent && loaded.text !== undefined && candidate.manifest && !hasErrors(diagnostics) && !hasErrors(candidate.manifestDiagnostics)) {
      agents.push({ name, category, dir: candidate.dir, agent: loaded.agent, markdown: loaded.text, manifest: candidate.manifest });
    }
  }
  return { root, scope, agents, reports, stale: stale.map((folder) => folder.dir) };
}

/** An agent folder with files, all of them generated: what a branch switch leaves of an agent that git no longer has. */
function isStale(dir: string): boolean {
  const entries = listFolder(dir);
  return entries.length > 0 && entries.every((entry) => GENERATED_IN_AGENT_FOLDER.has(entry.name));
}

function staleReport(folder: AgentFolder): FileReport {
  const message = `${agentDir(folder.category, folder.folder)}/ holds only generated files (${listFolder(folder.dir)
    .map((entry) => entry.name)
    .sort()
    .join(', ')}), left by another branch: "agents build" removes it`;
  return { path: folder.dir, name: null, diagnostics: [{ severity: 'warning', code: 'stale-folder', message, line: 1, column: 1 }] };
}

/** Warnings of the file rules that the registry refuses to publish. */
const REGISTRY_ERRORS = new Set(['bypass-permissions']);

function escalate(diagnostic: Diagnostic): Diagnostic {
  return REGISTRY_ERRORS.has(diagnostic.code)
    ? { ...diagnostic, severity: 'error', message: `${diagnostic.message} (not allowed in the registry)` }
    : diagnostic;
}

async function loadCandidate(folder: AgentFolder, scope: string, parseCache: ParseCache | undefined): Promise<Candidate> {
  const manifestPath = join(folder.dir, 'package.json');
  const [loaded, manifest] = await Promise.all([loadAgentFile(join(folder.dir, AGENT_FILE), parseCache), readManifest(manifestPath)]);
  const manifestDiagnostics = manifest.diagnostics;
  if (manifest.value) manifestDiagnostics.push(...packageRules(manifest.value, packageName(scope, folder.folder), manifest.locate));
  return { ...folder, loaded, manifestPath, manifest: manifest.value, manifestDiagnostics };
}

function registryRules(candidate: Candidate, byName: Map<string, Candidate[]>, reserved: Map<string, Reservation>): Diagnostic[] {
  const { loaded, folder, category } = candidate;
  const agent = loaded.agent;
  const at = (key: string): Position => loaded.locate([key]);
  const diagnostics: Diagnostic[] = [];
  if (!(CATEGORIES as readonly string[]).includes(category)) {
    diagnostics.push(
      error('unknown-category', `the folder agents/${category}/ is not a registry category (${CATEGORIES.join(', ')})`, agent ? at('category') : START),
    );
  }
  if (!agent) return diagnostics;
  if (agent.name !== folder) {
    diagnostics.push(error('name-mismatch', `name "${agent.name}" must equal its folder name "${folder}" (agents/${category}/${agent.name}/)`, at('name')));
  }
  if (agent.category === undefined) {
    diagnostics.push(error('missing-category', `"category" is required in the registry: add "category: ${category}"`, START));
  } else if (agent.category !== category) {
    diagnostics.push(error('category-mismatch', `category "${agent.category}" must equal its folder's category "${category}"`, at('category')));
  }
  const reservation = reserved.get(agent.name);
  if (reservation) diagnostics.push(error(reservation.code, reservation.message, at('name')));
  const placeholder = loaded.text === undefined ? undefined : scaffoldPlaceholderAt(loaded.text);
  if (placeholder !== undefined) {
    const message = "still holds the placeholder text of `agents new`: write the agent's description and prompt before it is published";
    diagnostics.push(error('scaffold-placeholder', message, new LineIndex(loaded.text!).position(placeholder)));
  }
  const others = (byName.get(agent.name) ?? []).filter((other) => other !== candidate);
  if (others.length > 0) {
    const where = others.map((other) => `${agentDir(other.category, other.folder)}/`).join(', ');
    diagnostics.push(error('duplicate-name', `the name "${agent.name}" is also used by ${where}: names must be unique in the registry`, at('name')));
  }
  return diagnostics;
}

function budgetRule({ loaded }: Candidate, budget: number | undefined): Diagnostic[] {
  if (budget === undefined || loaded.agent === undefined) return [];
  const tokens = contextCost(loaded.agent);
  if (tokens <= budget) return [];
  const message = `the name and description take ~${tokens} tokens of every session where the agent is installed, over the registry's budget of ${budget} (package.json "agents.contextBudget"): say when to use it in fewer words, and move examples into the prompt`;
  return [{ severity: 'warning', code: 'context-cost', message, ...loaded.locate(['description']) }];
}

interface ReadManifest {
  value: PackageManifest | undefined;
  diagnostics: Diagnostic[];
  locate(key: string): Position;
}

async function readManifest(path: string): Promise<ReadManifest> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { value: undefined, diagnostics: [error('package-json', 'the agent folder has no package.json')], locate: () => START };
  }
  const lines = new LineIndex(text);
  const locate = (key: string): Position => {
    const match = new RegExp(`^\\s*"${key}"\\s*:`, 'm').exec(text);
    return match ? lines.position(match.index + match[0].indexOf('"')) : START;
  };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { value: undefined, diagnostics: [error('package-json', 'package.json must hold a JSON object')], locate };
    }
    return { value: value as PackageManifest, diagnostics: [], locate };
  } catch (problem) {
    return { value: undefined, diagnostics: [error('package-json', `package.json is not valid JSON: ${(problem as Error).message}`)], locate };
  }
}

/** The rules a published agent package must follow: its name, its files, its exports, no runtime dependencies. */
export function packageRules(manifest: PackageManifest, expectedName: string, locate: (key: string) => Position): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, key: string, message: string) => diagnostics.push(error(code, message, locate(key)));
  if (manifest.name !== expectedName) fail('package-name', 'name', `package name must be "${expectedName}", found ${JSON.stringify(manifest.name)}`);
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version)) {
    fail('package-version', 'version', `"version" must be a semver version such as "0.0.0", found ${JSON.stringify(manifest.version)}`);
  }
  if (manifest.private === true) fail('package-private', 'private', 'an agent package must not be private: it is published');
  if (typeof manifest.license !== 'string' || manifest.license.trim() === '') fail('package-license', 'license', '"license" is required (e.g. "MIT")');
  if (manifest.type !== 'module') fail('package-type', 'type', '"type" must be "module"');
  const files = Array.isArray(manifest.files) ? [...manifest.files].map(String).sort() : undefined;
  if (files === undefined || files.join() !== [...AGENT_PACKAGE_FILES].sort().join()) {
    fail('package-files', 'files', `"files" must be exactly ${JSON.stringify(AGENT_PACKAGE_FILES)}, so the package ships nothing else`);
  }
  const exportsProblem = checkExports(manifest.exports);
  if (exportsProblem) fail('package-exports', 'exports', exportsProblem);
  const access = (manifest.publishConfig as { access?: unknown } | undefined)?.access;
  if (access !== 'public') fail('package-access', 'publishConfig', '"publishConfig": { "access": "public" } is required for a scoped package');
  for (const field of RUNTIME_DEPENDENCY_FIELDS) {
    const value = manifest[field];
    const count = Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
    if (count > 0) fail('package-dependencies', field, `an agent package has no runtime dependencies: remove "${field}"`);
  }
  const scripts = (manifest.scripts ?? {}) as Record<string, unknown>;
  for (const script of INSTALL_SCRIPTS) {
    if (script in scripts) fail('package-scripts', 'scripts', `an agent package runs nothing on install: remove the "${script}" script`);
  }
  return diagnostics;
}

function checkExports(exports: unknown): string | undefined {
  if (typeof exports !== 'object' || exports === null) return '"exports" is required';
  const map = exports as Record<string, unknown>;
  const root = map['.'] as Record<string, unknown> | undefined;
  if (root?.types !== AGENT_PACKAGE_ENTRY.types || root?.default !== AGENT_PACKAGE_ENTRY.default) {
    return `"exports"["."] must be { "types": "${AGENT_PACKAGE_ENTRY.types}", "default": "${AGENT_PACKAGE_ENTRY.default}" }`;
  }
  for (const [subpath, target] of Object.entries(AGENT_PACKAGE_EXPORTS)) {
    if (map[subpath] !== target) return `"exports" must map "${subpath}" to "${target}"`;
  }
  return undefined;
}
