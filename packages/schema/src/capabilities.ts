import { grantedTool, MEMORY_TOOLS } from './claude-code-reading.js';
import type { Agent } from './schema.js';

/**
 * What an agent may do, as one policy for everything that judges it (the gate's warnings, the
 * capability diff of a pull request, the catalog's "capabilities at a glance").
 */

/** The tools an agent may use: the tools it lists, or `'all'` (every tool of the session, MCP tools included) when it lists none. */
export type ToolGrant = string[] | 'all';

/**
 * The tools Claude Code gives the agent as a subagent: every tool without a list; else each entry's tool
 * (`Bash(git diff:*)` gives all of Bash), and the tools `memory` adds.
 */
export function toolGrant(agent: Pick<Agent, 'tools' | 'memory'>): ToolGrant {
  if (agent.tools === undefined) return 'all';
  const tools = agent.tools.map(grantedTool);
  if (agent.memory !== undefined) tools.push(...MEMORY_TOOLS);
  return [...new Set(tools)];
}

/** Permission modes that let tool calls run without the user's approval (plan mode only narrows what the agent may do). */
const LOOSENING_PERMISSION_MODES: ReadonlySet<string> = new Set(['acceptEdits', 'auto', 'dontAsk', 'bypassPermissions']);

export const loosensPermissions = (mode: string | undefined): boolean => mode !== undefined && LOOSENING_PERMISSION_MODES.has(mode);

/**
 * The session modes in which Claude Code (2.1.332) runs a subagent instead of the agent's own mode: an
 * agent's permissionMode holds only under a session in default or dontAsk mode, and its bypassPermissions
 * only under a session that bypasses already (test/claude-code/permission-mode.test.ts shows both).
 */
export const SESSION_MODES_OVER_AGENT = ['acceptEdits', 'auto', 'plan', 'bypassPermissions'] as const;
