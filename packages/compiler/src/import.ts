import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { type Diagnostic, loadRegistry, loadSkillFolder, nameCheck, parseAgent, readAgentText } from '@agents/loader';
import { agentDir, CATEGORIES, type Category, type DiagnosticCode, HIDDEN_TEXT_CODES, SKILL_FILE, skillDir } from '@agents/schema';
import { applyPlan, planAddition, registryState, type SkillAddition } from './addition.js';
import { repairAgentText, withFrontmatterValue } from './repair.js';

/** Where an imported agent came from: kept in its package.json (`agents.source`) for credit and licence. */
export interface AgentSource {
  /** The file's path in its git repository, or as given when it is in none. */
  path: string;
  /** The repository's `origin` remote, when the file is in a git repository that has one. */
  repository?: string;
  commit?: string;
}

export type ImportOutcome = 'imported' | 'fixed' | 'refused';

export interface ImportedFile {
  /** An agent file, or a skill's folder (a folder with a SKILL.md, imported whole). */
  kind: 'agent' | 'skill';
  /** The file (a skill: its folder, ending in `/`), relative to the folder the import ran in. */
  file: string;
  outcome: ImportOutcome;
  name?: string;
  category?: Category;
  /** Where the category comes from: `--category`, its category field, or a folder (named). */
  categoryFrom?: string;
  /** The repairs made (outcome fixed). */
  fixes: string[];
  /** Why the file is not imported (outcome refused). */
  reasons: string[];
  /** What the gate says of the file: its errors when refused, its warnings otherwise; for a skill, each in one of its files (`file`, in its folder). */
  diagnostics: (Diagnostic & { file?: string })[];
  source: AgentSource;
  /** Where the package is (or would be) created: `agents/<category>/<name>/`, or `skills/<name>/`. */
  folder?: string;
}

export interface ImportResult {
  files: ImportedFile[];
  /** The changeset written (or that would be), relative to the registry; none when nothing is imported. */
  changeset?: string;
}

export interface ImportOptions {
  category?: Category;
  dryRun?: boolean;
  /** Paths in the result are relative to it. */
  cwd?: string;
  /** Called after each file is read and checked. */
  progress?: (done: number, total: number) => void;
}

/** Findings that are never repaired and never imported: hidden text, and what the registry refuses to publish. */
const REFUSED_FINDINGS: ReadonlySet<DiagnosticCode> = new Set([...HIDDEN_TEXT_CODES, 'bypass-permissions']);

/** Words of folder and category names, and the registry category each one means. */
const CATEGORY_WORDS: Readonly<Record<string, Category>> = {
  ...Object.fromEntries(CATEGORIES.map((category) => [category, category])),
  dev: 'development',
  programming: 'development',
  languages: 'development',
  language: 'development',
  web: 'development',
  frontend: 'development',
  backend: 'development',
  mobile: 'development',
  api: 'development',
  devops: 'infrastructure',
  infra: 'infrastructure',
  cloud: 'infrastructure',
  kubernetes: 'infrastructure',
  deployment: 'infrastructure',
  architect: 'architecture',
  ui: 'design',
  ux: 'design',
  testing: 'quality',
  qa: 'quality',
  test: 'quality',
  review: 'quality',
  data: 'analysis',
  ai: 'analysis',
  ml: 'analysis',
  research: 'analysis',
  business: 'analysis',
  database: 'development',
  documentation: 'development',
  git: 'development',
  javascript: 'development',
  typescript: 'development',
  dotnet: 'development',
  shell: 'development',
  scripting: 'development',
  migration: 'development',
  migrations: 'development',
  modernization: 'development',
  stack: 'development',
  apps: 'development',
  mcp: 'development',
  blockchain: 'development',
  payment: 'development',
  dependency: 'development',
  cicd: 'infrastructure',
  orchestration: 'architecture',
  accessibility: 'design',
  debugging: 'quality',
  error: 'quality',
  refactoring: 'quality',
  cleanup: 'quality',
  tdd: 'quality',
  performance: 'quality',
  compliance: 'security',
  reverse: 'security',
  llm: 'analysis',
  finance: 'analysis',
  trading: 'analysis',
  seo: 'analysis',
  marketing: 'analysis',
  ops: 'operations',
  incident: 'operations',
  monitoring: 'operations',
  observability: 'operations',
  sre: 'operations',
};

