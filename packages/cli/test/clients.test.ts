import { CLIENTS } from '@agents/schema';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

describe('agents clients', () => {
  it('lists Claude Code and every client the agents are converted for, with their folders', async () => {
    const run = await agents(['clients']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CLIENT +ID +PROJECT +USER +FILE$/);
    expect(lines[1]).toMatch(/^Claude Code +claude-code +\.claude\/agents\/ +~\/\.claude\/agents\/ +<name>\.md$/);
    expect(lines.slice(2).map((line) => line.split(/ {2,}/)[1])).toEqual(CLIENTS.map((client) => client.id));
    expect(run.stdout).toMatch(/^GitHub Copilot +copilot +\.github\/agents\/ +~\/\.copilot\/agents\/ +<name>\.agent\.md$/m);
  });

  it('prints JSON with --json', async () => {
    const listed = JSON.parse((await agents(['clients', '--json'])).stdout) as { id: string; projectDir: string; file: string }[];
    expect(listed.map((client) => client.id)).toEqual(['claude-code', ...CLIENTS.map((client) => client.id)]);
    expect(listed.find((client) => client.id === 'codex')).toMatchObject({ projectDir: '.codex/agents', userDir: '~/.codex/agents', file: '<name>.toml' });
  });

  it('takes no arguments', async () => {
    const run = await agents(['clients', 'copilot']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('agents clients takes no arguments');
  });
});
