/**
 * How Claude Code itself reads a subagent file, taken from its shipped code (the JavaScript inside the
 * platform binary of `@anthropic-ai/claude-code` 2.1.332; the names are the bundle's minified ones, so a
 * reader can find them with `strings` and keep this model current):
 *
 * - The frontmatter is `text.match(/^---\s*\n([\s\S]*?)---\s*\n?/)` (function `qd`, pattern `K0`): it
 *   ends at the first `---` after the opening line, wherever it stands (inside a value, in a comment).
 * - `tools` and `disallowedTools` go through `yvt` → `bgn` → `Qf`: an absent value is every tool; a value
 *   that is null or falsy (`tools:` with nothing, `""`) is no tool; a string is one entry, a list's string
 *   items are entries (others are dropped); every entry is split at commas and spaces outside parentheses;
 *   an entry `*` is every tool.
 * - A subagent's `Name(…)` entry resolves to the tool `Name`: the pattern restricts nothing. A former
 *   name resolves to the tool's current one (the bundle's table `jKo`: `Task` is `Agent`, `KillShell` is
 *   `TaskStop`, …).
 * - `memory` (with auto-memory on, the default) appends Read, Write and Edit to a `tools` list (`aUn`).
 */
export const CLAUDE_CODE_READING_VERSION = '2.1.332';

/** Where Claude Code's frontmatter ends: the offset of the first `---` after the opening line, or -1. */
export function claudeCodeFrontmatterEnd(text: string): number {
  const opening = /^---\s*\n/.exec(text);
  return opening === null ? -1 : text.indexOf('---', opening[0].length);
}

/** Claude Code's `Qf`: entries split at commas and spaces outside parentheses, trimmed, empty ones dropped. */
export function splitToolEntries(values: readonly string[]): string[] {
  const entries: string[] = [];
  for (const value of values) {
    let current = '';
    let inParentheses = false;
    const push = () => {
      if (current.trim() !== '') entries.push(current.trim());
      current = '';
    };
    for (const char of value) {
      if (char === '(') inParentheses = true;
      else if (char === ')') inParentheses = false;
      else if ((char === ',' || char === ' ') && !inParentheses) {
        push();
        continue;
      }
      if (current !== '' || char.trim() !== '') current += char;
    }
    push();
  }
  return entries;
}

/** The tools a `tools` (or `disallowedTools`) value names as Claude Code reads it: entries, or every tool. */
export function claudeCodeToolList(value: unknown): string[] | 'all' {
  if (value === undefined) return 'all';
  if (!value) return [];
  const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  const entries = splitToolEntries(strings);
  return entries.includes('*') ? 'all' : entries;
}

/** Former names Claude Code still accepts, and the tool each gives (its table `jKo`). */
const RENAMED: Readonly<Record<string, string>> = {
  Task: 'Agent',
  KillShell: 'TaskStop',
  KillBash: 'TaskStop',
  ListPeers: 'ListAgents',
  Brief: 'SendUserMessage',
  ListMcpResources: 'ListMcpResourcesTool',
  ReadMcpResource: 'ReadMcpResourceTool',
  ReadMcpResourceDir: 'ReadMcpResourceDirTool',
  ProposeGoal: 'SetGoal',
};

/** The tool an entry gives a subagent: `Bash(git diff:*)` gives all of Bash, `KillShell` gives TaskStop. */
export const grantedTool = (entry: string): string => {
  const paren = entry.indexOf('(');
  const tool = paren === -1 ? entry : entry.slice(0, paren);
  return RENAMED[tool] ?? tool;
};

/** What `memory` adds to a subagent's `tools` list, so that it can keep its memory files. */
export const MEMORY_TOOLS = ['Read', 'Write', 'Edit'] as const;
