import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CORPUS, corpusFiles, sharedMissing } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { loadAgentFile } from '../src/index.js';

/**
 * The corpus: 671 agent files that people wrote, with Claude Code's own
 * verdicts (`claude plugin validate`) in claude-code-validate.txt.
 */
const skip = sharedMissing(CORPUS);
if (skip) console.warn(`corpus.test.ts ${skip}`);

/** Files Claude Code rejected, as corpus-relative paths (the verdicts flatten "/" into "__"). */
function rejectedByClaudeCode(files: string[]): Set<string> {
  const verdicts = readFileSync(join(CORPUS, 'claude-code-validate.txt'), 'utf8');
  const rejected = new Set<string>();
  for (const block of verdicts.split('Validating agent: ').slice(1)) {
    if (block.includes('✘ Found')) rejected.add(block.slice(0, block.indexOf('\n')).trim());
  }
  return new Set(files.map((file) => relative(CORPUS, file)).filter((path) => rejected.has(path.replaceAll('/', '__'))));
}

/** The documented name format, read straight from the raw line: such names are errors of ours, by design. */
function hasNonconformingName(text: string): boolean {
  const name = /^name:\s*(.*)$/m
    .exec(text)?.[1]
    ?.trim()
    .replace(/^["']|["']$/g, '');
  return name !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name);
}

describe.skipIf(skip !== undefined)('the corpus of real agent files', async () => {
  const files = skip ? [] : corpusFiles();
  const rejected = skip ? new Set<string>() : rejectedByClaudeCode(files);
  const results = await Promise.all(files.map((path) => loadAgentFile(path)));

  it('holds the 671 files, 26 of them rejected by Claude Code', () => {
    expect(files).toHaveLength(671);
    expect(rejected.size).toBe(26);
  });

  it('gives every file Claude Code rejects an error at the line where its YAML breaks', () => {
    for (const result of results.filter((r) => rejected.has(relative(CORPUS, r.path)))) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors, result.path).toEqual([expect.objectContaining({ code: 'yaml-syntax' })]);
      const { line, column } = errors[0]!;
      const text = [...readFileSync(result.path, 'utf8').split('\n')[line - 1]!];
      // Each points at the ": " inside a plain value, or at a stray "*" alias.
      expect(`${text[column - 1]}${text[column] ?? ''}`, `${result.path}:${line}:${column}`).toMatch(/^(:\s|:$|\*)/);
      expect(result.agent).toBeUndefined();
    }
  });

  it('gives no error on the files Claude Code loads, but for names outside the documented format and tool lists it reads otherwise', () => {
    const readOtherwise: string[] = [];
    const unexpected = results
      .filter((r) => !rejected.has(relative(CORPUS, r.path)))
      .flatMap((r) => {
        const lines = readFileSync(r.path, 'utf8').split('\n');
        return r.diagnostics
          .filter((d) => d.severity === 'error' && !(d.code === 'invalid-name' && hasNonconformingName(lines.join('\n'))))
          .filter((d) => {
            // Claude Code splits at spaces too and reads "*" as every tool: the line must show one or the other.
            const line = lines[d.line - 1]!;
            const otherwise = /^tools:/.test(line) && (d.code === 'tool-wildcard' ? /\*/.test(line) : d.code === 'tool-list-reading' && /\w \w/.test(line));
            if (otherwise) readOtherwise.push(relative(CORPUS, r.path));
            return !otherwise;
          })
          .map((d) => `${relative(CORPUS, r.path)}:${d.line}:${d.column} ${d.code}`);
      });
    expect(unexpected).toEqual([]);
    // Names with spaces ("Microsoft Docs") and wildcards (mcp__server__*), all in one collection.
    expect(readOtherwise).toHaveLength(15);
    expect(results.filter((r) => r.agent !== undefined)).toHaveLength(671 - 26 - 8 - 15);
  });

  it('never fails to locate a diagnostic inside its file', () => {
    for (const result of results) {
      const lineCount = readFileSync(result.path, 'utf8').split('\n').length;
      for (const diagnostic of result.diagnostics) {
        expect(diagnostic.line, result.path).toBeGreaterThanOrEqual(1);
        expect(diagnostic.line, result.path).toBeLessThanOrEqual(lineCount);
      }
    }
  });
});
