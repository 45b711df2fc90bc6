import type { z } from 'zod';
import { grantedTool, MEMORY_TOOLS, splitToolEntries } from './claude-code-reading.js';
import { type DiagnosticCode, isDiagnosticCode } from './codes.js';
import { type AgentFrontmatter, agentSchema, KNOWN_KEYS, toList } from './schema.js';
import { didYouMean } from './suggest.js';
import { CATEGORIES, COLORS, EFFORT_LEVELS, KNOWN_TOOLS, MODEL_ALIASES, MODEL_ID_PATTERN } from './vocabulary.js';

export type Severity = 'error' | 'warning';

/** A finding about a parsed definition, located by its path in the frontmatter (`[]` = the whole frontmatter). */
export interface Issue {
  severity: Severity;
  /** A stable, machine-readable rule code, e.g. `invalid-name`. */
  code: DiagnosticCode;
  message: string;
  path: (string | number)[];
}

export interface CheckResult {
  /** The normalised frontmatter, or `undefined` when it has errors. */
  frontmatter: AgentFrontmatter | undefined;
  issues: Issue[];
}

const TOOL_NAMES: ReadonlySet<string> = new Set(KNOWN_TOOLS);
const KNOWN_KEY_SET: ReadonlySet<string> = new Set(KNOWN_KEYS);

/**
 * Validates a parsed frontmatter: errors where Claude Code would misread the
 * agent or the registry cannot publish it, warnings for what is legal but
 * probably a mistake (unknown keys, tools, model aliases, colours).
 */
export function checkFrontmatter(data: unknown): CheckResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const got = data === null ? 'nothing' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    return {
      frontmatter: undefined,
      issues: [{ severity: 'error', code: 'not-a-mapping', message: `frontmatter must be a mapping of keys to values, got ${got}`, path: [] }],
    };
  }
  const record = data as Record<string, unknown>;
  const present = withoutEmptyValues(record);
  const issues = [...readingIssues(record), ...emptyValueIssues(record), ...unknownKeyIssues(record)];
  const parsed = agentSchema.safeParse(present);
  if (!parsed.success) {
    // The messages quote the offending values: parsed again with them reported (which costs zod its fast path, so only on failure).
    const reported = agentSchema.safeParse(present, { reportInput: true });
    issues.push(...(reported.success ? [] : reported.error.issues).map(fromZodIssue));
    return { frontmatter: undefined, issues };
  }
  issues.push(...valueWarnings(parsed.data, present), ...observerIssues(parsed.data));
  return { frontmatter: issues.some((issue) => issue.severity === 'error') ? undefined : parsed.data, issues };
}

/**
 * An observer is another agent that Claude Code runs beside this one, fed its work, with the observer's own
 * tools (a built-in one has every tool): what installing this agent sets running is then more than the
 * registry shows. Refused until the registry can show and check it.
 */
function observerIssues(frontmatter: AgentFrontmatter): Issue[] {
  if (frontmatter.observer === undefined) return [];
  return [
    {
      severity: 'error',
      code: 'observer',
      message: `"observer" has Claude Code run the agent "${frontmatter.observer}" beside this one, fed its work, with that agent's own tools: the registry cannot show what it may do, and publishes no agent that names an observer; remove the line`,
      path: ['observer'],
    },
  ];
}

/** A key written with no value (`tools:`) is YAML null: treated as absent, with a warning. */
export function withoutEmptyValues(record: Record<string, unknown>): Record<string, unknown> {
  // Most frontmatters have no empty value: they are passed on as they are, not copied.
  if (!Object.values(record).includes(null)) return record;
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}

/**
 * Tool lists that Claude Code reads otherwise than the registry: errors, since what the registry shows (and
 * compiles for other clients) would not be what the agent can do. Claude Code splits entries at spaces too,
 * takes an entry "*" as every tool, and gives a `tools:` without a value no tool at all.
 */
