import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ParseResult, parseAgent } from '@agents/loader';
import { CLAUDE_CODE_READING_VERSION, toolGrant } from '@agents/schema';
import { BASE_FRONTMATTER, CLIENT_CASES, CORPUS, corpusFiles, probeMarker, REPO_ROOT, sharedMissing, tempDir } from '@agents/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { LATEST } from '../client-versions.js';
import { CLAUDE_CODE, claudeSession, runClaude } from './claude.js';

/**
 * What a subagent can really use, as Claude Code itself resolves its definition: the real program runs
 * offline against a stand-in for the Messages API, which spawns each agent and records the tools its
 * requests offer. Every definition the gate accepts must be offered no tool the registry does not show,
 * and every tool it shows that the session has; every definition the gate refuses for its reading must
 * be one Claude Code really reads otherwise than the registry used to (the check bites).
 */

interface Probe {
  label: string;
  name: string;
  /** The file as written, its body ending with the stand-in's marker. */
  text: string;
}

const session = claudeSession();

const withMarker = (text: string, name: string) => `${text.replace(/\n*$/, '')}\n\n${probeMarker(name)}\n`;

/** Runs Claude Code once in a project holding the probes' files; the main session spawns every one. */
async function offeredTo(probes: readonly Probe[]): Promise<Map<string, string[]>> {
  const project = tempDir('claude-probe-');
  mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
  for (const probe of probes) writeFileSync(join(project, '.claude', 'agents', `${probe.name}.md`), probe.text);
  session.standIn.offered.clear();
  session.standIn.spawn(probes.map((probe) => probe.name));
  await runClaude(session.claude, project, session.standIn, 'Spawn the probes.');
  return new Map(session.standIn.offered);
}

/** The tools the registry shows for a definition the gate accepts. */
const shown = (parsed: ParseResult) => toolGrant(parsed.agent!);

/** What the registry showed before round three: gray-matter's YAML block, tools split at commas (for the refused probes). */
function naiveTools(text: string): string[] | 'all' {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const tools = (parseYaml(block) as { tools?: unknown } | null)?.tools;
  if (tools === undefined || tools === null) return 'all';
  return (typeof tools === 'string' ? tools.split(',') : (tools as string[])).map((tool) => String(tool).trim()).filter(Boolean);
}

/** The gate's codes for a file Claude Code reads otherwise than the registry would. */
const CLAUDE_CODE_READS_OTHERWISE: ReadonlySet<string> = new Set(['frontmatter-delimiter', 'tool-list-reading', 'tool-wildcard']);

/** Claude Code's stand-in for tools it loads later (MCP tools found through ToolSearch): no capability of its own. */
const PLACEHOLDERS = new Set(['DeferredToolPlaceholder']);

/** Checks each probe against what Claude Code offered it. */
function expectAsShown(probes: readonly Probe[], offered: Map<string, string[]>, session: readonly string[]) {
  for (const probe of probes) {
    const tools = offered.get(probe.name)?.filter((tool) => !PLACEHOLDERS.has(tool));
    const parsed = parseAgent(probe.text);
    if (parsed.agent === undefined) {
      // Refused for how Claude Code reads it: Claude Code loads no agent of that name, or offers it other tools than the old
      // reading showed. (Other refusals, such as escapes that spell "---" for the other clients' readers, are not about it.)
      if (!parsed.diagnostics.some((diagnostic) => CLAUDE_CODE_READS_OTHERWISE.has(diagnostic.code))) continue;
      const naive = naiveTools(probe.text);
      const read = (list: string[] | 'all') => (list === 'all' ? 'all' : [...list].sort().join(','));
      if (tools !== undefined) expect(read(tools), probe.label).not.toBe(read(naive));
      continue;
    }
    const grant = shown(parsed);
    // Claude Code refuses to spawn an agent whose tools all resolve to nothing in the session ("would be spawned with
    // zero tools"): unknown names, MCP tools of servers the session lacks.
    if (tools === undefined && grant !== 'all' && !grant.some((tool) => session.includes(tool))) continue;
    expect(tools, `${probe.label}: Claude Code spawned it (spawned: ${[...offered.keys()].join(', ')})`).toBeDefined();
    if (grant === 'all') continue;
    // Never wider: every tool offered is shown.
    expect(
      tools!.filter((tool) => !grant.includes(tool)),
      `${probe.label} is offered tools the registry does not show`,
    ).toEqual([]);
    // Exact: every shown tool the session has is offered (a subagent spawns no subagents of its own here).
    const missing = grant.filter((tool) => session.includes(tool) && tool !== 'Agent' && tool !== 'Task' && !tools!.includes(tool));
    expect(missing, `${probe.label} lacks tools the registry shows`).toEqual([]);
  }
}

