import { type Agent, type Capability, type ClientId, toolAccess } from '@agents/schema';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** What an agent file of another client says, read as that client reads it. */
export interface ClientFile {
  name: unknown;
  description: unknown;
  /** The body (Markdown clients) or `developer_instructions` (Codex), trimmed as Claude Code trims a prompt. */
  prompt: unknown;
  /** What the client lets the agent do: capability classes, or everything. */
  allows: ReadonlySet<Capability> | 'all';
}

const COPILOT_ALIASES: Readonly<Record<string, Capability>> = {
  read: 'read',
  search: 'search',
  edit: 'write',
  execute: 'execute',
  web: 'web',
  agent: 'delegate',
  todo: 'todo',
};

/** Copilot: no tools list is every tool; `*`, an MCP server's tools (`server/tool`) or a Claude Code name count as every tool too. */
function copilotAllows(tools: unknown): ClientFile['allows'] {
  if (tools === undefined || tools === null) return 'all';
  const list = typeof tools === 'string' ? tools.split(',') : Array.isArray(tools) ? tools : undefined;
  if (list === undefined) return 'all';
  const allowed = new Set<Capability>();
  for (const entry of list) {
    const capability = COPILOT_ALIASES[String(entry).trim().toLowerCase()];
    if (capability === undefined) return 'all';
    allowed.add(capability);
  }
  return allowed;
}

/** Codex: read-only reads (and runs read-only commands); workspace-write also writes and runs commands; anything else is not bounded here. */
function codexAllows(sandbox: unknown): ClientFile['allows'] {
  if (sandbox === 'read-only') return new Set(['read', 'search']);
  if (sandbox === 'workspace-write') return new Set(['read', 'search', 'write', 'execute']);
  return 'all';
}

/** Reads a client's agent file back; undefined when it does not parse as that client's format. */
export function readClientFile(client: ClientId, text: string): ClientFile | undefined {
  try {
    if (client === 'codex') {
      const data = parseToml(text);
      const prompt = typeof data.developer_instructions === 'string' ? data.developer_instructions.trim() : data.developer_instructions;
      return { name: data.name, description: data.description, prompt, allows: codexAllows(data.sandbox_mode) };
    }
    const closing = text.indexOf('\n---\n');
    if (!text.startsWith('---\n') || closing === -1) return undefined;
    const data = parseYaml(text.slice(4, closing + 1), { maxAliasCount: 0 }) as Record<string, unknown> | null;
    if (data === null || typeof data !== 'object') return undefined;
    const prompt = text.slice(closing + 5).trim();
    const allows = client === 'copilot' ? copilotAllows(data.tools) : data.readonly === true ? new Set<Capability>(['read', 'search']) : 'all';
    return { name: data.name, description: data.description, prompt, allows };
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
