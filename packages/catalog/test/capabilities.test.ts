import type { Agent } from '@agents/schema';
import { describe, expect, it } from 'vitest';
import { capabilities, permissionModeValue } from '../src/capabilities.js';

const agent = (permissionMode?: Agent['permissionMode']): Agent =>
  ({ name: 'reviewer', description: 'Reviews code.', tools: ['Read'], permissionMode, prompt: 'You review.' }) as Agent;

describe("an agent's permission mode, as Claude Code applies it to a subagent", () => {
  it.each([
    ['default', 'default: a session in acceptEdits, auto, plan or bypassPermissions mode runs it in that mode'],
    [
      'plan',
      'plan, under a session in default or dontAsk mode; a session in acceptEdits, auto or bypassPermissions mode runs it in that mode, where it can write',
    ],
    ['acceptEdits', 'acceptEdits, under a session in default or dontAsk mode; a session in auto, plan or bypassPermissions mode runs it in that mode'],
    ['dontAsk', 'dontAsk, under a session in default or dontAsk mode; a session in acceptEdits, auto, plan or bypassPermissions mode runs it in that mode'],
    [
      'bypassPermissions',
      "bypassPermissions, which Claude Code 2.1.332 grants only under a session that bypasses permissions already; otherwise the session's mode",
    ],
  ])('%s', (mode, value) => {
    expect(permissionModeValue(mode)).toBe(value);
  });

  it.each([
    [undefined, false],
    ['plan', false],
    ['acceptEdits', true],
    ['bypassPermissions', true],
  ] as const)('is a row of the capabilities at a glance (%s), marked when the mode loosens approval', (mode, attention) => {
    expect(capabilities(agent(mode)).find((row) => row.label === 'Permission mode')).toEqual({
      label: 'Permission mode',
      value: permissionModeValue(mode ?? 'default'),
      attention,
    });
  });
});
