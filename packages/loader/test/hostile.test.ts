import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/fixtures.js';
import { loadAgentFile } from '../src/index.js';

/**
 * The bad-input corpus: each test/fixtures/hostile/<case>.md has its expected
 * diagnostics in <case>.expected.json. UPDATE_GOLDEN=1 rewrites them; review the diff.
 */
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'hostile');
const cases = readdirSync(FIXTURES).filter((file) => file.endsWith('.md')).sort();

describe('the hostile-input corpus', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s gets exactly its golden diagnostics, runs nothing and pollutes nothing', async (file) => {
    const result = await loadAgentFile(join(FIXTURES, file));
    const found = result.diagnostics.map(({ severity, code, line, column }) => ({ severity, code, line, column }));
    const golden = join(FIXTURES, file.replace(/\.md$/, '.expected.json'));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, `${JSON.stringify(found, null, 2)}\n`);
    expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
    expect(found).toEqual(JSON.parse(readFileSync(golden, 'utf8')));

    expect(existsSync('/tmp/agents-pwned')).toBe(false);
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