/** Hand-made variants of what Claude Code reads otherwise: dashes, comments, escapes, separators, wildcards, fields that grant tools. */
const VARIANTS: [label: string, frontmatter: string][] = [
  ['dashes in a value', 'description: Reviews --- carefully.\ntools: Read'],
  ['dashes in a comment', 'description: Reviews. # ---\ntools: Read'],
  ['dashes in a quoted string', 'description: "Reviews\n  ---\n  carefully."\ntools: Read'],
  ['a line of four dashes', 'description: Reviews.\n----\ntools: Read'],
  ['names separated by spaces', 'description: Reviews.\ntools: Read Bash'],
  ['two names in one list item', 'description: Reviews.\ntools:\n  - Read\n  - Grep, Bash'],
  ['a star', 'description: Reviews.\ntools: Read, *'],
  ['a tools key with no value', 'description: Reviews.\ntools:'],
  ['a Bash pattern', 'description: Reviews.\ntools: Read, Bash(git diff:*)'],
  ['a WebFetch pattern', 'description: Reviews.\ntools: Read, WebFetch(domain:example.com)'],
  ['memory beside a tools list', 'description: Reviews.\ntools: Read\nmemory: project'],
  ['commas without spaces', 'description: Reviews.\ntools: Read,Grep,Bash'],
  ['a flow list', 'description: Reviews.\ntools: [Read, Edit]'],
];

/** A frontmatter as people write one, and as the registry's gate must read it the way Claude Code does. */
const GENERATED = fc
  .record({
    tools: fc.uniqueArray(fc.constantFrom('Read', 'Grep', 'Glob', 'Bash', 'Write', 'Edit', 'WebFetch', 'Bash(git diff:*)', 'Task'), {
      minLength: 1,
      maxLength: 4,
    }),
    form: fc.constantFrom('comma-space', 'comma', 'space', 'flow list', 'block list', 'two in one item'),
    description: fc.constantFrom('Reviews code.', 'Reviews --- code.', 'Reviews code. # a comment', 'Reviews code. # ---', '"Reviews \\x2d\\x2d\\x2d code."'),
    memory: fc.boolean(),
  })
  .map(({ tools, form, description, memory }) => {
    const value =
      form === 'comma-space'
        ? tools.join(', ')
        : form === 'comma'
          ? tools.join(',')
          : form === 'space'
            ? tools.join(' ')
            : form === 'flow list'
              ? `[${tools.join(', ')}]`
              : form === 'block list'
                ? `\n${tools.map((tool) => `  - ${tool}`).join('\n')}`
                : `\n  - ${tools.join(', ')}`;
    return `description: ${description}\ntools: ${value}${memory ? '\nmemory: project' : ''}`;
  });

const probe = (label: string, name: string, frontmatter: string, body = 'You review.') => ({
  label,
  name,
  text: withMarker(`---\nname: ${name}\n${frontmatter}\n---\n\n${body}\n`, name),
});

