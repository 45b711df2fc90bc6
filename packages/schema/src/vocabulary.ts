/**
 * What Claude Code's subagent format allows, as Claude Code 2.1.332 reads it (`pnpm test:claude` checks
 * these lists against what the program itself names: test/claude-code/vocabulary.test.ts). Sets that
 * Claude Code extends over time (tools, model aliases, colours, effort levels)
 * only produce warnings when a value is missing from them; see `check.ts`.
 */

/** Our registry's categories: the folder an agent lives in, and its `category` field. */
export const CATEGORIES = ['development', 'infrastructure', 'architecture', 'design', 'quality', 'security', 'analysis', 'operations'] as const;

export const COLORS = ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'pink', 'cyan'] as const;

export const PERMISSION_MODES = ['default', 'acceptEdits', 'auto', 'dontAsk', 'bypassPermissions', 'plan'] as const;

export const MEMORY_SCOPES = ['user', 'project', 'local'] as const;

// `remote` runs the agent in a cloud session of its own.
export const ISOLATION_MODES = ['worktree', 'remote'] as const;

export const EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

/** The fewest tokens `autoCompactWindow` may name (Claude Code ignores a smaller window, with a warning in its debug log). */
export const AUTO_COMPACT_WINDOW_MIN = 100_000;

export const MODEL_ALIASES = ['inherit', 'sonnet', 'opus', 'haiku', 'fable', 'best', 'opusplan', 'sonnet[1m]', 'opus[1m]', 'fable[1m]'] as const;

/** A full model id such as `claude-sonnet-4-5-20250929`. */
export const MODEL_ID_PATTERN = /^claude-[a-z0-9][a-z0-9.-]*(\[1m\])?$/;

/** Names of Claude Code's built-in tools. `mcp__server__tool` names are valid too. */
export const KNOWN_TOOLS = [
  'Agent',
  'AskUserQuestion',
  'Bash',
  'BashOutput',
  'CronCreate',
  'CronDelete',
  'CronList',
  'Edit',
  'EnterPlanMode',
  'EnterWorktree',
  'ExitPlanMode',
  'ExitWorktree',
  'Glob',
  'Grep',
  'KillBash',
  'KillShell',
  'LS',
  'LSP',
  'ListAgents',
  'ListMcpResourcesTool',
  'Monitor',
  'MultiEdit',
  'NotebookEdit',
  'NotebookRead',
  'PowerShell',
  'Read',
  'ReadMcpResourceTool',
  'ReportFindings',
  'ScheduleWakeup',
  'SendMessage',
  'Skill',
  'SlashCommand',
  'Task',
  'TaskCreate',
  'TaskGet',
  'TaskList',
  'TaskOutput',
  'TaskStop',
  'TaskUpdate',
  'TodoRead',
  'TodoWrite',
  'ToolSearch',
  'WebFetch',
  'WebSearch',
  'Workflow',
  'Write',
] as const;

/** Names Claude Code gives its own agents: a registry agent may not take them. */
// `fork` is the agent type Claude Code 2.1.332 spawns to continue the conversation in a subagent; `claude` is its
// catch-all agent. Older versions' built-in agents stay reserved: a user may still run one.
export const BUILTIN_AGENT_NAMES = [
  'general-purpose',
  'explore',
  'plan',
  'statusline-setup',
  'output-style-setup',
  'claude-code-guide',
  'fork',
  'claude',
] as const;

/** `name`: lowercase letters and digits in hyphen-separated words. */
export const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const NAME_MAX_LENGTH = 64;

/** Whether `name` is an agent name: the pattern, and at most NAME_MAX_LENGTH characters. */
export const isAgentName = (name: string) => name.length <= NAME_MAX_LENGTH && NAME_PATTERN.test(name);

/** A version as semver.org defines it (its own regular expression): what npm publishes and installs. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export type Category = (typeof CATEGORIES)[number];
export type Color = (typeof COLORS)[number];
export type PermissionMode = (typeof PERMISSION_MODES)[number];
