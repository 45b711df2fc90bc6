import { join } from 'node:path';
import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const entry = (overrides: Record<string, unknown> = {}) => ({
  package: '@agents/reviewer',
  version: '1.0.0',
  range: 'latest',
  source: 'registry',
  integrity: 'sha512-AAAA',
  sha256: 'a'.repeat(64),
  ...overrides,
});

/** A project whose lock file holds `lock`, and whose registry cannot be reached: nothing may be asked of it. */
function projectWithLock(lock: unknown): string {
  const dir = tempDir('agents-project-');
  writeFiles(dir, {
    'package.json': '{"name":"project","private":true}',
    '.npmrc': '@agents:registry=http://127.0.0.1:9/\n',
    '.claude/agents.lock.json': typeof lock === 'string' ? lock : JSON.stringify(lock),
  });
  return dir;
}

describe('the lock file is read with a schema', () => {
  it.each([
    ['not JSON', '{"lockfileVersion": 1,', 'is not valid JSON'],
    ['null agents', { lockfileVersion: 1, agents: null }, 'at agents: '],
    ['agents as a list', { lockfileVersion: 1, agents: [1, 2] }, 'at agents: '],
    ['another version', { lockfileVersion: 2, agents: {} }, 'at lockfileVersion: must be 1'],
    ['an entry of the wrong shape', { lockfileVersion: 1, agents: { reviewer: null } }, 'at agents.reviewer: '],
    ['an unknown source', { lockfileVersion: 1, agents: { reviewer: entry({ source: 'ftp' }) } }, 'at agents.reviewer.source: '],
    [
      'a version that is not semver',
      { lockfileVersion: 1, agents: { reviewer: entry({ version: '1.0\u001b[31m' }) } },
      'at agents.reviewer.version: must be a semver version',
    ],
    [
      'another package than its name',
      { lockfileVersion: 1, agents: { reviewer: entry({ package: '@agents/data-platform-engineer' }) } },
      'at agents.reviewer.package: must be "@<scope>/reviewer"',
    ],
    [
      'a package that is not scoped',
      { lockfileVersion: 1, agents: { reviewer: entry({ package: '../../-/user/org.couchdb.user:admin' }) } },
      'at agents.reviewer.package: must be "@<scope>/reviewer"',
    ],
    [
      'a package whose scope is a path',
      { lockfileVersion: 1, agents: { reviewer: entry({ package: '@../reviewer' }) } },
      'at agents.reviewer.package: must be "@<scope>/reviewer"',
    ],
    [
      'a name that is a path',
      { lockfileVersion: 1, agents: { '../../escape': entry({ package: '@agents/../../escape' }) } },
      'at agents.../../escape: is not an agent name',
    ],
    ['a name with an escape sequence', { lockfileVersion: 1, agents: { 'x\u001b[2J': entry() } }, 'at agents.x\\x1b[2J: is not an agent name'],
    ['an unknown key', { lockfileVersion: 1, agents: { reviewer: entry({ postinstall: 'curl evil' }) } }, 'at agents.reviewer: '],
  ])('refuses %s with an error naming the file and the entry, asking nothing of the registry', async (_, lock, message) => {
    const dir = projectWithLock(lock);
    const path = join(dir, '.claude/agents.lock.json');
    for (const command of [['update'], ['outdated'], ['list'], ['diff', 'reviewer'], ['remove', 'reviewer'], ['add', 'reviewer']]) {
      const run = await agents(command, dir, { HOME: dir, npm_config_userconfig: join(dir, 'none') });
      expect(run.status, command.join(' ')).toBe(1);
      expect(run.stderr, command.join(' ')).toContain(`${path} is not`);
      expect(run.stderr, command.join(' ')).toContain(message);
      expect(run.stderr).not.toMatch(/unexpected failure|\n\s+at |\u001b/);
    }
  });
});
