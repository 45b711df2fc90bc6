import { describe, expect, expectTypeOf, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode, isDiagnosticCode } from '../src/index.js';

describe('diagnostic codes', () => {
  it('are one typed list: a misspelled code does not compile', () => {
    expectTypeOf<'yaml-syntax'>().toExtend<DiagnosticCode>();
    // @ts-expect-error a code that is not in DIAGNOSTIC_CODES is not a DiagnosticCode (pnpm typecheck fails without this line's directive)
    const misspelled: DiagnosticCode = 'yaml-sytnax';
    expect(isDiagnosticCode(misspelled)).toBe(false);
  });

  it('are unique, lowercase words joined by hyphens', () => {
    expect(new Set(DIAGNOSTIC_CODES).size).toBe(DIAGNOSTIC_CODES.length);
    for (const code of DIAGNOSTIC_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
