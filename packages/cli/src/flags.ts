import type { OptionSpec } from '@agents/loader';
import { z } from 'zod';

/** Flags that several commands share, declared once for parsing and help, with their zod schemas. */
export const userOption = {
  user: { type: 'boolean', default: false, description: "Use ~/.claude/ ($CLAUDE_CONFIG_DIR when set) instead of the project's .claude/" },
} as const satisfies Record<string, OptionSpec>;
export const jsonOption = { json: { type: 'boolean', default: false, description: 'Print JSON' } } as const satisfies Record<string, OptionSpec>;

export const flags = { user: z.boolean(), force: z.boolean(), json: z.boolean() };
