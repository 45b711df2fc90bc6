import type { OptionSpec } from '@agents/kit';
import { CLIENTS } from '@agents/schema';
import { z } from 'zod';
import type { TargetClient } from './install/target.js';

/** Flags that several commands share, declared once for parsing and help, with their zod schemas. */
export const userOption = {
  user: { type: 'boolean', default: false, description: "Use ~/.claude/ ($CLAUDE_CONFIG_DIR when set) instead of the project's .claude/" },
} as const satisfies Record<string, OptionSpec>;
export const jsonOption = { json: { type: 'boolean', default: false, description: 'Print JSON' } } as const satisfies Record<string, OptionSpec>;

const TARGET_CLIENTS: readonly TargetClient[] = ['claude-code', ...CLIENTS.map((client) => client.id)];
export const clientOption = {
  client: {
    type: 'string',
    default: 'claude-code',
    value: '<clients>',
    description: `The clients to act for, comma-separated: ${TARGET_CLIENTS.join(', ')}\n(default: claude-code; agents clients lists their folders)`,
  },
} as const satisfies Record<string, OptionSpec>;

export const flags = {
  user: z.boolean(),
  force: z.boolean(),
  json: z.boolean(),
  /** `--client copilot,cursor` → each client once, in the order given. */
  client: z
    .string()
    .transform((text) => [...new Set(text.split(',').map((client) => client.trim()))])
    .pipe(
      z
        .array(z.enum(TARGET_CLIENTS as [TargetClient, ...TargetClient[]], { message: `must be a comma-separated list of ${TARGET_CLIENTS.join(', ')}` }))
        .min(1),
    ),
};
