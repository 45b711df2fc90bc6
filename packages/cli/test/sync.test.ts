import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentMarkdown, isolatedUser, runCliAsync, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

const manifest = (name: string, fields: Record<string, unknown> = {}) => JSON.stringify({ name, version: '1.0.0', ...fields });

describe('agents sync', () => {
  it('ends, and installs each member once, when two installed categories depend on each other', async () => {
    const project = tempDir('agents-sync-');
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'project', private: true, dependencies: { '@agents/development': '1.0.0' } }),
      'node_modules/@agents/development/package.json': manifest('@agents/development', {
        dependencies: { '@agents/security': '1.0.0', '@agents/reviewer': '1.0.0' },
      }),
      'node_modules/@agents/security/package.json': manifest('@agents/security', { dependencies: { '@agents/development': '1.0.0' } }),
      'node_modules/@agents/reviewer/package.json': manifest('@agents/reviewer', {
        exports: { './agent.md': './agent.md', './package.json': './package.json' },
      }),
      'node_modules/@agents/reviewer/agent.md': agentMarkdown('reviewer'),
    });
    const run = await runCliAsync(['sync'], project, isolatedUser(project));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('reviewer 1.0.0');
    expect(existsSync(join(project, '.claude', 'agents', 'reviewer.md'))).toBe(true);
  });
});
