import { checkFrontmatter, findHiddenCharacters, printable } from '@agents/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAgent } from '../src/index.js';

/** How many inputs each property tries in CI (SECURITY.md quotes these figures); FUZZ_SCALE=50 fuzzes harder. */
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = { arbitraryText: 3000 * scale, frontmatterLike: 3000 * scale, arbitraryData: 2000 * scale, escapes: 2000 * scale };

/** Characters that stress YAML and our scanners: indicators, quotes, line breaks, tabs, hidden and astral characters. */
const TRICKY = [...'abz09 -_:#&*!|>\'"%@`[]{},?\\\t\n\r', '\u200b', '\u202e', '\u00a0', '\ufeff', '\u{e0041}', '\ufe0f', '\u200d', '😀', 'é', '日', '\u0000'];
const trickyText = fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 60 });

/** Text that looks like an agent file often enough to reach the YAML parser and the schema. */
const frontmatterLike = fc
  .record({
    opening: fc.constantFrom('---', '---', '---', '--- ', '---js', '\ufeff---', '\n---', '----'),
    lines: fc.array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom('name', 'description', 'tools', 'model', 'color', 'hooks', '__proto__', 'x'), trickyText)
          .map(([key, value]) => `${key}: ${value}`),
        fc.constantFrom('  - Read', '- a', '&a [1, *a]', 'a: *a', 'tools: [Read, Bash', 'k: {a: [b, {c: d}]}', '? complex', '!!binary AAAA', '\tname: tab'),
        trickyText,
      ),
      { maxLength: 8 },
    ),
    closing: fc.constantFrom('---', '---', '--- ', '', '---x'),
    body: trickyText,
    crlf: fc.boolean(),
  })
  .map(({ opening, lines, closing, body, crlf }) => {
    const text = [opening, ...lines, closing, body].join('\n');
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

/** Every diagnostic must point at a character of the file, or just past the end of a line. */
function assertInsideFile(text: string): void {
  const result = parseAgent(text);
  const lines = text.split('\n').map((line) => [...line.replace(/\r$/, '')].length);
  for (const diagnostic of result.diagnostics) {
    expect(['error', 'warning']).toContain(diagnostic.severity);
    expect(diagnostic.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(diagnostic.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.line).toBeLessThanOrEqual(lines.length);
    expect(diagnostic.column).toBeGreaterThanOrEqual(1);
    expect(diagnostic.column).toBeLessThanOrEqual(lines[diagnostic.line - 1]! + 1);
  }
  if (result.agent === undefined) expect(result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
}

describe('properties of the loader and the validator', () => {
  it('parseAgent never throws and locates every diagnostic inside the file, for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), assertInsideFile), { numRuns: RUNS.arbitraryText });
  });

  it('parseAgent never throws and locates every diagnostic inside the file, for text shaped like agents', () => {
    fc.assert(fc.property(frontmatterLike, assertInsideFile), { numRuns: RUNS.frontmatterLike });
  });

  it('checkFrontmatter never throws, for any data', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withBigInt: true, withDate: true }), (data) => {
        const { frontmatter, issues } = checkFrontmatter(data);
        if (frontmatter === undefined) expect(issues.some((issue) => issue.severity === 'error')).toBe(true);
      }),
      { numRuns: RUNS.arbitraryData },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  /** Code points that no terminal or reviewer should receive unannounced: C0 and C1 controls, DEL, format characters, tags. */
  const unseen = fc.oneof(
    fc.integer({ min: 0x00, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.constantFrom(0x200b, 0x200d, 0x202e, 0x2066, 0xfeff, 0x00ad, 0x061c),
    fc.integer({ min: 0xe0000, max: 0xe007f }),
  );

  it('printable leaves no control character and nothing the gate calls hidden, for any text', () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom(...TRICKY),
        unseen.map((value) => String.fromCodePoint(value)),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 60 })), (raw) => {
        const shown = printable(raw);
        expect(shown).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        expect(findHiddenCharacters(shown).filter((found) => found.severity === 'error')).toEqual([]);
        if (!/[\x00-\x1f\x7f-\x9f\\]/.test(raw) && findHiddenCharacters(raw).length === 0) expect(shown).toBe(raw);
      }),
      { numRuns: RUNS.escapes },
    );
  });

  it('a control or hidden character written as a YAML escape, in any key or value, is an error at that scalar', () => {
    const escaped = unseen
      .filter((value) => value !== 0x09 && value !== 0x0a)
      .map((value) => (value > 0xffff ? `\\U${value.toString(16).padStart(8, '0')}` : `\\u${value.toString(16).padStart(4, '0')}`));
    fc.assert(
      fc.property(escaped, fc.constantFrom('description', 'model', 'color', 'key'), fc.boolean(), (written, field, inKey) => {
        const line = inKey ? `"x${written}": 1` : `${field}: "a${written}b"`;
        const fields = { name: 'a', description: 'b', tools: 'Read', [inKey ? 'key' : field]: undefined };
        const text = `---\n${Object.entries(fields)
          .map(([key, value]) => (value === undefined ? line : `${key}: ${value}`))
          .join('\n')}\n---\nbody\n`;
        const result = parseAgent(text);
        expect(result.agent).toBeUndefined();
        const lineNumber = text.split('\n').indexOf(line) + 1;
        expect(result.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', line: lineNumber }));
      }),
      { numRuns: RUNS.escapes },
    );
  });
});
