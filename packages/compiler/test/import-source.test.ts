import { describe, expect, it } from 'vitest';
import { withoutCredentials } from '../src/import.js';

describe("an imported agent's source repository", () => {
  it.each([
    ['https://user:ghp_secret@github.com/org/agents.git', 'https://github.com/org/agents.git'],
    ['https://ghp_secret@github.com/org/agents.git', 'https://github.com/org/agents.git'],
    ['https://github.com/org/agents.git', 'https://github.com/org/agents.git'],
    ['git@github.com:org/agents.git', 'git@github.com:org/agents.git'],
  ])('%s is recorded as %s', (remote, recorded) => {
    expect(withoutCredentials(remote)).toBe(recorded);
  });
});
