import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOnce, type MessagesApiStandIn, startMessagesApiStandIn, tempDir } from '@agents/test-support';
import { afterAll, beforeAll } from 'vitest';
import { clientSpec } from '../client-versions.js';

export const CLAUDE_CODE = clientSpec('claudeCode');

/** Claude Code's own binary, installed once at the version of client-versions.ts. */
export function claudeBinary(): string {
  // npm 11 does not run Claude Code's postinstall; the platform package carries the binary itself.
  const dir = installOnce('claude-conformance', CLAUDE_CODE, 'claude-code');
  return join(dir, 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${process.arch}`, 'claude');
}

/** Claude Code's binary and a stand-in for the Messages API, for the tests of one file: ready before they run, closed after. */
export function claudeSession(): { readonly claude: string; readonly standIn: MessagesApiStandIn } {
  const session = {} as { claude: string; standIn: MessagesApiStandIn };
  beforeAll(async () => {
    session.claude = claudeBinary();
    session.standIn = await startMessagesApiStandIn();
  });
  afterAll(() => session.standIn?.close());
  return session;
}

/**
 * Runs `claude -p` once in `project` (with `args` before it) (made a git repository with a commit, so that `isolation: worktree`
 * has one), with an empty home, offline against the stand-in for the Messages API. Resolves with Claude
 * Code's debug log, where it says why it ignored a value of an agent file.
 */
export async function runClaude(
  claude: string,
  project: string,
  standIn: MessagesApiStandIn,
  prompt: string,
  args: readonly string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<string> {
  const home = tempDir('claude-home-');
  for (const args of [
    ['init', '-q'],
    ['-c', 'user.name=probe', '-c', 'user.email=probe@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'probe'],
  ])
    execFileSync('git', args, { cwd: project });
  const debugLog = join(home, 'debug.log');
  const env = {
    ...process.env,
    HOME: home,
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: standIn.url,
    ANTHROPIC_API_KEY: 'sk-ant-stand-in',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...extraEnv,
  };
  await new Promise<void>((resolve, reject) => {
    const child = execFile(
      claude,
      ['--debug-file', debugLog, ...args, '-p', prompt],
      { cwd: project, env, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
      (problem, stdout, stderr) => (problem ? reject(new Error(`${problem.message}\n${stdout}${stderr}`)) : resolve()),
    );
    // No input: Claude Code otherwise waits for standard input before it starts.
    child.stdin?.end();
  });
  return readFileSync(debugLog, 'utf8');
}
