import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_AGENT_NAMES, EFFORT_LEVELS, ISOLATION_MODES, KNOWN_KEYS, KNOWN_TOOLS, MEMORY_SCOPES, MODEL_ALIASES, PERMISSION_MODES } from '@agents/schema';
import { tempDir } from '@agents/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_CODE, claudeSession, runClaude } from './claude.js';

/**
 * The schema's vocabulary is what Claude Code reads now, as Claude Code itself says: an agent file with
 * a value it refuses in each field makes it log the values it accepts; its main session lists the agent
 * types it has and the tools it offers; its shipped code holds its model aliases. A new Claude Code that
 * reads otherwise fails here (the scheduled check runs this against the latest version).
 */

const session = claudeSession();
/** Claude Code's debug log of one run in a project holding the probe. */
let log: string;

const PROBE = 'vocabulary-probe';

beforeAll(async () => {
  const project = tempDir('claude-vocabulary-');
  mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
  writeFileSync(
    join(project, '.claude', 'agents', `${PROBE}.md`),
    '---\nname: vocabulary-probe\ndescription: Probes.\npermissionMode: no-such-value\nmemory: no-such-value\nisolation: no-such-value\neffort: no-such-value\n---\n\nYou probe.\n',
  );
  log = await runClaude(session.claude, project, session.standIn, 'Say hello.');
});

/** The values Claude Code's log names for a field of the probe: "has invalid <field> [value] '…'. Valid options: a, b, c". */
function validOptions(field: string): string[] {
  const line = new RegExp(`has invalid ${field}(?: value)? 'no-such-value'\\. Valid options: ([^\\n]*)`).exec(log);
  expect(line, `Claude Code's debug log says nothing of the probe's ${field}`).not.toBeNull();
  // Claude Code also takes an integer effort; the registry names levels only (a number is refused at its line).
  return line![1]!
    .replace(/ or an integer$/, '')
    .split(', ')
    .sort();
}

/** The text of the main session's first request: Claude Code lists its agent types and deferred tools there. */
function mainSessionText(): string {
  const texts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
  };
  collect(JSON.parse(session.standIn.mainMessages() || '[]'));
  return texts.join('\n');
}

/** The lines of a list that follows `heading` in the main session's text, up to the first blank line. */
function listAfter(heading: string): string[] {
  const text = mainSessionText();
  const start = text.indexOf(heading);
  expect(start, `the main session's messages have no "${heading}"`).toBeGreaterThanOrEqual(0);
  return text
    .slice(start + heading.length)
    .replace(/^\n/, '')
    .split(/\n\s*\n/)[0]!
    .split('\n');
}

const sorted = (values: readonly string[]) => [...values].sort();

describe(`the schema's vocabulary is what ${CLAUDE_CODE} reads`, () => {
  it.each([
    ['permissionMode', PERMISSION_MODES],
    ['memory', MEMORY_SCOPES],
    ['isolation', ISOLATION_MODES],
    ['effort', EFFORT_LEVELS],
  ] as const)('%s: the values Claude Code names for an agent file', (field, ours) => {
    expect(sorted(ours)).toEqual(validOptions(field));
  });

  it('model: the aliases in its shipped code', () => {
    // Its alias list is the one array literal that starts with "sonnet" and ends with "opusplan".
    const code = readFileSync(session.claude, 'latin1');
    const lists = new Set([...code.matchAll(/\["sonnet"(?:,"[^"\n]{1,40}")*,"opusplan"\]/g)].map((match) => match[0]));
    expect(lists.size, "Claude Code's model aliases are not where they were: look its code up again").toBe(1);
    const aliases = JSON.parse([...lists][0]!) as string[];
    expect(sorted(MODEL_ALIASES.filter((alias) => alias !== 'inherit'))).toEqual(sorted(aliases));
  });

  it('fields: every field of its agent definitions is a key the schema knows, and the schema knows no other', () => {
    // Its schema of an agent definition (the --agents JSON, read as agent files are) is the one object that starts
    // with its empty-description check; an agent file adds its name and color.
    const code = readFileSync(session.claude, 'latin1');
    const objects = new Set([...code.matchAll(/\{(description:\w+\(\)\.min\(1,"Description cannot be empty"\)[^{}]*)\}/g)].map((match) => match[1]!));
    expect(objects.size, "Claude Code's schema of an agent definition is not where it was: look its code up again").toBe(1);
    const fields = [...[...objects][0]!.matchAll(/(?:^|,)([A-Za-z]+):/g)].map((match) => match[1]!);
    expect(fields).toContain('observeToolResults');
    const ours = KNOWN_KEYS.filter((key) => key !== 'category');
    expect(sorted([...fields.filter((field) => field !== 'prompt'), 'name', 'color'])).toEqual(sorted(ours));
  });

  it('reserved names: every agent type its main session lists is a built-in name no registry agent may take', () => {
    const types = listAfter('Available agent types for the Agent tool:')
      .map((line) => /^- ([^:]+):/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined && name !== PROBE);
    expect(types).toContain('general-purpose');
    expect(types.map((name) => name.toLowerCase()).filter((name) => !(BUILTIN_AGENT_NAMES as readonly string[]).includes(name))).toEqual([]);
  });

  it('tools: every tool its main session offers, loaded or deferred, is a tool the schema knows', () => {
    const deferred = listAfter('Use ToolSearch with query "select:<name>[,<name>...]" to load tool schemas before calling them:');
    const offered = [...session.standIn.mainTools().filter((tool) => tool !== 'DeferredToolPlaceholder'), ...deferred];
    expect(offered).toContain('Read');
    expect(offered.filter((tool) => !(KNOWN_TOOLS as readonly string[]).includes(tool))).toEqual([]);
  });
});
