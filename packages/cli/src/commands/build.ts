import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { loadRegistry } from '@agents/loader';
import { z } from 'zod';
import { compileAgent } from '../build/compile.js';
import { defineCommand } from '../command.js';
import { EXIT, UsageError } from '../errors.js';
import { formatText, plural, summarize } from '../report.js';
import { findRegistryRoot } from '../workspace.js';

export const build = defineCommand({
  name: 'build',
  summary: 'Compile every agent of the registry into its package (dist/, agent.json)',
  help: `Usage: agents build

Validates the registry, then compiles each agents/<category>/<name>/agent.md,
in one process, into dist/index.js, dist/index.d.ts and agent.json, with the
version of its package.json, and writes the package's README.md and LICENSE. Files whose content is unchanged are not
rewritten. Any error in the registry fails the build before anything is written.

Options:
  -h, --help  Show this help

Exit codes: 0 built, 1 the registry has errors, 2 usage error.

Example:
  agents build`,
  options: {},
  schema: z.object({ positionals: z.array(z.string()).max(0, { message: 'agents build takes no arguments' }) }),
  async run(_input, output) {
    const root = findRegistryRoot(output.cwd);
    if (root === undefined) throw new UsageError('no registry here (no pnpm-workspace.yaml with an agents/ folder above this folder)');
    const registry = await loadRegistry(root);
    const summary = summarize(registry.reports);
    if (summary.errors > 0) {
      const failing = registry.reports.filter((report) => report.diagnostics.length > 0);
      output.err(formatText(failing, output));
      output.err('agents build: the registry has errors; nothing was built');
      return EXIT.failure;
    }
    // Each package ships the registry's licence beside its definition.
    const license = await readFile(join(root, 'LICENSE'), 'utf8').catch(() => undefined);
    let written = 0;
    for (const entry of registry.agents) {
      const files: Record<string, string> = compileAgent(entry.agent, String(entry.manifest.version), entry.markdown);
      if (license !== undefined) files.LICENSE = license;
      for (const [path, content] of Object.entries(files)) {
        if (await writeIfChanged(join(entry.dir, path), content)) written++;
      }
    }
    output.out(
      `Built ${plural(registry.agents.length, 'agent')} in ${relative(output.cwd, join(root, 'agents')) || '.'} (${plural(written, 'file')} written, the rest unchanged)`,
    );
    return EXIT.ok;
  },
});

async function writeIfChanged(path: string, content: string): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return true;
}
