import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRegistry, tempDir } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

describe('agents, for a newcomer', () => {
  it.each([
    ['instal', 'install'],
    ['i', 'install'],
    ['ci', 'install'],
    ['uninstall', 'remove'],
    ['ls', 'list'],
    ['lsit', 'list'],
    ['upgrade', 'update'],
  ])('suggests a command for "%s": %s', async (typed, meant) => {
    const run = await agents([typed], tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`unknown command "${typed}" (did you mean "${meant}"?)`);
  });

  it('agents help <command> prints the help of that command', async () => {
    const run = await agents(['help', 'add'], tempDir());
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: agents add');
    expect(run.stdout).toBe((await agents(['add', '--help'], tempDir())).stdout);
  });

  it('agents import of a folder with no agent file exits 2, as validate does', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    const notes = tempDir('agents-notes-');
    writeFileSync(join(notes, 'README.md'), '# Our notes\n');
    const run = await agents(['import', notes], root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no agent file here');
    expect((await agents(['validate', notes], root)).status).toBe(2);
  });

  it('points --json at --format json', async () => {
    const run = await agents(['validate', '--json', '.'], tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('For JSON, use --format json.');
  });
});