/** The category a name means: its first word that names one (`devops-infrastructure` → infrastructure), or none. */
export const categoryOf = (name: string): Category | undefined =>
  name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .map((word) => CATEGORY_WORDS[word])
    .find((category) => category !== undefined);

/**
 * Markdown files under the paths (or the files themselves), and skills: each folder that holds a SKILL.md
 * (`.claude/skills/<name>/`, `skills/<name>/`, `.agents/skills/<name>/`), whose files are the skill's and
 * no agent's. Sorted, skipping node_modules and .git.
 */
function importSources(paths: readonly string[]): { agents: { file: string; root: string }[]; skills: { dir: string; root: string }[] } {
  const agents: { file: string; root: string }[] = [];
  const skills: { dir: string; root: string }[] = [];
  const isSkill = (dir: string) => existsSync(join(dir, SKILL_FILE)) && statSync(join(dir, SKILL_FILE)).isFile();
  const walk = (dir: string, root: string) => {
    if (isSkill(dir)) {
      skills.push({ dir, root });
      return;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      // Agents live in dot-folders too (.claude/agents/); version control and dependencies hold none.
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, root);
      else if (entry.isFile() && entry.name.endsWith('.md')) agents.push({ file: path, root });
    }
  };
  for (const path of paths) {
    const absolute = resolve(path);
    if (statSync(absolute).isDirectory()) walk(absolute, absolute);
    else if (basename(absolute) === SKILL_FILE) skills.push({ dir: dirname(absolute), root: dirname(dirname(absolute)) });
    else agents.push({ file: absolute, root: dirname(absolute) });
  }
  return { agents: agents.sort((a, b) => a.file.localeCompare(b.file)), skills: skills.sort((a, b) => a.dir.localeCompare(b.dir)) };
}

/** A file that is an agent definition, or an attempt at one: frontmatter first (after a BOM or blank lines). */
const looksLikeAgent = (text: string) => /^\uFEFF?\s*---/.test(text);

const git = (cwd: string, args: string[]) => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** A remote's URL without the user name and password it may hold (https://user:token@host/…): they would be published. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Not a URL: an scp-like address (git@host:org/repo.git) names a user, never a secret.
    return url;
  }
}

/** Where the files under one given path come from: their git repository, its remote and commit, asked once. */
function sourceOf(root: string, cwd: string): (file: string) => AgentSource {
  const top = git(root, ['rev-parse', '--show-toplevel']);
  if (top === undefined) return (file) => ({ path: relative(cwd, file).split(sep).join('/') });
  const remote = git(top, ['config', '--get', 'remote.origin.url']);
  const repository = remote === undefined ? undefined : withoutCredentials(remote);
  const commit = git(top, ['rev-parse', 'HEAD']);
  return (file) => ({ path: relative(top, file).split(sep).join('/'), ...(repository && { repository }), ...(commit && { commit }) });
}

/**
 * Imports agent files into the registry at `root`: finds them under `paths`, repairs what can be repaired
 * without changing meaning, and creates a package for each (as `agents new` does) with one changeset
 * announcing them all. A file is refused, with its reasons, when the gate finds an error or hidden text in
 * it, when it has no category, or when its name is invalid, reserved, taken or shared with another file of
 * the import. With `dryRun`, nothing is written.
 */
