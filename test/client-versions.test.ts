import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { clientSpecs, clientsTable, LATEST } from './client-versions.js';
import { replaceClientsTable } from './clients-table.js';

describe('the clients pinned for conformance', () => {
  it('are the table of docs/clients.md (pnpm clients:table writes it)', () => {
    const markdown = readFileSync(join(REPO_ROOT, 'docs/clients.md'), 'utf8');
    expect(replaceClientsTable(markdown, clientsTable()), 'docs/clients.md is out of date: run pnpm clients:table').toBe(markdown);
  });

  it.skipIf(LATEST)('are exact versions, one package each, and Codex at the newer version it is also checked at', () => {
    expect(clientSpecs('opencode')).toEqual(['opencode-ai@1.18.33']);
    expect(clientSpecs('codex')).toEqual(['@openai/codex@0.169.0', '@openai/codex@0.171.0']);
    for (const client of ['claudeCode', 'agentSdk', 'opencode', 'opencode2', 'gemini', 'codex', 'factory', 'copilot'] as const) {
      for (const spec of clientSpecs(client)) expect(spec, client).toMatch(/^(@[\w-]+\/)?[\w-]+@\d+\.\d+\.\d+$/);
    }
  });
});
