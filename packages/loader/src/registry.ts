import { join } from 'node:path';
import {
  AGENT_FILE,
  type Agent,
  agentDir,
  CATEGORIES,
  contextCost,
  packageName,
  SKILL_PACKAGE_PREFIX,
  SKILLS_DIR,
  scaffoldPlaceholderAt,
} from '@agents/schema';
import { type AgentFolder, type FoundFolder, findAgentFolders } from './agent-folders.js';
import { byPosition, type Diagnostic, error, hasErrors, LineIndex, type Position, START } from './diagnostic.js';
import { type LoadedAgent, loadAgentFile } from './load.js';
import { type PackageManifest, packageRules, readManifest, skillDependencies } from './package-rules.js';
import type { CachedSkillParse, ParseCache } from './parse-cache.js';
import { registrySettings } from './registry-settings.js';
import { type RegistrySkill, registrySkills } from './registry-skills.js';
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
  /** The regular files of its folder when the registry was read (relative paths, with `/`). */
  files: ReadonlySet<string>;
}

export interface Registry {
  root: string;
  /** The scope its agents and categories are published under: `agents.scope` of the root package.json, `@agents` by default. */
  scope: string;
  /** Agents with no error in their definition or their package. */
  agents: RegistryAgent[];
  /** Skills (`skills/<name>/`) with no error in their files or their package. */
  skills: RegistrySkill[];
  /** One report per agent file, and one per package.json that has findings. */
  reports: FileReport[];
  /** Agent folders that hold only what the build generates (another branch's agent, say): `agents build` removes them. */
  stale: string[];
}

/** What `agents build` writes into an agent folder, all git-ignored: a folder of nothing else has no agent. */
/** What the build writes into an agent folder (and tools leave there): never a source of the package. */
export const GENERATED_IN_AGENT_FOLDER: ReadonlySet<string> = new Set(['dist', 'agent.json', 'clients', 'README.md', 'LICENSE', 'node_modules', '.turbo']);

interface Candidate extends AgentFolder {
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
export async function loadRegistry(root: string, options: { parseCache?: ParseCache; skillParseCache?: ParseCache<CachedSkillParse> } = {}): Promise<Registry> {
  const settings = registrySettings(root);
  const { scope } = settings;
  const [found, reserved] = await Promise.all([findAgentFolders(root), reservedNames(root, scope)]);
  // Agent files and skills are read while the package folders are walked; a folder the walk refuses is then left out.
  const read = await Promise.all(found.candidates.map((folder) => loadCandidate(folder, scope, options.parseCache)));
  const skillSet = await registrySkills(root, scope, options.skillParseCache);
  const checked = await found.checked;
  const refusals = [...found.refusals, ...checked.refusals];
  const walked = read.flatMap((candidate) => {
    const folder = checked.folders.get(candidate.dir);
    return folder === undefined ? [] : [{ ...candidate, ...folder }];
  });
  const stale = walked.filter(isStale);
  const candidates = walked.filter((folder) => !stale.includes(folder));
  const byName = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const name = candidate.loaded.agent?.name ?? candidate.folder;
    byName.set(name, [...(byName.get(name) ?? []), candidate]);
  }

