import { describe, expect, it } from 'vitest';
import { categoryOf } from '../src/import.js';
import { repairAgentText, withFrontmatterValue } from '../src/repair.js';

const body = '\n\nYou review code.\nKeep this line exactly: a: b\r\n';

describe('repairAgentText', () => {
  it.each<[string, string, string, string[]]>([
    ['a byte order mark', '\uFEFF---\nname: a\n---\nBody\n', '---\nname: a\n---\nBody\n', ['removed the byte order mark before the frontmatter']],
    ['blank lines before the frontmatter', '\n  \n---\nname: a\n---\nBody\n', '---\nname: a\n---\nBody\n', ['removed the blank lines before the frontmatter']],
    ['CRLF line endings', '---\r\nname: a\r\n---\r\nBody\r\n', '---\nname: a\n---\nBody\n', ['made CRLF line endings LF']],
    [
      'a description with ": "',
      '---\nname: a\ndescription: Use when: the build breaks\n---\nBody\n',
      '---\nname: a\ndescription: "Use when: the build breaks"\n---\nBody\n',
      ['quoted the value of description, which YAML read as something else (a ": " or a leading * or &)'],
    ],
    [
      'a description that starts with *',
      '---\nname: a\ndescription: *Expert* reviewer\n---\nBody\n',
      '---\nname: a\ndescription: "*Expert* reviewer"\n---\nBody\n',
      ['quoted the value of description, which YAML read as something else (a ": " or a leading * or &)'],
    ],
    ['whitespace around a quoted name', '---\nname: " a "\n---\nBody\n', '---\nname: a\n---\nBody\n', ['trimmed the whitespace around the name']],
    [
      'tools as one quoted list',
      '---\nname: a\ntools: "[Read, Grep]"\n---\nBody\n',
      '---\nname: a\ntools: Read, Grep\n---\nBody\n',
      ['tools: a list written as one string, made a list of names'],
    ],
    [
      'tools as one list item',
      '---\nname: a\ntools:\n  - Read, Grep\n---\nBody\n',
      '---\nname: a\ntools: Read, Grep\n---\nBody\n',
      ['tools: a list written as one item, made a list of names'],
    ],
  ])('repairs %s', (_, text, repaired, fixes) => {
    expect(repairAgentText(text)).toEqual({ text: repaired, fixes });
  });

  it.each([
    ['a valid file', '---\nname: a\ndescription: "Use when: x"\ntools: Read, Grep\n---\nBody\n'],
    ['a file without frontmatter', '# Notes\n\nname: a\n'],
    ['`tools: *`, which means every tool to its author', '---\nname: a\ntools: *\n---\nBody\n'],
    ['a multi-line plain value', '---\nname: a\ndescription: Use when: x\n  and more\n---\nBody\n'],
  ])('leaves %s as it is', (_, text) => {
    expect(repairAgentText(text)).toEqual({ text, fixes: [] });
  });

  it('never changes the prompt, whatever it holds (but for its line endings)', () => {
    const { text } = repairAgentText(`\uFEFF---\r\nname: a\r\ndescription: Use when: x\r\n---${body}`);
    expect(text.slice(text.indexOf('\n---\n') + 4)).toBe(body.replace(/\r\n/g, '\n'));
  });
});

describe('withFrontmatterValue', () => {
  it.each([
    ['replaces a key', '---\nname: a\ncategory: data-ai\n---\nBody\n', '---\nname: a\ncategory: analysis\n---\nBody\n'],
    ['adds a missing key', '---\nname: a\n---\nBody\n', '---\nname: a\ncategory: analysis\n---\nBody\n'],
  ])('%s', (_, text, expected) => {
    expect(withFrontmatterValue(text, 'category', 'analysis')).toBe(expected);
  });
});

describe('categoryOf', () => {
  it.each([
    ['development', 'development'],
    ['devops-infrastructure', 'infrastructure'],
    ['data-ai', 'analysis'],
    ['programming-languages', 'development'],
    ['backend-development', 'development'],
    ['quality-testing', 'quality'],
    ['expert-advisors', undefined],
    ['agents', undefined],
  ])('%s → %s', (name, category) => {
    expect(categoryOf(name)).toBe(category);
  });
});
