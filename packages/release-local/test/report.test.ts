import { describe, expect, it } from 'vitest';
import { importedLines, keepInstructions, releaseLines, stepLine, uncommittedWarning, versionedDetail } from '../src/report.js';

/** Output without a terminal: text as it is. */
const plain = (_format: unknown, text: string) => text;

describe('what release:local prints (in memory)', () => {
  it('says each step when it is done, with what it found, or that it failed', () => {
    expect(stepLine(2, 'Validate the registry', plain, { seconds: 1.23, detail: 'a.md:1:1  warning  x\n   ✔ 0 errors' })).toBe(
      '2. Validate the registry … done (1.2 s)\n   a.md:1:1  warning  x\n   ✔ 0 errors',
    );
    expect(stepLine(3, 'Build', plain, { seconds: 4, detail: '' })).toBe('3. Build … done (4.0 s)');
    expect(stepLine(4, 'Publish', plain, 'failed')).toBe('4. Publish … failed');
  });

  it.each([
    ['', undefined],
    [' M README.md\n', '! 1 uncommitted change is not in this release (it releases HEAD); commit it to include it:\n   M README.md\n'],
    [
      'a\nb\nc\nd\ne\nf\ng\n',
      '! 7 uncommitted changes are not in this release (it releases HEAD); commit them to include them:\n  a\n  b\n  c\n  d\n  e\n  … and 2 more\n',
    ],
  ])('warns of uncommitted changes in %j', (status, warning) => {
    expect(uncommittedWarning(status, plain)).toBe(warning);
  });

  it('lists what versioning changed, and each release with its changelog entry', () => {
    expect(versionedDetail([])).toBe('no pending changesets');
    const change = { name: '@agents/reviewer', from: '1.0.0', to: '1.0.1' };
    expect(versionedDetail([change, { name: '@agents/development', from: '1.0.0', to: '1.0.1' }])).toBe(
      '@agents/reviewer 1.0.0 → 1.0.1\n   @agents/development 1.0.0 → 1.0.1',
    );
    expect(releaseLines(change, '- abc1234: Sharper reviews.', plain)).toBe('\n@agents/reviewer 1.0.0 → 1.0.1\n  - abc1234: Sharper reviews.');
    expect(releaseLines(change, undefined, plain)).toBe('\n@agents/reviewer 1.0.0 → 1.0.1');
  });

  it('shows an agent imported with its tools, and another package with its exports', () => {
    const agent = { name: 'reviewer', version: '1.0.1', tools: ['Read', 'Grep'] };
    expect(importedLines({ package: '@agents/reviewer', exports: ['default'], agent }, plain)).toBe('\nreviewer 1.0.1\ntools: Read, Grep');
    expect(importedLines({ package: '@agents/reviewer', exports: [], agent: { ...agent, tools: undefined } }, plain)).toContain('tools: (inherits every tool)');
    expect(importedLines({ package: '@agents/kit', exports: ['EXIT', 'runProgram'], agent: undefined }, plain)).toBe('\n@agents/kit: imported (2 exports)');
    expect(importedLines({ package: '@agents/skill-pdf-forms', exports: [], agent: undefined, skillFiles: ['SKILL.md', 'scripts/fill.py'] }, plain)).toBe(
      '\n@agents/skill-pdf-forms: a skill (SKILL.md, scripts/fill.py)',
    );
  });

  it.each([
    ['@agents', 'npx @agents/cli add reviewer        (or: npm install @agents/reviewer)'],
    ['@acme', 'npx @agents/cli add @acme/reviewer        (or: npm install @acme/reviewer)'],
  ])('tells how to use a kept registry of %s, and how to release onto it again', (scope, install) => {
    const text = keepInstructions('http://127.0.0.1:4873/', scope, 'reviewer');
    expect(text).toContain(`echo "${scope}:registry=http://127.0.0.1:4873/" >> .npmrc`);
    expect(text).toContain(install);
    expect(text).toContain('pnpm release:local --registry http://127.0.0.1:4873/');
    expect(text).toMatch(/Press Ctrl-C to stop the registry\.$/);
  });
});
