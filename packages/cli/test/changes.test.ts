import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type Agent, diffAgent } from '@agents/schema';
import { agentMarkdown, commitAll, makeRegistry, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const agent = (fields: Partial<Agent> = {}): Agent => ({ name: 'a', description: 'd', tools: ['Read'], prompt: 'p', ...fields });

describe('diffAgent', () => {
  it.each([
    [
      'a tool added',
      agent(),
      agent({ tools: ['Read', 'WebFetch'] }),
      { tools: { before: ['Read'], after: ['Read', 'WebFetch'], added: ['WebFetch'], removed: [] } },
      ['gains tools: WebFetch'],
    ],
    [
      'the tools list dropped',
      agent(),
      agent({ tools: undefined }),
      { tools: { before: ['Read'], after: 'all', added: [], removed: [] } },
      ['inherits every tool, MCP tools included (no "tools" list)'],
    ],
    ['a tool removed', agent({ tools: ['Read', 'Bash'] }), agent(), { tools: { before: ['Read', 'Bash'], after: ['Read'], added: [], removed: ['Bash'] } }, []],
    [
      'a disallowed tool lifted',
      agent({ disallowedTools: ['Bash'] }),
      agent(),
      { disallowedTools: { before: ['Bash'], after: [], added: [], removed: ['Bash'] } },
      ['no longer disallows: Bash'],
    ],
    [
      'bypassPermissions',
      agent(),
      agent({ permissionMode: 'bypassPermissions' }),
      { permissionMode: { before: null, after: 'bypassPermissions' } },
      ['permissionMode becomes bypassPermissions'],
    ],
    ['plan mode', agent(), agent({ permissionMode: 'plan' }), { permissionMode: { before: null, after: 'plan' } }, []],
    [
      'hooks added',
      agent(),
      agent({ hooks: { Stop: [{ hooks: [{ type: 'command', command: 'curl x' }] }] } }),
      { hooks: { before: null, after: { Stop: [{ hooks: [{ type: 'command', command: 'curl x' }] }] } } },
      ["hooks change: they run commands on the user's machine"],
    ],
    ['the model', agent({ model: 'opus' }), agent({ model: 'haiku' }), { model: { before: 'opus', after: 'haiku' } }, []],
    ['the prompt', agent(), agent({ prompt: 'q' }), { prompt: { changed: true } }, []],
  ])('reports %s', async (_, before, after, fields, gains) => {
    expect(diffAgent('a', 'p', before, after)).toEqual({ name: 'a', path: 'p', status: 'changed', prompt: { changed: false }, ...fields, gains });
  });

  it("reports what the agent's skills approve without asking that they did not, as gains", () => {
    const approvals = { before: { forms: ['Read'] }, after: { forms: ['Read', 'Bash(python3:*)'], git: ['Bash(git:*)'] } };
    expect(diffAgent('a', 'p', agent(), agent(), approvals)).toEqual({
      name: 'a',
      path: 'p',
      status: 'changed',
      prompt: { changed: false },
      gains: ['skill forms approves without asking: Bash(python3:*)', 'skill git approves without asking: Bash(git:*)'],
    });
    expect(diffAgent('a', 'p', agent(), agent(), { before: approvals.after, after: approvals.before })).toBeUndefined();
  });

  it('reports nothing when nothing a reviewer should see changed', async () => {
    expect(diffAgent('a', 'p', agent(), agent({ description: 'other words' }))).toBeUndefined();
  });

  it('reports a new agent with what it is granted, and a removed one', async () => {
    expect(diffAgent('a', 'p', undefined, agent({ tools: ['Bash'] }))).toMatchObject({ status: 'added', gains: ['gains tools: Bash'] });
    expect(diffAgent('a', 'p', agent(), undefined)).toMatchObject({ status: 'removed', gains: [] });
  });
});

describe('agents changes', () => {
  function repository() {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester' }, { folder: 'retired' }]);
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: root });
    commitAll(root, 'base');
    execFileSync('git', ['checkout', '--quiet', '-b', 'feature'], { cwd: root });
    writeFiles(root, {
      'agents/development/reviewer/agent.md': agentMarkdown('reviewer').replace(
        'tools: Read, Grep',
        'tools: Read, Grep, WebFetch\npermissionMode: bypassPermissions',
      ),
      'agents/development/tester/agent.md': agentMarkdown('tester').replace('You are tester.', 'You are a careful tester.'),
      'agents/development/newcomer/agent.md': agentMarkdown('newcomer').replace('tools: Read, Grep\n', ''),
    });
    rmSync(join(root, 'agents/development/retired'), { recursive: true });
    return root;
  }

  it('reports per agent what changed since the base, as JSON', async () => {
    const root = repository();
    const run = await agents(['changes', '--base', 'main', '--format', 'json'], root);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.base).toBe('main');
    expect(report.agents.map((change: { name: string; status: string }) => `${change.name} ${change.status}`)).toEqual([
      'newcomer added',
      'retired removed',
      'reviewer changed',
      'tester changed',
    ]);
    const reviewer = report.agents.find((change: { name: string }) => change.name === 'reviewer');
    expect(reviewer).toMatchObject({
      path: 'agents/development/reviewer/agent.md',
      tools: { added: ['WebFetch'], removed: [] },
      permissionMode: { before: null, after: 'bypassPermissions' },
      prompt: { changed: false },
      gains: ['gains tools: WebFetch', 'permissionMode becomes bypassPermissions'],
    });
    expect(report.agents.find((change: { name: string }) => change.name === 'tester')).toMatchObject({ prompt: { changed: true }, gains: [] });
    expect(report.agents.find((change: { name: string }) => change.name === 'newcomer').gains).toEqual([
      'inherits every tool, MCP tools included (no "tools" list)',
    ]);
  });

  it('reports a skill that approves a tool without asking as a gain of every agent that names it', async () => {
    const skill = (extra: string) => `---\nname: pdf-forms\ndescription: Use to fill PDF forms.\n${extra}---\n\nFill it.\n`;
    const root = makeRegistry([{ folder: 'filler', markdown: agentMarkdown('filler', 'development', 'skills: [pdf-forms]\n') }, { folder: 'tester' }]);
    writeFiles(root, { 'skills/pdf-forms/SKILL.md': skill('') });
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: root });
    commitAll(root, 'base');
    writeFiles(root, { 'skills/pdf-forms/SKILL.md': skill('allowed-tools: Read Bash(python3:*)\n') });
    const report = JSON.parse((await agents(['changes', '--base', 'main', '--format', 'json'], root)).stdout);
    expect(report.agents).toEqual([
      {
        name: 'filler',
        path: 'agents/development/filler/agent.md',
        status: 'changed',
        prompt: { changed: false },
        gains: ['skill pdf-forms approves without asking: Read, Bash(python3:*)'],
      },
    ]);
  });

  it('annotates each capability gained and writes the job summary with --format github', async () => {
    const root = repository();
    const summary = join(tempDir(), 'summary.md');
    const run = await agents(['changes', '--base', 'main', '--format', 'github'], root, { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning file=agents/development/reviewer/agent.md,line=4,title=capability-gain::reviewer gains tools: WebFetch');
    expect(run.stdout).toContain('::warning file=agents/development/newcomer/agent.md,line=1,title=capability-gain::newcomer inherits every tool');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toContain(
      '| <code>reviewer</code> | changed | **tools**: +WebFetch<br>**permissionMode**: (none) → bypassPermissions<br>**prompt**: unchanged | ⚠️ gains tools: WebFetch<br>⚠️ permissionMode becomes bypassPermissions |',
    );
  });

  it('lets no value from an agent file start a workflow command, or reshape the job summary', async () => {
    const root = repository();
    const hostileModel = '"sonnet\\n::stop-commands::pwned\\n::error::forged | cell <img src=x onerror=alert(1)> `code` **bold**"';
    writeFiles(root, {
      'agents/development/tester/agent.md': agentMarkdown('tester')
        .replace('model: sonnet', `model: ${hostileModel}`)
        .replace('tools: Read, Grep', 'tools: Read, Grep, mcp__x__y%0A::stop-commands::pwned'),
    });
    const summary = join(tempDir(), 'summary.md');
    const run = await agents(['changes', '--base', 'main', '--format', 'github'], root, { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(0);
    const commands = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.every((line) => line.startsWith('::warning file=') && line.includes(',title=capability-gain::'))).toBe(true);
    // The runner decodes %0A in a message into a line break: the % itself is escaped.
    expect(run.stdout).toContain('title=capability-gain::tester gains tools: mcp__x__y%250A::stop-commands::pwned\n');
    expect(run.stdout).toContain('sonnet\\n::stop-commands::pwned\\n::error::forged');
    const rows = readFileSync(summary, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('|'));
    for (const row of rows) expect(row.replace(/\\\|/g, '').match(/\|/g)).toHaveLength(5);
    expect(rows.join('\n')).not.toMatch(/<img|<(?!br>|\/?code>)|`code`|\*\*bold/);
  });

  it('reads the agent folders the registry reads: not one that is a link leading outside the repository', async () => {
    const root = repository();
    const outside = tempDir();
    writeFiles(outside, { 'agent.md': agentMarkdown('smuggled').replace('tools: Read, Grep', 'tools: Bash') });
    symlinkSync(outside, join(root, 'agents/development/smuggled'));
    const run = await agents(['changes', '--base', 'main', '--format', 'json'], root);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).agents.map((change: { name: string }) => change.name)).not.toContain('smuggled');
  });

  it('prints a readable summary by default', async () => {
    const run = await agents(['changes', '--base', 'main'], repository());
    expect(run.stdout).toContain(
      'reviewer  changed  agents/development/reviewer/agent.md\n  tools           +WebFetch\n  permissionMode  (none) → bypassPermissions',
    );
    expect(run.stdout).toContain('4 agents changed since main, 2 gaining capabilities.');
  });

  it.each([
    ['no --base', ['changes'], '--base: is required'],
    ['an unknown ref', ['changes', '--base', 'no-such-branch'], '"no-such-branch" is not a commit'],
  ])('exits 2 on %s', async (_, args, message) => {
    const run = await agents(args, repository());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
