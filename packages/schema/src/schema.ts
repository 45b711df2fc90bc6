import { z } from 'zod';
import type { DiagnosticCode } from './codes.js';
import { AUTO_COMPACT_WINDOW_MIN, ISOLATION_MODES, MEMORY_SCOPES, NAME_MAX_LENGTH, NAME_PATTERN, PERMISSION_MODES } from './vocabulary.js';

/** Splits Claude Code's comma-separated form; a YAML list is taken item by item. Items are trimmed, empty ones dropped. */
export function toList(value: string | readonly string[]): string[] {
  const items = typeof value === 'string' ? value.split(',') : value;
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** `tools`, `disallowedTools`, `skills`: `Read, Grep` or `[Read, Grep]`, normalised to `string[]`; each name on one line. */
const nameList = z
  .union([z.string(), z.array(z.string())])
  .transform(toList)
  .refine((names) => !names.some((name) => /[\x00-\x1f\x7f-\x9f]/.test(name)), {
    message: 'a name in this list holds a line break or control character: write each name on one line',
    params: { code: 'control-character' satisfies DiagnosticCode },
  });

const hookCommand = z.looseObject({
  type: z.string(),
  command: z.string().optional(),
  timeout: z.number().positive().optional(),
});

const hookMatcher = z.looseObject({
  matcher: z.string().optional(),
  hooks: z.array(hookCommand),
});

/** Either the name of an MCP server configured elsewhere, or an inline `{ name: config }`. */
const mcpServerEntry = z.union([z.string(), z.record(z.string(), z.looseObject({}))]);

const nonBlank = (field: 'description' | 'model') =>
  z.string().refine((value) => value.trim() !== '', {
    message: `"${field}" must not be empty`,
    params: { code: `empty-${field}` satisfies DiagnosticCode },
  });

/**
 * An agent definition as its frontmatter states it. Unknown keys pass through
 * (Claude Code ignores them; `checkAgent` warns about them).
 */
export const agentSchema = z.looseObject({
  name: z
    .string()
    .max(NAME_MAX_LENGTH, { message: `"name" must be at most ${NAME_MAX_LENGTH} characters` })
    .regex(NAME_PATTERN, {
      message: '"name" must be lowercase letters and digits in words joined by single hyphens (e.g. "data-platform-engineer")',
    }),
  description: nonBlank('description'),
  tools: nameList.optional(),
  disallowedTools: nameList.optional(),
  model: nonBlank('model').optional(),
  color: z.string().optional(),
  permissionMode: z.enum(PERMISSION_MODES).optional(),
  maxTurns: z.number().int().positive({ message: '"maxTurns" must be a whole number above 0' }).optional(),
  skills: nameList.optional(),
  memory: z.enum(MEMORY_SCOPES).optional(),
  effort: z.string().optional(),
  isolation: z.enum(ISOLATION_MODES).optional(),
  background: z.boolean().optional(),
  initialPrompt: z.string().optional(),
  autoCompactWindow: z
    .number()
    .int()
    .min(AUTO_COMPACT_WINDOW_MIN, { message: `"autoCompactWindow" must be a whole number of tokens, at least ${AUTO_COMPACT_WINDOW_MIN}` })
    .optional(),
  omitClaudeMd: z.boolean().optional(),
  // Another agent that Claude Code runs beside this one, fed its work: refused by checkFrontmatter.
  observer: z.string().optional(),
  observerMessage: z.string().optional(),
  observeSubagents: z.boolean().optional(),
  observeToolResults: z.boolean().optional(),
  mcpServers: z.union([z.array(mcpServerEntry), z.record(z.string(), z.looseObject({}))]).optional(),
  hooks: z.record(z.string(), z.array(hookMatcher)).optional(),
  category: z.string().optional(),
});

/** The frontmatter keys Claude Code documents, plus our `category`. */
export const KNOWN_KEYS: readonly string[] = Object.keys(agentSchema.shape);

/** The frontmatter of an agent, normalised (lists are arrays). */
export type AgentFrontmatter = z.output<typeof agentSchema>;

/** What an author may write in a frontmatter (lists as strings or arrays). */
export type AgentFrontmatterInput = z.input<typeof agentSchema>;

/** A complete agent: its frontmatter and its prompt (the Markdown body). */
export type Agent = AgentFrontmatter & { prompt: string };