function readingIssues(record: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['tools', 'disallowedTools'] as const) {
    const value = record[field];
    if (value === undefined) continue;
    const error = (code: DiagnosticCode, message: string, path: (string | number)[] = [field]) => issues.push({ severity: 'error', code, message, path });
    if (value === null) {
      if (field === 'tools')
        error(
          'tool-list-reading',
          '"tools" has no value: Claude Code then gives the agent no tool at all; list the tools, or remove the line to grant every tool',
        );
      continue;
    }
    const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
    if (items === undefined) continue;
    items.forEach((item, index) => {
      if (typeof item !== 'string') return;
      const path = Array.isArray(value) ? [field, index] : [field];
      // The registry takes a list item whole and splits a string at commas; Claude Code splits both at spaces too.
      const ours = Array.isArray(value) ? toList([item]) : toList(item);
      const claudeCode = splitToolEntries([item]);
      if (claudeCode.some((entry) => grantedTool(entry).includes('*'))) {
        error(
          'tool-wildcard',
          `"${field}" holds a wildcard: Claude Code reads "*" as every tool and matches patterns the registry cannot show; name each tool (write no "tools" line to grant every tool)`,
          path,
        );
      } else if (ours.length !== claudeCode.length || ours.some((entry, at) => entry !== claudeCode[at])) {
        error(
          'tool-list-reading',
          `Claude Code reads "${field}" here as ${claudeCode.map((entry) => `"${entry}"`).join(', ')}, not as ${ours.map((entry) => `"${entry}"`).join(', ')}: separate tool names with commas only, one name per list item`,
          path,
        );
      }
    });
  }
  return issues;
}

function emptyValueIssues(record: Record<string, unknown>): Issue[] {
  return Object.entries(record)
    .filter(([key, value]) => value === null && key !== 'tools' && KNOWN_KEY_SET.has(key))
    .map(([key]) => ({
      severity: 'warning',
      code: 'empty-value',
      message: `"${key}" has no value and is ignored; give it a value or remove the line`,
      path: [key],
    }));
}

function unknownKeyIssues(record: Record<string, unknown>): Issue[] {
  return Object.keys(record)
    .filter((key) => !KNOWN_KEY_SET.has(key))
    .map((key) => ({
      severity: 'warning',
      code: 'unknown-key',
      message: `unknown key "${key}" is ignored by Claude Code${didYouMean(key, KNOWN_KEYS)}`,
      path: [key],
    }));
}

function valueWarnings(frontmatter: AgentFrontmatter, raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const warn = (code: DiagnosticCode, message: string, path: (string | number)[]) => issues.push({ severity: 'warning', code, message, path });

  for (const field of ['tools', 'disallowedTools'] as const) {
    const tools = frontmatter[field];
    if (tools === undefined) continue;
    const seen = new Set<string>();
    tools.forEach((tool, index) => {
      // A list item is located at its own line; a comma-separated string at the key.
      const path = Array.isArray(raw[field]) ? [field, index] : [field];
      if (seen.has(tool)) warn('duplicate-tool', `"${tool}" is listed more than once in "${field}"`, path);
      seen.add(tool);
      if (!isKnownTool(tool)) {
        warn('unknown-tool', `"${tool}" is not a Claude Code tool${didYouMean(grantedTool(tool), KNOWN_TOOLS)}`, path);
      }
    });
  }
  issues.push(...capabilityWarnings(frontmatter, raw));
  const { model, color, effort, category } = frontmatter;
  if (model !== undefined && !isKnownModel(model)) {
    warn(
      'unknown-model',
      `model "${model}" is not a known alias (${MODEL_ALIASES.join(', ')}) or a full model id such as "claude-sonnet-4-5"${didYouMean(model, MODEL_ALIASES)}`,
      ['model'],
    );
  }
  if (color !== undefined && !(COLORS as readonly string[]).includes(color)) {
    warn('unknown-color', `color "${color}" is not one of ${COLORS.join(', ')}${didYouMean(color, COLORS)}`, ['color']);
  }
  if (effort !== undefined && !(EFFORT_LEVELS as readonly string[]).includes(effort)) {
    warn('unknown-effort', `effort "${effort}" is not one of ${EFFORT_LEVELS.join(', ')}`, ['effort']);
  }
  if (category !== undefined && !(CATEGORIES as readonly string[]).includes(category)) {
    warn('unknown-category', `category "${category}" is not a registry category (${CATEGORIES.join(', ')})${didYouMean(category, CATEGORIES)}`, ['category']);
  }
  return issues;
}

/**
 * Tools that reach outside the project unrestricted. In a subagent's `tools`, `Bash(git diff:*)` or
 * `WebFetch(domain:…)` grant the whole tool (Claude Code resolves an entry to the tool it names).
 */
