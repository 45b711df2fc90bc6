import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { codeFingerprint } from '../src/index.js';

/** A package of one module in dist/, as a build cache sees the compiler. */
function fakePackage(code: string): string {
  const dir = tempDir('agents-code-');
  writeFiles(dir, { 'package.json': '{"name":"compiler","version":"1.0.0"}', 'dist/index.js': code, 'dist/chunk.js': 'export const shared = 1;\n' });
  return pathToFileURL(join(dir, 'dist', 'index.js')).href;
}

describe('codeFingerprint', () => {
  it('is the same for the same code, and changes with any module of the package', async () => {
    const one = await codeFingerprint([fakePackage('export const compile = () => 1;\n')]);
    expect(await codeFingerprint([fakePackage('export const compile = () => 1;\n')])).toBe(one);
    expect(await codeFingerprint([fakePackage('export const compile = () => 2;\n')])).not.toBe(one);
  });

  it('is a value no cache holds when the code cannot be read', async () => {
    const missing = pathToFileURL('/nonexistent/dist/index.js').href;
    expect(await codeFingerprint([missing])).not.toBe(await codeFingerprint([missing]));
  });
});
