/** Codex pinned for the conformance (the version its converter follows), and the newest seen on the registry. */
export const CODEX = '@openai/codex@0.169.0';
export const CODEX_LATEST = '@openai/codex@0.171.0';
