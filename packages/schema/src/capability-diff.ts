import { loosensPermissions, type ToolGrant, toolGrant } from './capabilities.js';
import type { Agent } from './schema.js';

export interface ListChange {
  before: ToolGrant;
  after: ToolGrant;
  added: string[];
  removed: string[];
}

export interface ValueChange<T> {
  before: T | null;
  after: T | null;
}

/** What a pull request changes in one agent's capabilities. Fields are present only when they changed. */
export interface AgentChange {
  name: string;
  path: string;
  status: 'added' | 'removed' | 'changed';
  tools?: ListChange;
  disallowedTools?: ListChange;
  model?: ValueChange<string>;
  permissionMode?: ValueChange<string>;
  hooks?: ValueChange<unknown>;
  mcpServers?: ValueChange<unknown>;
  prompt: { changed: boolean };
  /** Capabilities the agent gains, in words a reviewer reads. */
  gains: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function listChange(before: ToolGrant, after: ToolGrant): ListChange | undefined {
  if (same(before, after)) return undefined;
  const added = after === 'all' ? [] : after.filter((item) => before === 'all' || !before.includes(item));
  const removed = before === 'all' || after === 'all' ? [] : before.filter((item) => !after.includes(item));
  return { before, after, added, removed };
}

function valueChange<T>(before: T | undefined, after: T | undefined): ValueChange<T> | undefined {
  return same(before, after) ? undefined : { before: before ?? null, after: after ?? null };
}

/** What the skills an agent names approve without asking (`allowed-tools`), by skill name: part of what the agent may do. */
export type SkillApprovals = Readonly<Record<string, readonly string[]>>;

/** `skill <name> approves without asking: …` for each tool a skill approves after that it did not before (for this agent). */
function approvalGains(before: SkillApprovals, after: SkillApprovals): string[] {
  return Object.entries(after).flatMap(([skill, tools]) => {
    const added = tools.filter((tool) => !(before[skill] ?? []).includes(tool));
    return added.length > 0 ? [`skill ${skill} approves without asking: ${added.join(', ')}`] : [];
  });
}

/**
 * Compares an agent before and after a change (`undefined` when absent), with what the skills it names approve
 * before and after (`approvals`). Returns `undefined` when nothing a reviewer should see changed.
 */
export function diffAgent(
  name: string,
  path: string,
  before: Agent | undefined,
  after: Agent | undefined,
  approvals: { before: SkillApprovals; after: SkillApprovals } = { before: {}, after: {} },
): AgentChange | undefined {
  if (before === undefined && after === undefined) return undefined;
  const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
  const change: AgentChange = { name, path, status, prompt: { changed: before?.prompt !== after?.prompt }, gains: [] };
  const tools = listChange(before ? toolGrant(before) : [], after ? toolGrant(after) : []);
  const disallowed = listChange(before?.disallowedTools ?? [], after?.disallowedTools ?? []);
  const model = valueChange(before?.model, after?.model);
  const permissionMode = valueChange(before?.permissionMode, after?.permissionMode);
  const hooks = valueChange<unknown>(before?.hooks, after?.hooks);
  const mcpServers = valueChange<unknown>(before?.mcpServers, after?.mcpServers);
  if (tools) change.tools = tools;
  if (disallowed) change.disallowedTools = disallowed;
  if (model) change.model = model;
  if (permissionMode) change.permissionMode = permissionMode;
  if (hooks) change.hooks = hooks;
  if (mcpServers) change.mcpServers = mcpServers;

  if (after !== undefined) {
    if (tools?.after === 'all') change.gains.push('inherits every tool, MCP tools included (no "tools" list)');
    if (tools && tools.added.length > 0) change.gains.push(`gains tools: ${tools.added.join(', ')}`);
    if (disallowed && disallowed.removed.length > 0) change.gains.push(`no longer disallows: ${disallowed.removed.join(', ')}`);
    if (permissionMode?.after && loosensPermissions(permissionMode.after)) change.gains.push(`permissionMode becomes ${permissionMode.after}`);
    if (hooks?.after) change.gains.push("hooks change: they run commands on the user's machine");
    if (mcpServers?.after) change.gains.push('MCP servers change');
  }
  const approved = after === undefined ? [] : approvalGains(approvals.before, approvals.after);
  change.gains.push(...approved);
  const changed = status !== 'changed' || change.prompt.changed || tools || disallowed || model || permissionMode || hooks || mcpServers || approved.length > 0;
  return changed ? change : undefined;
}

/**
 * Whether a change lets the agent do more than before, so that an update must be accepted: a gain, or another
 * model (its cost and its reach change either way). A prompt-only change or a narrowing does not.
 */
export const widens = (change: AgentChange | undefined): boolean => change !== undefined && (change.gains.length > 0 || change.model !== undefined);