export async function importAgents(root: string, paths: readonly string[], options: ImportOptions = {}): Promise<ImportResult> {
  const cwd = options.cwd ?? process.cwd();
  // One reading of the registry, for the names it takes and for the packages the import adds to.
  const registry = await loadRegistry(root);
  const refusalOf = await nameCheck(root, registry, cwd);
  const { agents: found, skills: skillFolders } = importSources(paths);
  const sources = new Map<string, (file: string) => AgentSource>();
  const sourceFor = (given: string, path: string) => {
    if (!sources.has(given)) sources.set(given, sourceOf(given, cwd));
    return sources.get(given)!(path);
  };
  /** Each file's entry, and for an accepted one the text, description and skills its package is made of. */
  const planned: (ImportedFile & { text?: string; description?: string; skills?: readonly string[] })[] = [];
  const skills = await Promise.all(skillFolders.map(({ dir, root: given }) => importSkill(dir, sourceFor(given, dir), cwd)));
  planned.push(...skills.map(({ entry }) => entry));
  for (const { entry } of skills) {
    const refusal = entry.name === undefined || entry.reasons.length > 0 ? undefined : refusalOf(entry.name);
    if (refusal !== undefined) entry.reasons.push(refusal.message);
  }

  for (const [index, { file, root: given }] of found.entries()) {
    // Read with the loader's limits: a named pipe or a device is refused, not read until it ends.
    const decoded = await readAgentText(file);
    options.progress?.(index + 1, found.length);
    // A Markdown file without frontmatter (a README, notes) is not an agent: not part of the import.
    if ('text' in decoded && !looksLikeAgent(decoded.text)) continue;
    const entry: ImportedFile & { text?: string; description?: string; skills?: readonly string[] } = {
      kind: 'agent',
      file: relative(cwd, file) || basename(file),
      outcome: 'refused',
      fixes: [],
      reasons: [],
      diagnostics: [],
      source: sourceFor(given, file),
    };
    planned.push(entry);
    if ('diagnostic' in decoded) {
      entry.diagnostics = [decoded.diagnostic];
      entry.reasons.push('not a text agent definition');
      continue;
    }
    const repaired = repairAgentText(decoded.text);
    entry.fixes = repaired.fixes;
    const parsed = parseAgent(repaired.text);
    const errors = parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error' || REFUSED_FINDINGS.has(diagnostic.code));
    if (parsed.agent !== undefined) entry.name = parsed.agent.name;
    if (parsed.agent === undefined || errors.length > 0) {
      entry.diagnostics = errors;
      entry.reasons.push(
        errors.some((diagnostic) => REFUSED_FINDINGS.has(diagnostic.code))
          ? 'the gate finds hidden text or a setting the registry refuses: never repaired by an import'
          : 'the gate finds errors that no repair without a change of meaning fixes',
      );
      continue;
    }
    const { agent } = parsed;
    entry.diagnostics = parsed.diagnostics;
    const fromField = agent.category === undefined ? undefined : categoryOf(agent.category);
    const folder = fromField === undefined && options.category === undefined ? folderCategory(file, given) : undefined;
    const category = options.category ?? fromField ?? folder?.category;
    if (category === undefined) {
      entry.reasons.push(`no category: its category field and folders name none of ${CATEGORIES.join(', ')}; give one with --category`);
      continue;
    }
    entry.category = category;
    entry.categoryFrom =
      options.category !== undefined ? '--category' : fromField !== undefined ? `its category field (${agent.category})` : `its folder ${folder!.name}`;
    // The registry's category goes into the frontmatter, as its rules ask: not a repair, said by categoryFrom.
    entry.text = agent.category === category ? repaired.text : withFrontmatterValue(repaired.text, 'category', category);
    entry.description = agent.description;
    entry.skills = agent.skills;
    entry.folder = agentDir(category, agent.name);
    const refusal = refusalOf(agent.name);
    if (refusal !== undefined) entry.reasons.push(refusal.message);
  }
  // Two files of one import with one name: neither is chosen over the other.
  const byName = new Map<string, string[]>();
  for (const entry of planned)
    if (entry.name !== undefined && entry.reasons.length === 0) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry.file]);
  for (const entry of planned) {
    const sharing = entry.name === undefined ? [] : (byName.get(entry.name) ?? []).filter((other) => other !== entry.file);
    if (entry.reasons.length === 0 && sharing.length > 0) entry.reasons.push(`"${entry.name}" is also the name of ${sharing.join(', ')} in this import`);
  }
  // An agent's skills must be the registry's or this import's: its package depends on theirs.
  const importedSkills = new Set(planned.filter((entry) => entry.kind === 'skill' && entry.reasons.length === 0).map((entry) => entry.name!));
  const registrySkills = new Set(registry.skills.map((skill) => skill.name));
  for (const entry of planned) {
    if (entry.kind !== 'agent' || entry.reasons.length > 0) continue;
    const missing = [...new Set(entry.skills ?? [])].filter((skill) => !importedSkills.has(skill) && !registrySkills.has(skill));
    if (missing.length > 0)
      entry.reasons.push(`names the skill${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, in neither the registry nor this import`);
  }
  for (const entry of planned) {
    entry.outcome = entry.reasons.length > 0 ? 'refused' : entry.fixes.length > 0 ? 'fixed' : 'imported';
    if (entry.outcome === 'refused') delete entry.folder;
  }

  const accepted = planned.filter((entry) => entry.outcome !== 'refused');
  const files = planned.map(({ text: _text, description: _description, skills: _skills, ...entry }) => entry);
  if (accepted.length === 0) return { files };
  const changeset = `.changeset/import-${accepted[0]!.name}${accepted.length > 1 ? `-and-${accepted.length - 1}-more` : ''}.md`;
  if (options.dryRun) return { files, changeset };

  const additions = accepted
    .filter((entry) => entry.kind === 'agent')
    .map((entry) => ({
      name: entry.name!,
      category: entry.category!,
      text: entry.text!,
      description: entry.description!,
      source: entry.source,
      ...(entry.skills !== undefined && { skills: entry.skills }),
    }));
  const skillAdditions = skills.filter(({ entry }) => entry.outcome !== 'refused').map(({ addition }) => addition!);
  const names = accepted.map((entry) => entry.name!);
  const summary = `Import ${names.length === 1 ? names[0] : `${names.length} ${additions.length === 0 ? 'skills' : skillAdditions.length === 0 ? 'agents' : 'agents and skills'}: ${names.join(', ')}`}.`;
  const state = await registryState(root, registry, [...new Set(additions.map((agent) => agent.category))]);
  await applyPlan(root, planAddition(state, additions, { path: changeset, summary }, skillAdditions));
  return { files, changeset };
}

