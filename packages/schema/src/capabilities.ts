import type { Agent } from './schema.js';

/**
 * What an agent may do, as one policy for everything that judges it (the gate's warnings, the
 * capability diff of a pull request, the catalog's "capabilities at a glance").
 */

/** The tools an agent may use: the tools it lists, or `'all'` (every tool of the session, MCP tools included) when it lists none. */
export type ToolGrant = string[] | 'all';

export const toolGrant = (agent: Pick<Agent, 'tools'>): ToolGrant => agent.tools ?? 'all';

/** Permission modes that let tool calls run without the user's approval (plan mode only narrows what the agent may do). */
const LOOSENING_PERMISSION_MODES: ReadonlySet<string> = new Set(['acceptEdits', 'auto', 'dontAsk', 'bypassPermissions']);

export const loosensPermissions = (mode: string | undefined): boolean => mode !== undefined && LOOSENING_PERMISSION_MODES.has(mode);
