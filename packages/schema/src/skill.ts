import { z } from 'zod';
import { fromZodIssue, type Issue, POWERFUL_TOOLS, withoutEmptyValues } from './check.js';
import { grantedTool, splitToolEntries } from './claude-code-reading.js';
import type { DiagnosticCode } from './codes.js';
import { didYouMean } from './suggest.js';
import { NAME_MAX_LENGTH, NAME_PATTERN } from './vocabulary.js';

/** The file that makes a folder a skill (Agent Skills, agentskills.io/specification). */
export const SKILL_FILE = 'SKILL.md';

/** The Agent Skills format's limits: a description at most 1,024 characters, a compatibility note at most 500. */
export const SKILL_DESCRIPTION_MAX = 1024;
const COMPATIBILITY_MAX = 500;

/**
 * A skill's frontmatter, as the Agent Skills specification states it: `name` (the folder's name) and
 * `description` required, then `license`, `compatibility`, `metadata` (strings to strings) and
 * `allowed-tools`. Other keys pass through; `checkSkillFrontmatter` says which a client reads.
 */
const skillSchema = z.looseObject({
  name: z
    .string()
    .max(NAME_MAX_LENGTH, { message: `"name" must be at most ${NAME_MAX_LENGTH} characters` })
    .regex(NAME_PATTERN, { message: '"name" must be lowercase letters and digits in words joined by single hyphens (e.g. "pdf-processing")' }),
  description: z
    .string()
    .refine((value) => value.trim() !== '', { message: '"description" must not be empty', params: { code: 'empty-description' satisfies DiagnosticCode } })
    .refine((value) => value.length <= SKILL_DESCRIPTION_MAX, {
      message: `"description" must be at most ${SKILL_DESCRIPTION_MAX} characters (the Agent Skills format's limit): every session holds it`,
      params: { code: 'long-description' satisfies DiagnosticCode },
    }),
  license: z.string().optional(),
  compatibility: z
    .string()
    .max(COMPATIBILITY_MAX, { message: `"compatibility" must be at most ${COMPATIBILITY_MAX} characters` })
    .optional(),
  metadata: z.record(z.string(), z.string(), { message: '"metadata" must map names to text values' }).optional(),
  'allowed-tools': z.union([z.string(), z.array(z.string())]).optional(),
});

/**
 * Keys Claude Code 2.1.332 reads in a SKILL.md beside the format's (its skill schema, in its shipped code):
 * how it is invoked, where it runs, and what it may do while active.
 */
const CLAUDE_CODE_SKILL_KEYS = [
  'when_to_use',
  'argument-hint',
  'arguments',
  'disable-model-invocation',
  'user-invocable',
  'model',
  'effort',
  'shell',
  'paths',
  'hooks',
  'context',
  'agent',
  'background',
  'disallowed-tools',
  'version',
] as const;

const SKILL_KEYS: readonly string[] = [...Object.keys(skillSchema.shape), ...CLAUDE_CODE_SKILL_KEYS];
const KNOWN_SKILL_KEYS: ReadonlySet<string> = new Set(SKILL_KEYS);

/** A skill as its SKILL.md states it: the format's fields, `allowed-tools` as the list Claude Code reads, and the instructions (the body). */
export interface Skill {
  name: string;
  description: string;
  license?: string;
  compatibility?: string;
  metadata?: Record<string, string>;
  /** Tools the client runs without asking while the skill is active, split as Claude Code splits them (commas and spaces outside parentheses). */
  allowedTools?: string[];
  /** Every key of the frontmatter, as written (Claude Code's own keys included). */
  frontmatter: Record<string, unknown>;
  instructions: string;
}

export interface SkillCheckResult {
  /** The skill without its instructions, or `undefined` when the frontmatter has errors. */
  skill: Omit<Skill, 'instructions'> | undefined;
  issues: Issue[];
}

/**
 * Validates a SKILL.md's parsed frontmatter: errors where the Agent Skills format is broken, warnings
 * for what lets the skill do more than its instructions (tools approved without asking, hooks, a fork
 * into another agent) and for keys no client reads.
 */
export function checkSkillFrontmatter(data: unknown): SkillCheckResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { skill: undefined, issues: [{ severity: 'error', code: 'not-a-mapping', message: 'frontmatter must be a mapping of keys to values', path: [] }] };
  }
  const record = withoutEmptyValues(data as Record<string, unknown>);
  const issues: Issue[] = Object.keys(data)
    .filter((key) => !KNOWN_SKILL_KEYS.has(key))
    .map((key) => ({
      severity: 'warning',
      code: 'unknown-key',
      message: `unknown key "${key}": neither the Agent Skills format nor Claude Code reads it${didYouMean(key, SKILL_KEYS)}`,
      path: [key],
    }));
  const parsed = skillSchema.safeParse(record, { reportInput: true });
  if (!parsed.success) return { skill: undefined, issues: [...issues, ...parsed.error.issues.map(fromZodIssue)] };
  const { name, description, license, compatibility, metadata } = parsed.data;
  const written = parsed.data['allowed-tools'];
  const allowedTools = written === undefined ? undefined : splitToolEntries(typeof written === 'string' ? [written] : written);
  issues.push(...capabilityIssues(record, allowedTools));
  const skill = { name, description, license, compatibility, metadata, allowedTools, frontmatter: record };
  return {
    skill: issues.some((issue) => issue.severity === 'error')
      ? undefined
      : (Object.fromEntries(Object.entries(skill).filter(([, value]) => value !== undefined)) as typeof skill),
    issues,
  };
}

/** What a skill lets the session do while it is active, beyond reading its instructions. */
function capabilityIssues(record: Record<string, unknown>, allowedTools: string[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const warn = (code: DiagnosticCode, message: string, path: string[]) => issues.push({ severity: 'warning', code, message, path });
  for (const entry of allowedTools ?? []) {
    if (entry === '*') {
      warn('grants-tool', '"allowed-tools" holds "*": Claude Code runs every tool without asking while the skill is active', ['allowed-tools']);
      continue;
    }
    const tool = grantedTool(entry);
    const risk = POWERFUL_TOOLS[tool];
    if (risk)
      warn('grants-tool', `"allowed-tools" approves ${entry} without asking while the skill is active: ${risk.replace('the agent', 'the session')}`, [
        'allowed-tools',
      ]);
  }
  if (record.hooks !== undefined) warn('runs-command', '"hooks" run commands on the user\'s machine while the skill is active', ['hooks']);
  if (record.context === 'fork') {
    const agent = typeof record.agent === 'string' ? `the agent "${record.agent}"` : 'a general-purpose agent';
    warn('runs-command', `"context: fork" runs the skill in ${agent}, with that agent's tools`, ['context']);
  }
  return issues;
}

/** Claude Code 2.1.332's own patterns (its shipped code) for the shell commands a skill's instructions run. */
const COMMAND_BLOCK = /```!\s*\n?[\s\S]*?\n?```/g;
const INLINE_COMMAND = /(?<=^|\s)!`[^`]+`/gm;

/**
 * Shell commands that Claude Code runs when the skill is invoked, before the model reads it: `` !`command` ``
 * after a space or at a line's start, and ```` ```! ```` blocks (its "dynamic context"), found with its own
 * patterns; each as written, with its offset in `instructions`.
 */
export function commandsInInstructions(instructions: string): { command: string; offset: number }[] {
  const found = [...instructions.matchAll(COMMAND_BLOCK), ...instructions.matchAll(INLINE_COMMAND)].map((match) => ({
    command: match[0],
    offset: match.index,
  }));
  return found.sort((a, b) => a.offset - b.offset);
}
