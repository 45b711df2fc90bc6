import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_FILE, decodeAgentBytes, parseAgent, type ParseResult } from '@agents/loader';
import { z } from 'zod';
import { type AgentChange, diffAgent } from '../changes/diff.js';
import { formatChangesMarkdown, formatChangesText } from '../changes/format.js';
import { listFiles, readFilesAt, resolveBase } from '../changes/git.js';
import { defineCommand } from '../command.js';
import { annotation } from '../github.js';
import { toJson } from '../output.js';
import { EXIT, UsageError } from '../errors.js';
import { FORMATS } from '../report.js';
import { findRegistryRoot } from '../workspace.js';

const AGENT_PATH = /^agents\/[^/]+\/([^/]+)\/agent\.md$/;

export const changes = defineCommand({
  name: 'changes',
  summary: 'Show what each agent gains or loses since a git ref: tools, model, permissions, hooks, prompt',
  help: `Usage: agents changes --base <git ref> [--format text|json|github]

Compares every agents/<category>/<name>/agent.md of the working tree with the
commit where the current branch forked from <git ref>, and reports per agent
what changed in tools, disallowedTools, model, permissionMode, hooks and
mcpServers, whether the prompt changed, and which capabilities it gains.
(To compare an installed agent with its package, see agents diff.)

Options:
  --base <ref>       The branch, tag or commit to compare with (required)
  --format <format>  text (default), json, or github: a warning annotation per
                     capability gained, and a Markdown table appended to
                     $GITHUB_STEP_SUMMARY when it is set
  -h, --help         Show this help

Exit codes: 0 reported (whatever changed), 1 git failed, 2 usage error (e.g. an unknown ref).

Examples:
  agents changes --base origin/main
  agents changes --base v1.2.0 --format json`,
  options: { base: { type: 'string' }, format: { type: 'string', default: 'text' } },
  schema: z.object({
    base: z.string({ message: 'is required, e.g. --base origin/main' }).min(1, { message: 'is required, e.g. --base origin/main' }),
    format: z.enum(FORMATS, { message: `must be one of ${FORMATS.join(', ')}` }),
    positionals: z.array(z.string()).max(0, { message: 'agents changes takes no arguments (use --base)' }),
  }),
  async run({ base, format }, output) {
    const root = findRegistryRoot(output.cwd);
    if (root === undefined) throw new UsageError('no registry here (no pnpm-workspace.yaml with an agents/ folder above this folder)');
    const commit = await resolveBase(root, base);
    const basePaths = (await listFiles(root, commit, 'agents')).filter((path) => AGENT_PATH.test(path));
    const [before, after] = await Promise.all([readFilesAt(root, commit, basePaths), currentAgentFiles(root)]);

    const found: { change: AgentChange; current: ParseResult | undefined }[] = [];
    for (const path of [...new Set([...basePaths, ...after.keys()])].sort()) {
      const old = parse(before.get(path));
      const current = parse(after.get(path));
      const name = current?.agent?.name ?? old?.agent?.name ?? AGENT_PATH.exec(path)![1]!;
      const change = diffAgent(name, path, old?.agent, current?.agent);
      if (change) found.push({ change, current });
    }
    const list = found.map((entry) => entry.change);

    if (format === 'json') {
      output.out(toJson({ base, commit, agents: list }));
    } else if (format === 'github') {
      for (const { change, current } of found) {
        const line = current?.locate(['tools']).line ?? 1;
        for (const gain of change.gains) output.out(annotation('warning', { file: change.path, line, title: 'capability-gain' }, `${change.name} ${gain}`));
      }
      if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, formatChangesMarkdown(list, base));
      output.out(formatChangesText(list, base, output));
    } else {
      output.out(formatChangesText(list, base, output));
    }
    return EXIT.ok;
  },
});

function parse(bytes: Buffer | undefined): ParseResult | undefined {
  if (bytes === undefined) return undefined;
  const decoded = decodeAgentBytes(bytes);
  return 'text' in decoded ? parseAgent(decoded.text) : undefined;
}

/** `agents/<category>/<name>/agent.md` of the working tree, by repository-relative path. */
async function currentAgentFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const list = async (dir: string) => (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory());
  for (const category of await list(join(root, 'agents'))) {
    for (const folder of await list(join(root, 'agents', category.name))) {
      const path = `agents/${category.name}/${folder.name}/${AGENT_FILE}`;
      const content = await readFile(join(root, path)).catch(() => undefined);
      if (content !== undefined) files.set(path, content);
    }
  }
  return files;
}
