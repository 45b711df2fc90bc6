import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { EXIT, formatReports, summarize } from '@agents/kit';
import {
  CATEGORY_PACKAGE_FOLDERS,
  type FileReport,
  findRegistryRoot,
  GENERATED_IN_AGENT_FOLDER,
  loadAgentFile,
  loadRegistry,
  loadSkillFolder,
  NO_REGISTRY,
  type Registry,
} from '@agents/loader';
import { AGENT_FILE, SKILL_FILE } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { formatFlag } from '../flags.js';
import { registryCompiler } from '../registry-compiler.js';

/** Markdown files in a folder that are documentation, not agents. */
const NOT_AGENTS = new Set(['README.md', 'CHANGELOG.md', 'LICENSE.md', 'CONTRIBUTING.md', 'SECURITY.md']);

export const validate = defineCommand({
  name: 'validate',
  summary: 'Check agent definitions and skills: the whole registry, or the files and folders given',
  usage: 'agents validate [paths…] [--format text|json|github]',
  description: `With no path, validates the registry of the current repository: every
agents/<category>/<name>/ with its agent.md and package.json, and the registry
rules (folder = name = package name, category, unique names). With paths,
validates those files and every .md file under those folders; files inside
the registry's agents/ folder get the registry rules too. A folder that holds
a SKILL.md is a skill (Agent Skills): its SKILL.md and every file it carries
are checked, and each file a client could run is said.`,
  options: {
    format: formatFlag(`text (default): path:line:col  severity  code  message
json: { files: [{ path, name, diagnostics }], summary }
github: workflow commands that annotate a pull request`),
  },
  positionals: z.array(z.string()),
  exitCodes: '0 no error (warnings allowed), 1 an error was found, 2 usage error.',
  examples: [
    'agents validate',
    'agents validate agents/development/data-platform-engineer',
    'agents validate ~/.claude/agents --format json',
    'agents validate .claude/skills/pdf-forms',
  ],
  async run({ format, positionals }, output) {
    const reports = positionals.length === 0 ? await validateRegistry(output.cwd) : await validatePaths(positionals, output.cwd);
    output.out(formatReports(reports, format, output));
    return summarize(reports).errors > 0 ? EXIT.failure : EXIT.ok;
  },
});

async function validateRegistry(cwd: string): Promise<FileReport[]> {
  const root = findRegistryRoot(cwd);
  if (root === undefined) {
    throw new CliError('no-registry', `${NO_REGISTRY}: name the files or folders to validate`);
  }
  return (await readRegistry(root)).reports;
}

/**
 * The registry at `root` as the gate reads it, keeping parses as the build does when the registry's compiler is
 * installed (the published CLI has none of its own): an unchanged file is not parsed again.
 */
async function readRegistry(root: string): Promise<Registry> {
  const compiler = await registryCompiler(root).then(
    ({ compiler }) => compiler,
    () => undefined,
  );
  return compiler === undefined ? loadRegistry(root) : compiler.loadRegistryKeepingParses(root);
}

async function validatePaths(paths: string[], cwd: string): Promise<FileReport[]> {
  const files = (await Promise.all(paths.map((path) => agentFilesAt(resolve(cwd, path), path)))).flat();
  const unique = [...new Set(files)];
  const registryReports = await registryReportsFor(unique);
  return Promise.all(
    unique.map(async (file): Promise<FileReport[]> => {
      const fromRegistry = registryReports.get(file);
      if (fromRegistry) return fromRegistry;
      if (basename(file) === SKILL_FILE) return skillReports(dirname(file));
      const loaded = await loadAgentFile(file);
      return [{ path: file, name: loaded.agent?.name ?? null, diagnostics: loaded.diagnostics }];
    }),
  ).then((groups) => groups.flat());
}

/** A skill's folder: its SKILL.md's findings first, then those of each file it carries (a file without findings is not listed). */
async function skillReports(dir: string): Promise<FileReport[]> {
  const loaded = await loadSkillFolder(dir);
  const name = loaded.skill?.name ?? basename(dir);
  const skillFile = join(dir, SKILL_FILE);
  const reports = loaded.reports.map((report) => ({ path: report.path, name, diagnostics: report.diagnostics }));
  return reports.some((report) => report.path === skillFile) ? reports : [{ path: skillFile, name, diagnostics: [] }, ...reports];
}

/** The agent files at a path, and for each skill folder there, its SKILL.md (which stands for the whole folder). */
async function agentFilesAt(path: string, given: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new CliError('usage', `${given}: no such file or folder`);
  }
  if (!info.isDirectory()) return [path];
  const files = await markdownFilesUnder(path);
  if (files.length === 0) throw new CliError('usage', `${given}: no .md files in this folder`);
  return files.sort();
}

async function markdownFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  // A skill's folder is read whole by loadSkillFolder: its other Markdown files are its references, not agents.
  if (entries.some((entry) => entry.name === SKILL_FILE && entry.isFile())) return [join(dir, SKILL_FILE)];
  const isAgentPackage = entries.some((entry) => entry.name === AGENT_FILE && entry.isFile());
  // agents/<category>/ is also the category's package: its folders of build outputs hold no Claude Code file.
  const isCategoryPackage = !isAgentPackage && basename(dirname(dir)) === 'agents' && entries.some((entry) => entry.name === 'package.json');
  const nested = await Promise.all(
    entries.map(async (entry) => {
      // Agents live in dot-folders too (.claude/agents/); version control and dependencies hold none.
      if (entry.name === '.git' || entry.name === 'node_modules') return [];
      // The build's outputs: the agent it writes for other clients (clients/) is no Claude Code file.
      if (isAgentPackage && entry.isDirectory() && GENERATED_IN_AGENT_FOLDER.has(entry.name)) return [];
      if (isCategoryPackage && entry.isDirectory() && CATEGORY_PACKAGE_FOLDERS.has(entry.name)) return [];
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return markdownFilesUnder(path);
      return entry.name.endsWith('.md') && !NOT_AGENTS.has(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * For files that are `agents/<category>/<name>/agent.md` of a registry, the
 * registry's reports (file and registry rules, and the package.json's), so
 * that names are checked for uniqueness against the whole registry.
 */
async function registryReportsFor(files: string[]): Promise<Map<string, FileReport[]>> {
  const rootOf = new Map<string, string | undefined>();
  const byRoot = new Map<string, string[]>();
  for (const file of files) {
    if (basename(file) !== AGENT_FILE) continue;
    const folder = dirname(file);
    if (!rootOf.has(folder)) rootOf.set(folder, findRegistryRoot(folder));
    const root = rootOf.get(folder);
    if (root === undefined) continue;
    const parts = relative(root, file).split(sep);
    if (parts.length !== 4 || parts[0] !== 'agents') continue;
    const listed = byRoot.get(root) ?? [];
    listed.push(file);
    byRoot.set(root, listed);
  }
  const reports = new Map<string, FileReport[]>();
  for (const [root, rootFiles] of byRoot) {
    // An agent's reports are those of its folder: agent.md, and package.json when it has findings.
    const byFolder = new Map<string, FileReport[]>();
    for (const report of (await readRegistry(root)).reports) {
      const folder = dirname(report.path);
      const listed = byFolder.get(folder) ?? [];
      listed.push(report);
      byFolder.set(folder, listed);
    }
    for (const file of rootFiles) {
      const own = byFolder.get(dirname(file));
      if (own) reports.set(file, own);
    }
  }
  return reports;
}
