import { z } from 'zod';

/** Flags that several commands share, for parseArgs and for their zod schema. */
export const userOption = { user: { type: 'boolean', default: false } } as const;
export const forceOption = { force: { type: 'boolean', default: false } } as const;
export const jsonOption = { json: { type: 'boolean', default: false } } as const;

export const USER_HELP = "  --user      Use ~/.claude/ ($CLAUDE_CONFIG_DIR when set) instead of the project's .claude/";
export const JSON_HELP = '  --json      Print JSON';

export const flags = { user: z.boolean(), force: z.boolean(), json: z.boolean() };
