import { type Agent, type Capability, type ClientId, toolAccess } from '@agents/schema';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { type ToolNamesClient, toolClasses } from './tool-names.js';

/** What an agent file of another client says, read as that client reads it. */
export interface ClientFile {
  name: unknown;
  description: unknown;
  /** The body (Markdown clients) or `developer_instructions` (Codex), trimmed as Claude Code trims a prompt. */
  prompt: unknown;
  /** What the client lets the agent do: capability classes, or everything. */
  allows: ReadonlySet<Capability> | 'all';
}

/** The classes a list of a client's tool names allows; any name outside the table (`*`, an MCP tool, a category) counts as every tool. */
function listAllows(names: Readonly<Record<string, Capability>>, tools: unknown): ClientFile['allows'] {
  const list = typeof tools === 'string' ? tools.split(',') : Array.isArray(tools) ? tools : undefined;
  if (list === undefined) return 'all';
  const allowed = new Set<Capability>();
  for (const entry of list) {
    const capability = typeof entry === 'string' ? names[entry.trim()] : undefined;
    if (capability === undefined) return 'all';
    allowed.add(capability);
  }
  return allowed;
}

/** The classes a list of a client's own tool names grants: for what a client reports it resolved (its conformance check). */
export const toolNamesAllow = (client: ToolNamesClient, names: readonly string[]): ClientFile['allows'] => listAllows(toolClasses(client), names);

/** OpenCode's permission map, whose last matching rule wins: bounded only when it starts by denying every tool (`"*": deny`). */
function openCodeAllows(permission: unknown): ClientFile['allows'] {
  if (permission === null || typeof permission !== 'object' || Array.isArray(permission)) return 'all';
  const rules = Object.entries(permission);
  if (rules[0]?.[0] !== '*' || rules[0][1] !== 'deny') return 'all';
  return listAllows(
    toolClasses('opencode'),
    rules.slice(1).flatMap(([key, rule]) => (rule === 'deny' ? [] : [key])),
  );
}

/** Codex: read-only reads (and runs read-only commands); workspace-write also writes and runs commands; anything else is not bounded here. */
function codexAllows(sandbox: unknown): ClientFile['allows'] {
  if (sandbox === 'read-only') return new Set(['read', 'search']);
  if (sandbox === 'workspace-write') return new Set(['read', 'search', 'write', 'execute']);
  return 'all';
}

/** What a Markdown client's frontmatter lets the agent do; no setting at all is every tool. */
function markdownAllows(client: Exclude<ClientId, 'codex'>, data: Record<string, unknown>): ClientFile['allows'] {
  switch (client) {
    case 'cursor':
      return data.readonly === true ? new Set(['read', 'search']) : 'all';
    case 'opencode':
      return openCodeAllows(data.permission);
    // Factory's "read-only" category is the only string that is not a list.
    case 'factory':
      return data.tools === 'read-only' ? new Set(['read', 'search']) : data.tools === undefined ? 'all' : listAllows(toolClasses('factory'), data.tools);
    default:
      return data.tools === undefined || data.tools === null ? 'all' : listAllows(toolClasses(client), data.tools);
  }
}

/**
 * Where a Markdown client's frontmatter ends: at the first line that starts with "---", whatever follows on
 * it (Gemini CLI 0.61.0's FRONTMATTER_REGEX in its bundle's loader chunk; gray-matter, which OpenCode's
 * documentation names, closes the same way). What follows such a line on it is lost, body included.
 */
const MARKDOWN_FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n([\s\S]*))?/;

/** Reads a client's agent file back; undefined when it does not parse as that client's format. */
export function readClientFile(client: ClientId, text: string): ClientFile | undefined {
  try {
    if (client === 'codex') {
      const data = parseToml(text);
      const prompt = typeof data.developer_instructions === 'string' ? data.developer_instructions.trim() : data.developer_instructions;
      return { name: data.name, description: data.description, prompt, allows: codexAllows(data.sandbox_mode) };
    }
    const match = MARKDOWN_FRONTMATTER.exec(text);
    if (match === null) return undefined;
    const data = parseYaml(match[1]!, { maxAliasCount: 0 }) as Record<string, unknown> | null;
    if (data === null || typeof data !== 'object') return undefined;
    const prompt = (match[2] ?? '').trim();
    return { name: data.name, description: data.description, prompt, allows: markdownAllows(client, data) };
  } catch {
    return undefined;
  }
}

/**
 * Why a client's file is not the agent it comes with, or undefined when it is: the same name, description
 * and prompt as agent.md, and nothing the definition does not grant (never wider).
 */
export function clientFileMismatch(client: ClientId, text: string, agent: Agent): string | undefined {
  const file = readClientFile(client, text);
  if (file === undefined) return 'it does not parse';
  for (const field of ['name', 'description', 'prompt'] as const) {
    if (file[field] !== agent[field]) return `its ${field} is not the one of agent.md`;
  }
  const access = toolAccess(agent);
  if (access.unrestricted) return undefined;
  if (file.allows === 'all') return 'it grants every tool, and agent.md does not';
  const wider = [...file.allows].filter((capability) => !access.capabilities.has(capability));
  return wider.length === 0 ? undefined : `it grants ${wider.join(', ')}, which agent.md does not`;
}
