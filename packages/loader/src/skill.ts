import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { checkSkillFrontmatter, commandsInInstructions, SKILL_FILE, type Skill } from '@agents/schema';
import { byPosition, type Diagnostic, error, hasErrors, LineIndex, type Position, START } from './diagnostic.js';
import { hiddenCharacters, htmlComments } from './hidden.js';
import { packageEntries } from './package-files.js';
import { bodyOf, readFrontmatter } from './parse.js';
import { type CachedSkillParse, cachedParse, fromCachedSkillParse, type ParseCache, toCachedSkillParse } from './parse-cache.js';
import { decodeAgentBytes, readAgentText } from './read.js';

export interface ParsedSkill {
  /** The skill, or `undefined` when SKILL.md has errors. */
  skill: Skill | undefined;
  /** Sorted by position. */
  diagnostics: Diagnostic[];
  locate(path: readonly (string | number)[]): Position;
}

/**
 * Parses the text of a SKILL.md as the agent files are parsed (YAML only, nothing evaluated, hidden text
 * reported), checks it against the Agent Skills format, and says what it makes Claude Code run: the shell
 * commands of its instructions, its hooks. Never throws.
 */
export function parseSkill(text: string): ParsedSkill {
  const { lines, diagnostics, split } = readFrontmatter(text);
  if (split === undefined) return done(undefined, diagnostics, () => START);
  const yaml = split.parsed;
  if (yaml.data === undefined && hasErrors(diagnostics)) return done(undefined, diagnostics, yaml.locateShallow);
  const checked = checkSkillFrontmatter(yaml.data ?? {});
  for (const issue of checked.issues) diagnostics.push({ severity: issue.severity, code: issue.code, message: issue.message, ...yaml.locate(issue.path) });
  const instructions = bodyOf(split);
  if (instructions === '') {
    const message = 'the body after the frontmatter is empty: the skill has no instructions';
    diagnostics.push({ severity: 'warning', code: 'empty-prompt', message, ...lines.position(lines.lineStart(split.closingLine)) });
  }
  const bodyStart = text.length - split.body.length;
  for (const { command, offset } of commandsInInstructions(split.body)) {
    const shown = command.length > 60 ? `${command.slice(0, 60)}…` : command;
    const message = `Claude Code runs this shell command when the skill is invoked, before the model reads it: ${shown.replace(/\s+/g, ' ')}`;
    diagnostics.push({ severity: 'warning', code: 'runs-command', message, ...lines.position(bodyStart + offset) });
  }
  if (checked.skill === undefined || hasErrors(diagnostics)) return done(undefined, diagnostics, yaml.locateShallow);
  return done({ ...checked.skill, instructions }, diagnostics, yaml.locateShallow);
}

function done(skill: Skill | undefined, diagnostics: Diagnostic[], locate: ParsedSkill['locate']): ParsedSkill {
  return { skill, diagnostics: diagnostics.sort(byPosition), locate };
}

/** A file a skill carries, and why a client could run it, when it could. */
export interface SkillFile {
  /** Relative to the skill's folder, with `/`. */
  path: string;
  bytes: number;
  /** Why it can run (an executable file, a script, a file the instructions' commands name), or undefined. */
  runs: string | undefined;
}

export interface LoadedSkill {
  /** The skill's folder. */
  dir: string;
  /** The skill, when SKILL.md and every file it carries have no error. */
  skill: Skill | undefined;
  /** SKILL.md's text, when it could be read as text. */
  text: string | undefined;
  /** Every regular file of the folder, SKILL.md included, in path order. */
  files: SkillFile[];
  /** The names of the folder's own entries (not those of `notTheSkill`). */
  top: string[];
  /** Findings per file (absolute paths), SKILL.md first; files without findings are left out. */
  reports: { path: string; diagnostics: Diagnostic[] }[];
}

/** A skill's files together: what the gate reads before anything of it is published or installed. */
export const SKILL_MAX_FILE_BYTES: number = 5 * 1024 * 1024;
export const SKILL_MAX_BYTES: number = 20 * 1024 * 1024;

/** Extensions of files a shell or an interpreter runs as they are. */
const SCRIPTS: Record<string, string> = {
  '.sh': 'a shell script',
  '.bash': 'a shell script',
  '.zsh': 'a shell script',
  '.fish': 'a shell script',
  '.ps1': 'a PowerShell script',
  '.bat': 'a Windows batch file',
  '.cmd': 'a Windows batch file',
  '.py': 'a Python script',
  '.js': 'a JavaScript program',
  '.mjs': 'a JavaScript program',
  '.cjs': 'a JavaScript program',
  '.ts': 'a TypeScript program',
  '.rb': 'a Ruby script',
  '.pl': 'a Perl script',
  '.php': 'a PHP script',
  '.exe': 'a Windows program',
};

/**
 * Reads a skill's folder as the gate reads an agent: SKILL.md parsed (its name must be the folder's), every
 * file it carries listed with its size, Markdown files checked for hidden text (a client reads them as
 * instructions), and each file a client could run said as such. A symbolic link, a device or a pipe, a file
 * over 5 MiB or a skill over 20 MiB is an error. Never throws; never runs or imports anything it reads.
 * `notTheSkill` names top-level entries that are not the skill's own (a package's package.json, say), and
 * `name` the name the skill must have: its folder's, unless the folder is named otherwise (npm's `skill-<name>`);
 * `parseCache` keeps SKILL.md's parse, as the build keeps agents'.
 */
