import { CAPABILITIES, type Capability } from '@agents/schema';

/**
 * Each client's own tool names (Copilot's aliases, OpenCode's permission keys), the class of each, and
 * whether the compiler writes it: one table per client, from which both the compiler (class → names it
 * writes) and the read-back (name → class) derive, so the two cannot disagree. A name the client accepts
 * but the compiler never writes is still read back, as what it would let an agent do.
 */
interface ToolName {
  capability: Capability;
  /** Accepted by the client but never written by the compiler, and why. */
  notWritten?: string;
}

type Vocabulary = Readonly<Record<string, ToolName>>;

const written = (capability: Capability): ToolName => ({ capability });
const readBackOnly = (capability: Capability, notWritten: string): ToolName => ({ capability, notWritten });

/** The clients whose agent files name tools in their own words. */
export type ToolNamesClient = 'copilot' | 'opencode' | 'gemini' | 'antigravity' | 'factory';

export const CLIENT_TOOL_NAMES: Record<ToolNamesClient, Vocabulary> = {
  copilot: {
    read: written('read'),
    search: written('search'),
    edit: written('write'),
    execute: written('execute'),
    web: written('web'),
    agent: written('delegate'),
    todo: written('todo'),
  },
  opencode: {
    read: written('read'),
    list: readBackOnly('read', 'the read permission is what OpenCode asks of its list tool'),
    grep: written('search'),
    glob: written('search'),
    // OpenCode's edit permission covers its write and patch tools.
    edit: written('write'),
    write: readBackOnly('write', 'covered by the edit permission'),
    bash: written('execute'),
    webfetch: written('web'),
    websearch: written('web'),
    task: written('delegate'),
    todowrite: written('todo'),
  },
  gemini: {
    read_file: written('read'),
    list_directory: written('read'),
    read_many_files: readBackOnly('read', 'Gemini CLI 0.61.0 accepts it in a file but never registers it'),
    glob: written('search'),
    grep_search: written('search'),
    write_file: written('write'),
    replace: written('write'),
    run_shell_command: written('execute'),
    web_fetch: written('web'),
    google_web_search: written('web'),
    invoke_agent: readBackOnly('delegate', 'Gemini CLI skips invoke_agent for subagents'),
    write_todos: readBackOnly('todo', 'Gemini CLI offers write_todos only on Gemini 2.x models, not its default'),
  },
  // Antigravity CLI's tool names (secondary sources: obra/superpowers references/antigravity-tools.md, wshobson/agents
  // tools/adapters; Antigravity is not published on npm, so nothing here is checked against its own code).
  antigravity: {
    view_file: written('read'),
    list_dir: written('read'),
    view_file_outline: readBackOnly('read', 'an outline of what view_file shows'),
    grep_search: written('search'),
    find_by_name: written('search'),
    write_to_file: written('write'),
    replace_file_content: written('write'),
    multi_replace_file_content: written('write'),
    run_command: written('execute'),
    command_status: readBackOnly('execute', 'it reads the output of commands run_command started'),
    send_command_input: readBackOnly('execute', 'it types into commands run_command started'),
    read_url_content: written('web'),
    search_web: written('web'),
    browser_subagent: readBackOnly('web', 'a browser agent clicks and types in pages: more than fetching them'),
    invoke_subagent: written('delegate'),
  },
  factory: {
    Read: written('read'),
    LS: written('read'),
    Grep: written('search'),
    Glob: written('search'),
    Create: written('write'),
    Edit: written('write'),
    ApplyPatch: readBackOnly('write', 'Factory gives it on GPT models in place of Create and Edit'),
    Execute: written('execute'),
    FetchUrl: written('web'),
    WebSearch: written('web'),
    Task: written('delegate'),
    TodoWrite: written('todo'),
  },
};

/** The names the compiler writes for the classes an agent is granted, in the table's order. */
export function writtenToolNames(client: ToolNamesClient, granted: ReadonlySet<Capability>): string[] {
  const vocabulary = CLIENT_TOOL_NAMES[client];
  return CAPABILITIES.filter((capability) => granted.has(capability)).flatMap((capability) =>
    Object.entries(vocabulary)
      .filter(([, name]) => name.capability === capability && name.notWritten === undefined)
      .map(([id]) => id),
  );
}

/** The class of each name the client accepts, as the read-back reads it. */
export function toolClasses(client: ToolNamesClient): Readonly<Record<string, Capability>> {
  return Object.fromEntries(Object.entries(CLIENT_TOOL_NAMES[client]).map(([id, name]) => [id, name.capability]));
}
