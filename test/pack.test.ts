import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS, CONTEXT_COST_METHOD, contextCost } from '@agents/schema';
import { SEED, SEED_PACKAGE, sharedMissing, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

/**
 * The agent package as a user gets it: packed by pnpm (as the release does),
 * installed by the real npm client into a fresh project, imported by Node.
 */
describe('@agents/data-platform-engineer, packed and installed', () => {
  it('ships only its whitelisted files, and installs and imports as documented', () => {
    const out = tempDir('agents-pack-');
    const packed = execFileSync('pnpm', ['pack', '--pack-destination', out, '--json'], { cwd: SEED_PACKAGE, encoding: 'utf8' });
    const { filename, files } = JSON.parse(packed) as { filename: string; files: { path: string }[] };
    expect(files.map((file) => file.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'agent.json',
      'agent.md',
      // No Codex file: Codex spawns a role with its parent's sandbox, and this agent's tools are restricted.
      'clients/antigravity.md',
      'clients/copilot.agent.md',
      'clients/cursor.md',
      'clients/factory.md',
      'clients/gemini.md',
      'clients/opencode.md',
      'dist/index.d.ts',
      'dist/index.js',
      'package.json',
    ]);

    const project = tempDir('agents-consumer-');
    writeFiles(project, {
      'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      'print.js': `import agent, { definition, markdown } from '@agents/data-platform-engineer';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const json = require('@agents/data-platform-engineer/agent.json');
const manifest = require('@agents/data-platform-engineer/package.json');
console.log(JSON.stringify({ agent, definition, markdown, json, manifest, mdPath: require.resolve('@agents/data-platform-engineer/agent.md') }));
`,
    });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', filename], { cwd: project, stdio: 'pipe' });
    const { agent, definition, markdown, json, manifest, mdPath } = JSON.parse(execFileSync('node', ['print.js'], { cwd: project, encoding: 'utf8' }));

    const version = JSON.parse(readFileSync(join(SEED_PACKAGE, 'package.json'), 'utf8')).version;
    expect(agent).toMatchObject({
      name: 'data-platform-engineer',
      tools: ['Read', 'Write', 'Edit', 'MultiEdit', 'Grep', 'Glob', 'LS', 'Bash', 'TodoWrite'],
      model: 'opus',
      color: 'blue',
      category: 'development',
      version,
    });
    expect(agent.prompt).toMatch(/^SYSTEM BOUNDARY:/);
    expect(definition).toEqual({ description: agent.description, prompt: agent.prompt, tools: agent.tools, model: 'opus' });
    const { clients, contextCost: cost, ...parsed } = json;
    expect(parsed).toEqual(agent);
    expect(cost).toEqual({ tokens: contextCost(agent), method: CONTEXT_COST_METHOD });
    expect(Object.keys(clients).sort()).toEqual(CLIENTS.map((client) => client.id).sort());
    expect(manifest.dependencies).toBeUndefined();
    expect(readFileSync(mdPath, 'utf8')).toBe(markdown);
    if (!sharedMissing(SEED)) expect(readFileSync(mdPath)).toEqual(readFileSync(SEED));
  });
});