export async function loadSkillFolder(
  dir: string,
  {
    notTheSkill = new Set(),
    name = basename(dir),
    parseCache,
  }: { notTheSkill?: ReadonlySet<string>; name?: string; parseCache?: ParseCache<CachedSkillParse> } = {},
): Promise<LoadedSkill> {
  const skillPath = join(dir, SKILL_FILE);
  const reports = new Map<string, Diagnostic[]>();
  const report = (path: string, diagnostic: Diagnostic) => reports.set(path, [...(reports.get(path) ?? []), diagnostic]);

  // A link is not read through (the walk below refuses it).
  const read = await readAgentText(skillPath, { noFollow: true });
  const parsed = 'diagnostic' in read ? undefined : cachedParse(read.text, parseCache, parseSkill, { to: toCachedSkillParse, from: fromCachedSkillParse });
  if ('diagnostic' in read) report(skillPath, read.diagnostic);
  for (const diagnostic of parsed?.diagnostics ?? []) report(skillPath, diagnostic);
  if (parsed?.skill !== undefined && parsed.skill.name !== name) {
    const message = `name "${parsed.skill.name}" must be its folder's name "${name}": clients find a skill by its folder`;
    report(skillPath, error('skill-name-mismatch', message, parsed.locate(['name'])));
  }

  const entries = packageEntries(dir, notTheSkill);
  for (const { path, kind } of entries.irregular) {
    report(path, error('irregular-file', `${relative(dir, path)} is ${kind}: a skill holds folders and regular files only`));
  }
  const commands =
    parsed?.skill === undefined
      ? ''
      : commandsInInstructions(parsed.skill.instructions)
          .map(({ command }) => command)
          .join('\n');
  const files: SkillFile[] = [];
  let total = 0;
  for (const relativePath of entries.files) {
    const path = join(dir, relativePath);
    const file: SkillFile = { path: relativePath, bytes: 0, runs: undefined };
    files.push(file);
    const head = readHead(path, file.path.endsWith('.md') && file.path !== SKILL_FILE);
    file.bytes = head.size;
    total += head.size;
    if (head.size > SKILL_MAX_FILE_BYTES) {
      report(path, error('file-too-large', `${file.path} is ${mib(head.size)} MiB, over ${mib(SKILL_MAX_FILE_BYTES)} MiB for one file of a skill`));
      continue;
    }
    file.runs = runsBecause(file.path, head, commands);
    if (file.runs !== undefined) report(path, { severity: 'warning', code: 'runnable-file', message: `${file.path} can run: ${file.runs}`, ...START });
    if (head.text !== undefined) {
      const lines = new LineIndex(head.text);
      for (const diagnostic of [...hiddenCharacters(head.text, lines), ...htmlComments(head.text, lines)]) report(path, diagnostic);
    }
  }

  files.sort((a, b) => a.path.localeCompare(b.path));
  if (total > SKILL_MAX_BYTES) report(skillPath, error('file-too-large', `the skill's files take ${mib(total)} MiB, over ${mib(SKILL_MAX_BYTES)} MiB`));
  const ordered = [...reports].sort(([a], [b]) => (a === skillPath ? -1 : b === skillPath ? 1 : a.localeCompare(b)));
  const failed = ordered.some(([, diagnostics]) => hasErrors(diagnostics));
  return {
    dir,
    skill: failed ? undefined : parsed?.skill,
    text: 'text' in read ? read.text : undefined,
    files,
    top: entries.top,
    reports: ordered.map(([path, diagnostics]) => ({ path, diagnostics: diagnostics.sort(byPosition) })),
  };
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * A file's size, mode and first bytes; for Markdown a client reads as instructions, its whole text (none for a
 * file over a skill's limit, which is not read). One open for all of it: a skill's files are thousands at 1,000 skills.
 */
function readHead(path: string, wholeText: boolean): { size: number; executable: boolean; start: string; text: string | undefined } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const { mode, size } = fstatSync(fd);
    const buffer = Buffer.alloc(wholeText && size <= SKILL_MAX_FILE_BYTES ? size : Math.min(size, 2));
    readSync(fd, buffer, 0, buffer.length, 0);
    const decoded = wholeText ? decodeAgentBytes(buffer) : undefined;
    return {
      size,
      executable: (mode & 0o111) !== 0,
      start: buffer.subarray(0, 2).toString('latin1'),
      text: decoded && 'text' in decoded ? decoded.text : undefined,
    };
  } finally {
    closeSync(fd);
  }
}

function runsBecause(path: string, head: { executable: boolean; start: string }, commands: string): string | undefined {
  const extension = /\.[^./]+$/.exec(path)?.[0]?.toLowerCase();
  const kind = extension === undefined ? undefined : SCRIPTS[extension];
  if (head.executable) return `an executable file${kind ? ` (${kind})` : ''}`;
  if (head.start === '#!') return `a script with an interpreter line${kind ? ` (${kind})` : ''}`;
  if (commands.includes(path)) return `the skill's instructions run a command that names it${kind ? ` (${kind})` : ''}`;
  return kind;
}