describe(`${CLAUDE_CODE} offers a subagent exactly the tools the registry shows`, () => {
  // With the latest Claude Code (the scheduled check), what it offers is the question, not which version it is.
  it.skipIf(LATEST)("is the version whose shipped code the registry's reading model cites", () => {
    expect(CLAUDE_CODE).toBe(`@anthropic-ai/claude-code@${CLAUDE_CODE_READING_VERSION}`);
  });

  it("the registry's agents and the hand-made cases", async () => {
    const registry = readdirSync(join(REPO_ROOT, 'agents'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((category) =>
        readdirSync(join(REPO_ROOT, 'agents', category.name), { withFileTypes: true })
          .filter((entry) => existsSync(join(REPO_ROOT, 'agents', category.name, entry.name, 'agent.md')))
          .map((entry) => ({
            label: entry.name,
            name: entry.name,
            text: withMarker(readFileSync(join(REPO_ROOT, 'agents', category.name, entry.name, 'agent.md'), 'utf8'), entry.name),
          })),
      );
    const cases = CLIENT_CASES.map(([label, frontmatter], index) =>
      probe(label, `case-${index}`, frontmatter.replace(BASE_FRONTMATTER, 'description: Use to review code.')),
    );
    const probes = [...registry, ...cases];
    expect(registry.length).toBeGreaterThan(0);
    expectAsShown(probes, await offeredTo(probes), session.standIn.mainTools());
  });

  it('frontmatter variants: each accepted one as shown, each refused one read otherwise by Claude Code', async () => {
    const probes = VARIANTS.map(([label, frontmatter], index) => probe(label, `variant-${index}`, frontmatter));
    const offered = await offeredTo(probes);
    expectAsShown(probes, offered, session.standIn.mainTools());
    // The patterns and memory, as the registry shows them now: the whole tool, and the tools memory adds.
    expect(offered.get('variant-8')).toContain('Bash');
    expect(offered.get('variant-10')).toEqual(expect.arrayContaining(['Read', 'Write', 'Edit']));
    // Each refused variant is refused for how Claude Code reads it.
    const refused = probes.filter((entry) => parseAgent(entry.text).agent === undefined).map((entry) => entry.label);
    expect(refused).toEqual([
      'dashes in a value',
      'dashes in a comment',
      'dashes in a quoted string',
      'a line of four dashes',
      'names separated by spaces',
      'two names in one list item',
      'a star',
      'a tools key with no value',
    ]);
  });

  it('generated frontmatters: separators, list forms, dashes, comments, patterns and memory (a property over fixed seeds)', async () => {
    const probes = fc
      .sample(GENERATED, { numRuns: 40, seed: 27 })
      .map((frontmatter, index) => probe(`generated ${index}: ${JSON.stringify(frontmatter)}`, `generated-${index}`, frontmatter));
    for (let start = 0; start < probes.length; start += 20) {
      const slice = probes.slice(start, start + 20);
      expectAsShown(slice, await offeredTo(slice), session.standIn.mainTools());
    }
    // Both kinds are there: accepted ones, checked as shown, and refused ones, read otherwise by Claude Code.
    const accepted = probes.filter((entry) => parseAgent(entry.text).agent !== undefined).length;
    expect(accepted).toBeGreaterThan(5);
    expect(accepted).toBeLessThan(probes.length - 5);
  });

  it.skipIf(sharedMissing(CORPUS) !== undefined)(
    'every loadable file of the corpus',
    async () => {
      const byName = new Map<string, Probe>();
      for (const file of corpusFiles()) {
        const text = readFileSync(file, 'utf8');
        const parsed = parseAgent(text);
        // Files the gate refuses are not the registry's; names Claude Code would take from elsewhere are left out.
        if (parsed.agent === undefined || byName.has(parsed.agent.name)) continue;
        byName.set(parsed.agent.name, { label: file.slice(CORPUS.length + 1), name: parsed.agent.name, text: withMarker(text, parsed.agent.name) });
      }
      const probes = [...byName.values()];
      // Claude Code runs at most 20 of one turn's spawns.
      const batch = 20;
      for (let start = 0; start < probes.length; start += batch) {
        const slice = probes.slice(start, start + batch);
        expectAsShown(slice, await offeredTo(slice), session.standIn.mainTools());
      }
      expect(probes.length).toBeGreaterThan(500);
    },
    3_600_000,
  );
});
