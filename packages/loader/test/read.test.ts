import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { decodeAgentBytes, loadAgentFile, MAX_FILE_BYTES } from '../src/index.js';

describe('reading agent files', () => {
  it.each([
    ['a NUL byte', Buffer.from('---\nname: a\x00\n---\n'), 'binary-file', 2, 8],
    ['invalid UTF-8', Buffer.concat([Buffer.from('---\nname: caf'), Buffer.from([0xe9]), Buffer.from('\n---\n')]), 'invalid-utf8', 2, 10],
    ['a truncated UTF-8 sequence at the end', Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe2, 0x82]), 'invalid-utf8', 2, 1],
    ['more than 1 MiB', Buffer.alloc(MAX_FILE_BYTES + 1, 0x61), 'file-too-large', 1, 1],
  ])('rejects %s with a located error', (_, bytes, code, line, column) => {
    const decoded = decodeAgentBytes(bytes);
    expect(decoded).toEqual({ diagnostic: expect.objectContaining({ severity: 'error', code, line, column }) });
  });

  it('reads a file of any size without reading it whole', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'huge.md': Buffer.alloc(8 * MAX_FILE_BYTES, 0x61) });
    const loaded = await loadAgentFile(join(dir, 'huge.md'));
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'file-too-large' })]);
  });

  it.each([
    ['a missing file', 'missing.md', 'no such file'],
    ['a folder', '.', 'is a folder'],
    ['a folder named like an agent file', 'agent.md', 'is a folder'],
    ['a named pipe, at once instead of waiting for a writer', 'pipe.md', 'is a named pipe'],
    ['a device', '/dev/zero', 'is a device'],
  ])('reports %s as unreadable', async (_, name, message) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'agent.md'));
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    const loaded = await loadAgentFile(resolve(dir, name));
    expect(loaded.agent).toBeUndefined();
    expect(loaded.diagnostics).toEqual([expect.objectContaining({ code: 'unreadable-file', line: 1, column: 1 })]);
    expect(loaded.diagnostics[0]?.message).toContain(message);
  });
});