export const POWERFUL_TOOLS: Record<string, string> = {
  Bash: "the agent can run any command on the user's machine",
  WebFetch: 'the agent can fetch any URL: data can leave the machine and fetched pages can carry instructions',
};

const narrowedNote = (entry: string, tool: string) =>
  entry === tool ? '' : ` (in a subagent's "tools", ${entry} grants all of ${tool}: the pattern restricts nothing there)`;

export const LONG_DESCRIPTION = 1024;

/** What an agent is allowed to do, as warnings a reviewer sees. */
function capabilityWarnings(frontmatter: AgentFrontmatter, raw: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (frontmatter.tools === undefined) {
    issues.push({
      severity: 'warning',
      code: 'inherits-all-tools',
      message: 'no "tools" list: the agent inherits every tool, MCP tools included; list the tools it needs',
      path: ['tools'],
    });
  }
  frontmatter.tools?.forEach((entry, index) => {
    const tool = grantedTool(entry);
    const risk = POWERFUL_TOOLS[tool];
    if (risk)
      issues.push({
        severity: 'warning',
        code: 'grants-tool',
        message: `grants ${tool}: ${risk}${narrowedNote(entry, tool)}`,
        path: Array.isArray(raw.tools) ? ['tools', index] : ['tools'],
      });
  });
  const memoryAdds =
    frontmatter.memory === undefined || frontmatter.tools === undefined ? [] : MEMORY_TOOLS.filter((tool) => !frontmatter.tools?.includes(tool));
  if (memoryAdds.length > 0) {
    issues.push({
      severity: 'warning',
      code: 'grants-tool',
      message: `memory gives the agent ${memoryAdds.join(', ')} as well as its "tools" (Claude Code adds them so it can keep its memory files)`,
      path: ['memory'],
    });
  }
  if (frontmatter.permissionMode === 'bypassPermissions') {
    issues.push({
      severity: 'warning',
      code: 'bypass-permissions',
      message: 'permissionMode bypassPermissions runs every tool call without asking the user',
      path: ['permissionMode'],
    });
  }
  if (frontmatter.description.length > LONG_DESCRIPTION) {
    issues.push({
      severity: 'warning',
      code: 'long-description',
      message: `the description is ${frontmatter.description.length} characters long (over ${LONG_DESCRIPTION}): it is loaded into every session's context; move examples into the body`,
      path: ['description'],
    });
  }
  return issues;
}

export function isKnownTool(tool: string): boolean {
  return tool.startsWith('mcp__') || TOOL_NAMES.has(grantedTool(tool));
}

export function isKnownModel(model: string): boolean {
  return (MODEL_ALIASES as readonly string[]).includes(model) || MODEL_ID_PATTERN.test(model);
}

/** Rule codes for fields whose format has a rule of its own (`withoutEmptyValues`, `fromZodIssue` and `POWERFUL_TOOLS` serve skill.ts too). */
const FORMAT_CODES: Record<string, DiagnosticCode> = { name: 'invalid-name' };

export function fromZodIssue(issue: z.core.$ZodIssue): Issue {
  const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
  const field = path.length === 0 ? 'frontmatter' : `"${path.join('.')}"`;
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom !== undefined && isDiagnosticCode(custom)) return { severity: 'error', code: custom, message: issue.message, path };
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { severity: 'error', code: 'missing-field', message: `${field} is required`, path }
        : {
            severity: 'error',
            code: 'invalid-type',
            message: `${field} must be ${article(issue.expected)}, got ${describe(issue.input)}`,
            path,
          };
    case 'invalid_value':
      return {
        severity: 'error',
        code: 'invalid-value',
        message: `${field} must be one of ${issue.values.map(String).join(', ')}, got ${describe(issue.input)}${didYouMean(String(issue.input), issue.values.map(String))}`,
        path,
      };
    case 'invalid_union':
      return { severity: 'error', code: 'invalid-type', message: `${field} has the wrong shape, got ${describe(issue.input)}`, path };
    case 'invalid_format':
      return { severity: 'error', code: FORMAT_CODES[String(path[0])] ?? 'invalid-value', message: issue.message, path };
    default:
      // Our schema words its own messages for the remaining checks (lengths, numbers).
      return { severity: 'error', code: 'invalid-value', message: issue.message.startsWith('"') ? issue.message : `${field}: ${issue.message}`, path };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return `${typeof value} ${String(value)}`;
}
