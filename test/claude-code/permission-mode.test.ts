import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMarker, tempDir } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { CLAUDE_CODE, claudeSession, runClaude } from './claude.js';

/**
 * Whose permission mode a subagent runs in, as Claude Code really applies it: each probe agent, spawned
 * by a session in a given mode, tries to write a file (through the stand-in for the Messages API), and
 * the file on disk says whether the write was allowed. `claude -p` cannot ask the user, so a write that
 * needs approval is refused. A session in bypassPermissions runs with IS_SANDBOX=1, as Claude Code asks of root
 * (CI runs as root) in a deliberate sandbox. Plan and auto sessions are left out: in them `claude -p` sends
 * actions to a server-side check that the stand-in does not have, refuses them all and exits with 1.
 */

const session = claudeSession();

/** The agent's permissionMode (none for `inherit`) and whether its write lands, by the session's mode. */
const CASES: [agentMode: string, session: Record<SessionMode, boolean>][] = [
  ['inherit', { default: false, acceptEdits: true, bypassPermissions: true }],
  ['default', { default: false, acceptEdits: true, bypassPermissions: true }],
  // The agent's own mode holds only under a session in default (or dontAsk) mode…
  ['acceptEdits', { default: true, acceptEdits: true, bypassPermissions: true }],
  // …so plan mode keeps an agent from writing only while the session is not in acceptEdits (or auto, plan, bypassPermissions).
  ['plan', { default: false, acceptEdits: true, bypassPermissions: true }],
  // Claude Code 2.1.332 grants an agent's bypassPermissions only to a session that already bypasses them.
  ['bypassPermissions', { default: false, acceptEdits: true, bypassPermissions: true }],
];

type SessionMode = 'default' | 'acceptEdits' | 'bypassPermissions';

/** Runs one session in `mode`; each probe tries to write a file. Returns the probes whose file was written. */
async function writesUnder(mode: SessionMode): Promise<string[]> {
  const project = tempDir('claude-permission-');
  mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
  const names = CASES.map(([agentMode]) => `writer-${agentMode.toLowerCase()}`);
  CASES.forEach(([agentMode], index) => {
    const name = names[index]!;
    const permission = agentMode === 'inherit' ? '' : `permissionMode: ${agentMode}\n`;
    writeFileSync(
      join(project, '.claude', 'agents', `${name}.md`),
      `---\nname: ${name}\ndescription: Writes a file.\ntools: Read, Write\n${permission}---\n\nYou write a file.\n\n${probeMarker(name)}\n`,
    );
  });
  session.standIn.spawn(names, (name) => ({ tool: 'Write', input: { file_path: join(project, `${name}.txt`), content: 'written\n' } }));
  const sandbox = mode === 'bypassPermissions' ? { IS_SANDBOX: '1' } : {};
  await runClaude(session.claude, project, session.standIn, 'Spawn the writers.', ['--permission-mode', mode], sandbox);
  // Each probe was spawned: a missing file is a refused write, not an agent that never ran.
  expect([...session.standIn.offered.keys()].sort()).toEqual([...names].sort());
  return names.filter((name) => existsSync(join(project, `${name}.txt`)));
}

describe(`${CLAUDE_CODE} runs a subagent in its session's permission mode, unless the session's is default`, () => {
  it.each(['default', 'acceptEdits', 'bypassPermissions'] as const)('a session in %s mode', async (mode) => {
    session.standIn.offered.clear();
    const written = await writesUnder(mode);
    const expected = CASES.filter(([, outcome]) => outcome[mode]).map(([agentMode]) => `writer-${agentMode.toLowerCase()}`);
    expect(written.sort()).toEqual(expected.sort());
  });
});
