/** Pinned: the Claude Code whose shipped code packages/schema/src/claude-code-reading.ts follows. */
export const CLAUDE_CODE = '@anthropic-ai/claude-code@2.1.332';
