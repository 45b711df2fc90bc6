import { join } from 'node:path';
import { SKILL_FILE, SKILLS_DIR, type Skill, scaffoldPlaceholderAt, skillDir, skillPackageName } from '@agents/schema';
import { listFolder } from './agent-folders.js';
import { type Diagnostic, error, hasErrors, LineIndex } from './diagnostic.js';
import { type PackageManifest, readManifest, skillPackageRules } from './package-rules.js';
import type { CachedSkillParse, ParseCache } from './parse-cache.js';
import { loadSkillFolder, type SkillFile } from './skill.js';

/** A skill package of the registry whose files have no error. */
export interface RegistrySkill {
  name: string;
  /** Absolute path of `skills/<name>/`. */
  dir: string;
  skill: Skill;
  /** Every file the skill carries (what its package ships), with what can run. */
  files: SkillFile[];
  manifest: PackageManifest;
}

/** Findings about one file of a skill (a FileReport of the registry). */
interface SkillReport {
  path: string;
  name: string | null;
  diagnostics: Diagnostic[];
}

/** Entries of a skill's package folder that are npm's and the release's, not the skill's own. */
const PACKAGE_ENTRIES: ReadonlySet<string> = new Set(['package.json', 'CHANGELOG.md', 'LICENSE', 'node_modules', '.turbo']);

/**
 * Reads `skills/<name>/` of the registry at `root`: each skill as the gate reads one (loadSkillFolder), its
 * package.json by the rules of a published skill package (`<scope>/skill-<name>`). A skill folder that is a
 * link or a file is refused. Never throws for anything found on disk.
 */
export async function registrySkills(
  root: string,
  scope: string,
  parseCache?: ParseCache<CachedSkillParse>,
): Promise<{ skills: RegistrySkill[]; reports: SkillReport[]; names: Set<string> }> {
  const skills: RegistrySkill[] = [];
  const reports: SkillReport[] = [];
  const entries = listFolder(join(root, SKILLS_DIR)).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const dir = join(root, skillDir(entry.name));
    if (!entry.isDirectory()) {
      const diagnostic = error('irregular-file', `${skillDir(entry.name)} is not a folder: a skill of the registry is skills/<name>/ with its ${SKILL_FILE}`);
      reports.push({ path: dir, name: null, diagnostics: [diagnostic] });
      continue;
    }
    const loaded = await loadSkillFolder(dir, { notTheSkill: PACKAGE_ENTRIES, parseCache });
    const name = loaded.skill?.name ?? entry.name;
    const placeholder = loaded.text === undefined ? undefined : scaffoldPlaceholderAt(loaded.text);
    if (placeholder !== undefined) {
      const message = 'still holds the placeholder text of `agents new --skill`: write its description and instructions before it is published';
      const at = error('scaffold-placeholder', message, new LineIndex(loaded.text!).position(placeholder));
      const own = loaded.reports.find((report) => report.path === join(dir, SKILL_FILE));
      if (own) own.diagnostics.push(at);
      else loaded.reports.unshift({ path: join(dir, SKILL_FILE), diagnostics: [at] });
    }
    for (const report of loaded.reports) reports.push({ path: report.path, name, diagnostics: report.diagnostics });
    const manifestPath = join(dir, 'package.json');
    const manifest = await readManifest(manifestPath);
    const manifestDiagnostics: Diagnostic[] = [
      ...manifest.diagnostics,
      ...(manifest.value ? skillPackageRules(manifest.value, skillPackageName(scope, entry.name), loaded.top, manifest.locate) : []),
    ];
    if (manifestDiagnostics.length > 0) reports.push({ path: manifestPath, name, diagnostics: manifestDiagnostics });
    if (loaded.skill && placeholder === undefined && manifest.value && !hasErrors(manifestDiagnostics)) {
      skills.push({ name: entry.name, dir, skill: loaded.skill, files: loaded.files, manifest: manifest.value });
    }
  }
  // Every name under skills/, a valid skill or not: no agent may take one.
  return { skills, reports, names: new Set(entries.map((entry) => entry.name)) };
}
