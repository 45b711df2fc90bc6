import { runCli, tempDir } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

describe('agents, for a newcomer', () => {
  it.each([
    ['instal', 'add'],
    ['install', 'add'],
    ['uninstall', 'remove'],
    ['ls', 'list'],
    ['lsit', 'list'],
    ['upgrade', 'update'],
  ])('suggests a command for "%s": %s', (typed, meant) => {
    const run = runCli([typed], tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`unknown command "${typed}" (did you mean "${meant}"?)`);
  });

  it('agents help <command> prints the help of that command', () => {
    const run = runCli(['help', 'add'], tempDir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: agents add');
    expect(run.stdout).toBe(runCli(['add', '--help'], tempDir()).stdout);
  });

  it('points --json at --format json', () => {
    const run = runCli(['validate', '--json', '.'], tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('For JSON, use --format json.');
  });
});
