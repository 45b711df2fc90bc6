import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentMarkdown, isolatedUser, makeRegistry, runCli, tempDir } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

// An escape sequence in a file name or a file's text would reach the terminal: it can clear the screen, hide lines or retitle the window.
const ESCAPE = '\x1b]0;owned\x07\x1b[2J';

describe('no escape sequence reaches the terminal', () => {
  it('from the name of a file agents import reads', () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    const from = tempDir('agents-collection-');
    mkdirSync(join(from, 'dev'));
    writeFileSync(join(from, 'dev', `${ESCAPE}tester.md`), agentMarkdown('tester'));
    const run = runCli(['import', from], root);
    expect(run.stdout + run.stderr).toContain('\\x1b');
    expect(run.stdout + run.stderr).not.toContain('\x1b');
  });

  it('from the name of a local file agents list shows', () => {
    const project = tempDir('agents-project-');
    mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
    writeFileSync(join(project, '.claude', 'agents', `${ESCAPE}local.md`), agentMarkdown('local'));
    const run = runCli(['list'], project, { ...isolatedUser(project), NO_COLOR: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\\x1b');
    expect(run.stdout + run.stderr).not.toContain('\x1b');
  });

  it("from a lock file's text, quoted by the JSON parser", () => {
    const project = tempDir('agents-project-');
    mkdirSync(join(project, '.claude'), { recursive: true });
    writeFileSync(join(project, '.claude', 'agents.lock.json'), `${ESCAPE}{}`);
    const run = runCli(['list'], project, isolatedUser(project));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not valid JSON');
    expect(run.stdout + run.stderr).not.toContain('\x1b');
  });
});
