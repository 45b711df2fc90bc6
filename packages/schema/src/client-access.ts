import { grantedTool } from './claude-code-reading.js';
import type { Agent } from './schema.js';

/**
 * What a Claude Code definition lets an agent do, in classes of capability that other clients can
 * express. A class counts as granted only when its key tools are granted without restriction and no
 * tool of the class is denied: a client setting that enables the class then gives no more than the
 * definition does. Everything else a client cannot express is left out (stricter), never widened.
 */
export const CAPABILITIES = ['read', 'search', 'write', 'execute', 'web', 'delegate', 'todo'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The Claude Code tools of each class; the first group is what must be granted, the second what must not be denied. */
const CLASSES: Record<Capability, { keys: readonly (readonly string[])[]; members: readonly string[] }> = {
  // Read reads notebooks too; LS lists what Read and Glob already reveal.
  read: { keys: [['Read']], members: ['Read', 'NotebookRead', 'LS'] },
  // Grep finds files as well as lines in them (its file-name filters and matching files), so it covers Glob.
  search: { keys: [['Grep']], members: ['Grep', 'Glob'] },
  // Write replaces a whole file, so it covers every narrower edit.
  write: { keys: [['Write']], members: ['Write', 'Edit', 'MultiEdit', 'NotebookEdit'] },
  // TaskStop is what KillShell and KillBash are now called (claude-code-reading.ts).
  execute: { keys: [['Bash']], members: ['Bash', 'BashOutput', 'KillShell', 'KillBash', 'TaskStop', 'PowerShell'] },
  web: { keys: [['WebFetch'], ['WebSearch']], members: ['WebFetch', 'WebSearch'] },
  // Task is the former name of Agent: either grants it.
  delegate: { keys: [['Agent', 'Task']], members: ['Agent', 'Task'] },
  todo: { keys: [['TodoWrite']], members: ['TodoWrite'] },
};

export interface ToolAccess {
  /** No `tools` list and nothing denied: the agent has every tool of the session, MCP tools included. */
  unrestricted: boolean;
  /** The classes the definition grants in full. */
  capabilities: ReadonlySet<Capability>;
  /** The `tools` entries that no granted class carries (restricted forms, MCP tools, tools of a class not granted in full). */
  uncarried: readonly string[];
}

export function toolAccess(agent: Pick<Agent, 'tools' | 'disallowedTools' | 'permissionMode'>): ToolAccess {
  const inherits = agent.tools === undefined;
  const listed = new Set((agent.tools ?? []).filter((entry) => !entry.includes('(')));
  const denied = new Set((agent.disallowedTools ?? []).map(grantedTool));
  const granted = (tool: string) => !denied.has(tool) && (inherits || listed.has(tool));
  const capabilities = new Set<Capability>();
  for (const capability of CAPABILITIES) {
    const { keys, members } = CLASSES[capability];
    if (keys.every((alternatives) => alternatives.some(granted)) && !members.some((tool) => denied.has(tool))) capabilities.add(capability);
  }
  // A shell reads and searches whatever it can reach (cat, grep, find): execute implies both. (Writing through
  // the shell is not taken to imply the write class: a client's write setting needs Write itself.)
  if (capabilities.has('execute')) for (const capability of ['read', 'search'] as const) capabilities.add(capability);
  // Plan mode: the agent only reads and proposes.
  if (agent.permissionMode === 'plan') for (const capability of ['write', 'execute', 'delegate'] as const) capabilities.delete(capability);
  const carried = (entry: string) =>
    !entry.includes('(') && CAPABILITIES.some((capability) => capabilities.has(capability) && CLASSES[capability].members.includes(entry));
  return {
    unrestricted: inherits && denied.size === 0 && agent.permissionMode !== 'plan',
    capabilities,
    uncarried: (agent.tools ?? []).filter((entry) => !carried(entry)),
  };
}

/** Whether every capability of `needed` is granted. */
export const grantsAll = (access: ToolAccess, needed: readonly Capability[]): boolean => needed.every((capability) => access.capabilities.has(capability));
