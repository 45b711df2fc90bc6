import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir, writeFiles } from '../src/fixtures.js';

const VITEST = join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const REPORTER = join(REPO_ROOT, 'packages', 'test-support', 'src', 'summary-reporter.ts');

/** Runs vitest with the summary reporter on one test file, in a project of its own. */
function runVitest(source: string) {
  const dir = tempDir();
  writeFiles(dir, { 'package.json': '{"type":"module"}', 'case.test.ts': source });
  const run = spawnSync(process.execPath, [VITEST, 'run', '--root', dir, '--reporter', REPORTER, '--hookTimeout', '500'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, summary: /^tests: .*$/m.exec(run.stdout)?.[0] };
}

describe('the closing line of pnpm test', () => {
  it.each([
    [
      'a failing test',
      `import { it, expect } from 'vitest';\nit('a', () => expect(1).toBe(1));\nit('b', () => expect(1).toBe(2));\n`,
      'tests: 1 passed, 1 failed, 0 skipped',
    ],
    [
      'an afterAll hook that times out',
      `import { afterAll, it } from 'vitest';\nit('a', () => {});\nafterAll(() => new Promise(() => {}));\n`,
      'tests: 1 passed, 1 failed, 0 skipped',
    ],
    [
      'a beforeAll hook that throws',
      `import { beforeAll, it } from 'vitest';\nbeforeAll(() => { throw new Error('no'); });\nit('a', () => {});\n`,
      expect.stringMatching(/^tests: 0 passed, [1-9]\d* failed, \d+ skipped$/),
    ],
    ['a file that does not import', `import './missing.js';\nimport { it } from 'vitest';\nit('a', () => {});\n`, 'tests: 0 passed, 1 failed, 0 skipped'],
    [
      'an unhandled rejection',
      `import { it } from 'vitest';\nit('a', () => { Promise.reject(new Error('late')); });\n`,
      expect.stringMatching(/^tests: \d+ passed, [1-9]\d* failed, 0 skipped$/),
    ],
  ])('counts %s as a failure, with a non-zero exit', (_, source, summary) => {
    const run = runVitest(source);
    expect(run.status).not.toBe(0);
    expect(run.summary).toEqual(summary);
  });

  it('says 0 failed when everything passed', () => {
    const run = runVitest(`import { it } from 'vitest';\nit('a', () => {});\nit.skip('b', () => {});\n`);
    expect(run.status).toBe(0);
    expect(run.summary).toBe('tests: 1 passed, 0 failed, 1 skipped');
  });
});
