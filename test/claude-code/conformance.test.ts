import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installOnce, REPO_ROOT, tempDir } from '@agents/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientSpec } from '../client-versions.js';
import { claudeBinary } from './claude.js';

const AGENT_SDK = clientSpec('agentSdk');
const install = (spec: string, folder: string, extraArgs: string[] = []) => installOnce('claude-conformance', spec, folder, extraArgs);

const agents = readdirSync(join(REPO_ROOT, 'plugins')).sort();

describe('Claude Code reads the marketplace', () => {
  let claude: string;
  let home: string;
  const run = (...args: string[]) => {
    const result = spawnSync(claude, args, { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, HOME: home, CLAUDE_CONFIG_DIR: join(home, '.claude') } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };

  beforeAll(() => {
    claude = claudeBinary();
    home = tempDir('claude-home-', 'file');
  });

  it('validates the marketplace strictly', () => {
    const result = run('plugin', 'validate', '--strict', REPO_ROOT);
    expect(result.output).toContain('Validation passed');
    expect(result.status).toBe(0);
  });

  it.each(agents)('validates the plugin %s strictly', (name) => {
    const result = run('plugin', 'validate', '--strict', join(REPO_ROOT, 'plugins', name));
    expect(result.output).toContain('Validation passed');
    expect(result.status).toBe(0);
  });

  it('installs every plugin from the marketplace and loads all its agents', () => {
    expect(run('plugin', 'marketplace', 'add', REPO_ROOT).status).toBe(0);
    for (const name of agents) {
      const expected = readdirSync(join(REPO_ROOT, 'plugins', name, 'agents'))
        .map((file) => file.replace(/\.md$/, ''))
        .sort();
      expect(run('plugin', 'install', `${name}@agents`).status, name).toBe(0);
      const details = run('plugin', 'details', `${name}@agents`).output;
      expect(details, name).toContain(`Agents (${expected.length})`);
      for (const agent of expected) expect(details, `${name} loads ${agent}`).toMatch(new RegExp(`\\b${agent}\\b`));
    }
  });

  it('is checked for real: a plugin with a broken agent fails validation', () => {
    const broken = tempDir('claude-broken-');
    mkdirSync(join(broken, '.claude-plugin'));
    mkdirSync(join(broken, 'agents'));
    writeFileSync(join(broken, '.claude-plugin', 'plugin.json'), JSON.stringify({ name: 'broken', version: '1.0.0', description: 'x' }));
    writeFileSync(join(broken, 'agents', 'broken.md'), '---\nname: broken\ndescription: Use when: broken\n---\nBody\n');
    expect(run('plugin', 'validate', '--strict', broken).status).not.toBe(0);
  });
});

describe("each agent's definition is an AgentDefinition of the Claude Agent SDK", () => {
  it('type-checks with the SDK types, and the check bites', () => {
    // Types only: the SDK's optional platform binary is not needed.
    const dir = install(AGENT_SDK, 'agent-sdk', ['--omit=optional']);
    const packages = readdirSync(join(REPO_ROOT, 'agents')).flatMap((category) =>
      readdirSync(join(REPO_ROOT, 'agents', category), { withFileTypes: true })
        .filter((entry) => existsSync(join(REPO_ROOT, 'agents', category, entry.name, 'agent.md')))
        .map((entry) => join(REPO_ROOT, 'agents', category, entry.name, 'dist', 'index.js')),
    );
    // And each category's record of definitions, as query({ options: { agents } }) takes it.
    const categories = readdirSync(join(REPO_ROOT, 'agents')).map((category) => join(REPO_ROOT, 'agents', category, 'dist', 'index.js'));
    const lines = [
      ...packages.map(
        (path, index) => `import { definition as d${index} } from ${JSON.stringify(path)};\nexport const check${index}: AgentDefinition = d${index};`,
      ),
      ...categories.map(
        (path, index) =>
          `import { definitions as c${index} } from ${JSON.stringify(path)};\nexport const category${index}: Record<string, AgentDefinition> = c${index};`,
      ),
    ];
    writeFileSync(
      join(dir, 'check.ts'),
      `import type { AgentDefinition } from '@anthropic-ai/claude-agent-sdk';\n${lines.join('\n')}\n// @ts-expect-error a definition without a prompt is not an AgentDefinition\nexport const control: AgentDefinition = { description: 'x' };\n`,
    );
    const tsc = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        '--noEmit',
        '--strict',
        '--skipLibCheck',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        'check.ts',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    expect(packages.length).toBeGreaterThan(0);
  });
});