  const agents: RegistryAgent[] = [];
  const reports: FileReport[] = [...refusals, ...stale.map(staleReport), ...skillSet.reports];
  if (settings.diagnostics.length > 0) reports.push({ path: join(root, 'package.json'), name: null, diagnostics: settings.diagnostics });
  for (const candidate of candidates) {
    const { loaded, folder, category } = candidate;
    const diagnostics = [
      ...loaded.diagnostics.filter((diagnostic) => diagnostic.code !== 'unknown-category').map(escalate),
      ...registryRules(candidate, byName, reserved),
      ...skillRules(candidate, skillSet.names),
      ...budgetRule(candidate, settings.contextBudget),
    ];
    diagnostics.sort(byPosition);
    const name = loaded.agent?.name ?? folder;
    reports.push({ path: loaded.path, name, diagnostics });
    if (candidate.manifestDiagnostics.length > 0) {
      reports.push({ path: candidate.manifestPath, name, diagnostics: candidate.manifestDiagnostics.sort(byPosition) });
    }
    if (loaded.agent && loaded.text !== undefined && candidate.manifest && !hasErrors(diagnostics) && !hasErrors(candidate.manifestDiagnostics)) {
      agents.push({ name, category, dir: candidate.dir, agent: loaded.agent, markdown: loaded.text, manifest: candidate.manifest, files: candidate.files });
    }
  }
  return { root, scope, agents, skills: skillSet.skills, reports, stale: stale.map((folder) => folder.dir) };
}

/** An agent folder with files, all of them generated: what a branch switch leaves of an agent that git no longer has. */
function isStale({ top }: AgentFolder): boolean {
  return top.length > 0 && top.every((name) => GENERATED_IN_AGENT_FOLDER.has(name));
}

function staleReport(folder: AgentFolder): FileReport {
  const message = `${agentDir(folder.category, folder.folder)}/ holds only generated files (${[...folder.top]
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

async function loadCandidate(folder: FoundFolder, scope: string, parseCache: ParseCache | undefined): Promise<Omit<Candidate, 'top' | 'files'>> {
  const manifestPath = join(folder.dir, 'package.json');
  const [loaded, manifest] = await Promise.all([loadAgentFile(join(folder.dir, AGENT_FILE), parseCache, { noFollow: true }), readManifest(manifestPath)]);
  const manifestDiagnostics = manifest.diagnostics;
  if (manifest.value) {
    const dependencies = skillDependencies(scope, loaded.agent?.skills);
    manifestDiagnostics.push(...packageRules(manifest.value, packageName(scope, folder.folder), manifest.locate, dependencies));
  }
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

/**
 * An agent and the skills it names: each a skill of the registry (`skills/<name>/`), so that its package can
 * depend on it; its own name neither a skill's (one name, one thing) nor `skill-…` (a skill package's prefix).
 */
function skillRules({ loaded }: Candidate, skillNames: ReadonlySet<string>): Diagnostic[] {
  const agent = loaded.agent;
  if (!agent) return [];
  const diagnostics: Diagnostic[] = [];
  if (agent.name.startsWith(SKILL_PACKAGE_PREFIX)) {
    const message = `an agent's name may not start with "${SKILL_PACKAGE_PREFIX}": <scope>/${SKILL_PACKAGE_PREFIX}<name> is a skill's package`;
    diagnostics.push(error('reserved-name', message, loaded.locate(['name'])));
  }
  if (skillNames.has(agent.name)) {
    const message = `the name "${agent.name}" is also a skill's (${SKILLS_DIR}/${agent.name}/): an agent and a skill never share a name`;
    diagnostics.push(error('duplicate-name', message, loaded.locate(['name'])));
  }
  agent.skills?.forEach((skill, index) => {
    if (skillNames.has(skill)) return;
    const message = `"${skill}" is not a skill of the registry (${SKILLS_DIR}/<name>/): add it there, or remove it from "skills"`;
    // An item of a YAML list at its line; a comma-separated string at the key.
    diagnostics.push(error('unknown-skill', message, loaded.locate(['skills', index])));
  });
  return diagnostics;
}

function budgetRule({ loaded }: Candidate, budget: number | undefined): Diagnostic[] {
  if (budget === undefined || loaded.agent === undefined) return [];
  const tokens = contextCost(loaded.agent);
  if (tokens <= budget) return [];
  const message = `the name and description take ~${tokens} tokens of every session where the agent is installed, over the registry's budget of ${budget} (package.json "agents.contextBudget"): say when to use it in fewer words, and move examples into the prompt`;
  return [{ severity: 'warning', code: 'context-cost', message, ...loaded.locate(['description']) }];
}
