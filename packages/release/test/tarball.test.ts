import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { gzippedTarball, readPackedFile } from '../src/tarball.js';

const LONG_FOLDER = `references/${'nested-folder-name/'.repeat(6)}`;
const FILES: Record<string, string> = {
  'SKILL.md': '---\nname: x\n---\nBody\n',
  'scripts/check.py': '#!/usr/bin/env python3\nprint("checked")\n',
  'private.txt': 'owner only\n',
  'empty.txt': '',
  'block.bin': 'b'.repeat(512),
  [`${LONG_FOLDER}notes.md`]: 'a path longer than 100 bytes, split into prefix and name\n',
  [`references/${'a-very-long-file-name-'.repeat(6)}.md`]: 'a name longer than 100 bytes: a PAX header\n',
  'références/café.md': 'non-ASCII\n',
};

describe('gzippedTarball', () => {
  it('packs what GNU tar reads back byte for byte, with npm’s modes, time and prefix', async () => {
    const dir = tempDir();
    writeFiles(dir, FILES);
    chmodSync(join(dir, 'scripts/check.py'), 0o775);
    chmodSync(join(dir, 'private.txt'), 0o400);
    const paths = Object.keys(FILES).sort();
    const tarball = await gzippedTarball(paths.map((path) => readPackedFile(dir, path)));

    const out = tempDir();
    execFileSync('tar', ['-xzf', '-', '-C', out], { input: tarball });
    for (const path of paths) expect(readFileSync(join(out, 'package', path), 'utf8'), path).toBe(FILES[path]);
    const listing = execFileSync('tar', ['-tvzf', '-', '--utc', '--numeric-owner'], { input: tarball, encoding: 'utf8' }).trim().split('\n');
    expect(listing).toHaveLength(paths.length);
    const line = (path: string) => listing.find((entry) => entry.endsWith(` package/${path}`));
    // As node-tar writes in portable mode (npm's packer): owner read-write always, nobody else writes.
    expect(line('scripts/check.py')).toMatch(/^-rwxr-xr-x 0\/0 +\d+ 1985-10-26 08:15 /);
    expect(line('private.txt')).toMatch(/^-rw------- 0\/0 /);
    expect(line('SKILL.md')).toMatch(/^-rw-r--r-- 0\/0 /);
  });

  it('never reads through a link or a pipe', () => {
    const dir = tempDir();
    writeFiles(dir, { 'real.md': 'x' });
    mkdirSync(join(dir, 'dist'));
    execFileSync('ln', ['-s', '/etc/hostname', join(dir, 'dist/leak.txt')]);
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    expect(() => readPackedFile(dir, 'dist/leak.txt')).toThrow(/ELOOP|symbolic/);
    expect(() => readPackedFile(dir, 'pipe.md')).toThrow('not a regular file');
  });
});
