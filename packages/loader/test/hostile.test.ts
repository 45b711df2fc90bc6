import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { loadAgentFile, parseAgent } from '../src/index.js';
import { MAX_FRONTMATTER_CHARS } from '../src/yaml.js';

/**
 * The bad-input corpus: each test/fixtures/hostile/<case>.md has its expected
 * diagnostics in <case>.expected.json. UPDATE_GOLDEN=1 rewrites them; review the diff.
 */
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'hostile');
const cases = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.md'))
  .sort();

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

/** A frontmatter of `count` short entries in one of the shapes a mapping or list can take. */
const SHAPES: Record<string, (count: number) => string> = {
  'block mapping keys': (count) => Array.from({ length: count }, (_, i) => `k${i.toString(36)}:\n`).join(''),
  'flow mapping keys': (count) => `{${Array.from({ length: count }, (_, i) => `k${i.toString(36)}`).join(',')}}\n`,
  'nested mapping keys': (count) => `hooks:\n  x:\n${Array.from({ length: count }, (_, i) => `    k${i.toString(36)}:\n`).join('')}`,
  'list items': (count) => `tools: [${Array.from({ length: count }, (_, i) => `t${i.toString(36)}`).join(',')}]\n`,
};

/**
 * The processor time `large` takes to parse over the time `small` takes, each the least of seven runs
 * taken in turns. Processor time of this thread, not time on the clock: on a busy machine (other test
 * files run beside this one) a long parse is interrupted more often than a short one, which would widen
 * a ratio of clock times.
 */
function parseTimeRatio(large: string, small: string): number {
  const time = (text: string) => {
    const start = process.threadCpuUsage();
    parseAgent(text);
    const used = process.threadCpuUsage(start);
    return used.user + used.system;
  };
  let [fastestLarge, fastestSmall] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let run = 0; run < 7; run++) {
    fastestSmall = Math.min(fastestSmall, time(small));
    fastestLarge = Math.min(fastestLarge, time(large));
  }
  return fastestLarge / fastestSmall;
}

describe('the cost of a frontmatter grows linearly with its size', () => {
  // Ratios side by side, not seconds, and of processor time: a quadratic check (the YAML library's duplicate-key search) makes four
  // times the entries cost sixteen times as much; linear work costs four times, whatever the machine's load.
  it.each(Object.keys(SHAPES))('%s: four times the entries, at most eight times the time', (shape) => {
    const file = (count: number) => `---\nname: a\ndescription: b\n${SHAPES[shape]!(count)}---\nbody\n`;
    // As many entries as the size limit allows, and a quarter of them.
    let count = 1000;
    while (file(count + 1000).length < MAX_FRONTMATTER_CHARS) count += 1000;
    const small = file(count / 4);
    parseAgent(small); // warm up the parser
    expect(parseTimeRatio(file(count), small)).toBeLessThan(8);
  });
});
