import { describe, expect, it } from 'vitest';
import { shownPath } from '../src/shown-path.js';

describe('shownPath', () => {
  it.each([
    ['a file inside the working folder, relative', '/work/app/.claude/agents/a.md', '.claude/agents/a.md'],
    ['a file under the home folder, from ~', '/home/me/.claude/agents/a.md', '~/.claude/agents/a.md'],
    ['a file elsewhere, whole', '/etc/claude/agents/a.md', '/etc/claude/agents/a.md'],
    ['the working folder itself, whole', '/work/app', '/work/app'],
    ['a sibling whose name starts like the home folder, whole', '/home/meg/a.md', '/home/meg/a.md'],
  ])('shows %s', (_, path, shown) => {
    expect(shownPath(path, '/work/app', '/home/me')).toBe(shown);
  });
});
