import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ImportedFile, ImportResult } from '@agents/compiler';
import { EXIT, type Output, toJson } from '@agents/kit';
import type { Diagnostic } from '@agents/loader';
import { CATEGORIES, didYouMean, printable } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { booleanFlag, flags } from '../flags.js';
import { registryCompiler } from '../registry-compiler.js';

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Bring existing agent files into the registry: a package for each, repaired where that keeps its meaning',
  usage: 'agents import <files or folders…> [--category <category>] [--dry-run] [--json]',
  description: `Finds the agent files (Markdown with frontmatter) under the paths given, and for
each says the name and category it gets and what the gate says. A folder with a
SKILL.md (.claude/skills/<name>/, skills/<name>/, .agents/skills/<name>/) is a
skill: imported whole and as written into skills/<name>/ when the gate finds no
error in any of its files, and an imported agent that names it depends on it. What can be
repaired without changing meaning is repaired, and said: a byte order mark or
blank lines before the frontmatter, CRLF, a value YAML misreads (an unquoted
": "), whitespace around the name, a tools list written as one string. The
prompt's text is never changed. A file is refused, with its reasons, when the
gate finds an error or hidden text, when it has no category (from --category,
its category field, or its folders), or when its name is reserved, taken, or
shared with another file of the import. Each imported agent becomes
agents/<category>/<name>/ (agent.md, package.json with where it came from:
path, repository, commit), its category's package gains it, and one changeset
announces them all.`,
  options: {
    category: {
      type: 'string',
      value: '<category>',
      description: `Put every file in this category: ${CATEGORIES.join(', ')}`,
      schema: z
        .enum(CATEGORIES, {
          error: (issue) => `"${String(issue.input)}" is not a category: use one of ${CATEGORIES.join(', ')}${didYouMean(String(issue.input), CATEGORIES)}`,
        })
        .optional(),
    },
    'dry-run': booleanFlag('Print the plan (per file: imported as, fixed, refused and why); write nothing'),
    json: flags.json,
  },
  positionals: z.array(z.string()).min(1, { message: 'name the files or folders to import, e.g. agents import ~/.claude/agents' }),
  exitCodes: '0 every file imported, 1 a file was refused (the others are imported), 2 usage error.',
  examples: ['agents import ~/.claude/agents --dry-run', 'agents import ../collection/agents --category development', 'agents import notes/reviewer.md --json'],
  async run({ category, 'dry-run': dryRun, json, positionals }, output) {
    for (const path of positionals) if (!existsSync(resolve(output.cwd, path))) throw new CliError('usage', `${path}: no such file or folder`);
    const { root, compiler } = await registryCompiler(output.cwd);
    // Progress on stderr, every hundred files: an import of a whole collection takes a few seconds.
    const progress = (done: number, total: number) => {
      if (done % 100 === 0 && done < total) output.err(`Checked ${done} of ${total} files…`);
    };
    const result = await compiler.importAgents(
      root,
      positionals.map((path) => resolve(output.cwd, path)),
      { category, dryRun: dryRun === true, cwd: output.cwd, progress },
    );
    // As validate does: a path with no agent file in it is a usage error, not an import of nothing.
    if (result.files.length === 0)
      throw new CliError(
        'usage',
        `${positionals.join(', ')}: no agent file here (Markdown that starts with frontmatter), and no skill (a folder with a SKILL.md)`,
      );
    const counts = countOutcomes(result.files);
    if (json) output.out(toJson({ dryRun: dryRun === true, files: result.files, summary: counts, changeset: result.changeset ?? null }));
    else output.out(formatImport(result, counts, dryRun === true, output));
    return counts.refused > 0 ? EXIT.failure : EXIT.ok;
  },
});

type Counts = Record<ImportedFile['outcome'], number>;

const countOutcomes = (files: readonly ImportedFile[]): Counts => ({
  imported: files.filter((file) => file.outcome === 'imported').length,
  fixed: files.filter((file) => file.outcome === 'fixed').length,
  refused: files.filter((file) => file.outcome === 'refused').length,
});

const located = (file: string, diagnostic: Diagnostic) =>
  printable(`    ${file}:${diagnostic.line}:${diagnostic.column}  ${diagnostic.severity}  ${diagnostic.code}  ${diagnostic.message}`);

/** One line per file (and its reasons or repairs below it), then the counts and what was written. File names and reasons come from the files: printed through printable(). */
function formatImport(result: ImportResult, counts: Counts, dryRun: boolean, output: Pick<Output, 'style'>): string {
  const lines: string[] = [];
  for (const file of result.files) {
    if (file.outcome === 'refused') {
      lines.push(`${output.style('red', 'refused ')}  ${printable(`${file.file}${file.name === undefined ? '' : ` (${file.name})`}`)}`);
      for (const reason of file.reasons) lines.push(`    ${printable(reason)}`);
      for (const diagnostic of file.diagnostics) lines.push(located(file.kind === 'skill' ? `${file.file}${diagnostic.file ?? ''}` : file.file, diagnostic));
      continue;
    }
    const label = file.outcome === 'fixed' ? output.style('yellow', 'fixed   ') : output.style('green', 'imported');
    const what = file.kind === 'skill' ? 'a skill, whole' : `category from ${file.categoryFrom}`;
    lines.push(`${label}  ${printable(`${file.file} → ${file.folder}/ (${what})`)}`);
    for (const fix of file.fixes) lines.push(`    ${printable(fix)}`);
  }
  const agents = result.files.filter((file) => file.kind === 'agent').length;
  const skills = result.files.length - agents;
  const found = [`${agents} agent file${agents === 1 ? '' : 's'}`, ...(skills > 0 ? [`${skills} skill${skills === 1 ? '' : 's'}`] : [])].join(' and ');
  lines.push('', `${found}: ${counts.imported} imported, ${counts.fixed} fixed and imported, ${counts.refused} refused`);
  if (result.changeset === undefined) lines.push('Nothing to import: no package created.');
  else if (dryRun) lines.push(`Dry run: nothing written (the import would create ${counts.imported + counts.fixed} packages and ${result.changeset}).`);
  else lines.push(`Created ${counts.imported + counts.fixed} packages and ${result.changeset}. Next: pnpm install, pnpm agents validate, pnpm build.`);
  return lines.join('\n');
}