/**
 * A skill's folder as the gate reads it (loadSkillFolder: SKILL.md, hidden text, links, sizes, what can run),
 * imported whole and verbatim when it has no error: its entry, and what its package is made of.
 */
async function importSkill(
  dir: string,
  source: AgentSource,
  cwd: string,
): Promise<{ entry: ImportedFile & { text?: string; description?: string }; addition?: SkillAddition }> {
  const loaded = await loadSkillFolder(dir);
  const entry: ImportedFile & { text?: string; description?: string } = {
    kind: 'skill',
    file: `${relative(cwd, dir) || basename(dir)}/`,
    outcome: 'refused',
    fixes: [],
    reasons: [],
    diagnostics: [],
    source,
  };
  const findings = loaded.reports.flatMap((report) =>
    report.diagnostics.map((diagnostic) => ({ ...diagnostic, file: relative(dir, report.path).split(sep).join('/') || SKILL_FILE })),
  );
  const errors = findings.filter((diagnostic) => diagnostic.severity === 'error' || REFUSED_FINDINGS.has(diagnostic.code));
  entry.name = loaded.skill?.name ?? basename(dir);
  if (loaded.skill === undefined || errors.length > 0 || loaded.text === undefined) {
    entry.diagnostics = errors;
    entry.reasons.push('the gate finds errors or hidden text in the skill: a skill is imported whole, as written, or not at all');
    return { entry };
  }
  entry.diagnostics = findings;
  entry.folder = skillDir(loaded.skill.name);
  const files = new Map(await Promise.all(loaded.files.map(async (file) => [file.path, await readFile(join(dir, file.path))] as const)));
  return {
    entry,
    addition: { name: loaded.skill.name, text: loaded.text, description: loaded.skill.description, files, source },
  };
}

/** The nearest folder, between the file and the path it was found under, whose name means a category. */
function folderCategory(file: string, root: string): { category: Category; name: string } | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const category = categoryOf(basename(dir));
    if (category !== undefined) return { category, name: basename(dir) };
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}
