import { FORMATS } from '@agents/kit';
import { z } from 'zod';
import type { Flag } from './command.js';
import { TARGET_CLIENTS, type TargetClient } from './install/target.js';

/** A flag that is off unless given. */
export const booleanFlag = (description: string) => ({ type: 'boolean', default: false, description, schema: z.boolean() }) as const satisfies Flag;

/** `--client copilot,cursor` → each client once, in the order given. */
const clientList = z
  .string()
  .transform((text) => [...new Set(text.split(',').map((client) => client.trim()))])
  .pipe(
    z.array(z.enum(TARGET_CLIENTS as [TargetClient, ...TargetClient[]], { message: `must be a comma-separated list of ${TARGET_CLIENTS.join(', ')}` })).min(1),
  );

/** Flags that several commands share. */
export const flags = {
  user: booleanFlag("Use ~/.claude/ ($CLAUDE_CONFIG_DIR when set) instead of the project's .claude/"),
  json: booleanFlag('Print JSON'),
  client: {
    type: 'string',
    default: 'claude-code',
    value: '<clients>',
    description: `The clients to act for, comma-separated: ${TARGET_CLIENTS.join(', ')}\n(default: claude-code; agents clients lists their folders)`,
    schema: clientList,
  },
} as const satisfies Record<string, Flag>;

/** `--format`: how a report is printed, `text` by default. */
export const formatFlag = (description: string) =>
  ({
    type: 'string',
    default: 'text',
    value: '<format>',
    description,
    schema: z.enum(FORMATS, { message: `must be one of ${FORMATS.join(', ')}` }),
  }) as const satisfies Flag;

/** Positional arguments: none at all, with the message that says what to do instead. */
export const noArguments = (message: string) => z.array(z.string()).max(0, { message });
