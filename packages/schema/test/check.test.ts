import { describe, expect, it } from 'vitest';
import { checkFrontmatter, claudeCodeToolList, closest, KNOWN_KEYS } from '../src/index.js';

const valid = { name: 'data-platform-engineer', description: 'Use for data platforms.', tools: ['Read'] };

describe('checkFrontmatter', () => {
  it('accepts a minimal definition and normalises nothing it need not', () => {
    expect(checkFrontmatter(valid)).toEqual({ frontmatter: valid, issues: [] });
  });

  it.each([
    ['a comma-separated string', 'Read, Grep ,Glob', ['Read', 'Grep', 'Glob']],
    ['a YAML list', ['Read', ' Grep '], ['Read', 'Grep']],
    ['empty items dropped', 'Read,,Grep,', ['Read', 'Grep']],
    ['an empty list', [], []],
  ])('normalises tools given as %s', (_, tools, expected) => {
    const result = checkFrontmatter({ ...valid, tools });
    expect(result.frontmatter?.tools).toEqual(expected);
    expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it.each([
    ['name missing', { description: 'x' }, 'missing-field', ['name']],
    ['description missing', { name: 'a' }, 'missing-field', ['description']],
    ['name with capitals', { ...valid, name: 'DataEngineer' }, 'invalid-name', ['name']],
    ['name with spaces', { ...valid, name: 'data engineer' }, 'invalid-name', ['name']],
    ['name with a double hyphen', { ...valid, name: 'data--engineer' }, 'invalid-name', ['name']],
    ['name too long', { ...valid, name: 'a'.repeat(65) }, 'invalid-value', ['name']],
    ['name a number', { ...valid, name: 123 }, 'invalid-type', ['name']],
    ['description empty', { ...valid, description: '' }, 'empty-description', ['description']],
    ['description blank', { ...valid, description: '   ' }, 'empty-description', ['description']],
    ['description a list', { ...valid, description: ['a', 'b'] }, 'invalid-type', ['description']],
    ['tools a number', { ...valid, tools: 3 }, 'invalid-type', ['tools']],
    ['tools with a non-string item', { ...valid, tools: ['Read', 3] }, 'invalid-type', ['tools']],
    ['a tool name with a line break', { ...valid, tools: 'Read, Grep\n::stop-commands::pwned' }, 'control-character', ['tools']],
    ['a listed tool with an escape sequence', { ...valid, disallowedTools: ['Bash\u001b[8m'] }, 'control-character', ['disallowedTools']],
    ['a skill with a C1 control', { ...valid, skills: ['review\u009b'] }, 'control-character', ['skills']],
    ['permissionMode unknown', { ...valid, permissionMode: 'yolo' }, 'invalid-value', ['permissionMode']],
    ['maxTurns zero', { ...valid, maxTurns: 0 }, 'invalid-value', ['maxTurns']],
    ['maxTurns fractional', { ...valid, maxTurns: 1.5 }, 'invalid-type', ['maxTurns']],
    ['memory unknown', { ...valid, memory: 'global' }, 'invalid-value', ['memory']],
    ['isolation unknown', { ...valid, isolation: 'container' }, 'invalid-value', ['isolation']],
    ['background a string', { ...valid, background: 'yes' }, 'invalid-type', ['background']],
    ['hooks a list', { ...valid, hooks: ['x'] }, 'invalid-type', ['hooks']],
    ['autoCompactWindow under 100,000 tokens', { ...valid, autoCompactWindow: 50_000 }, 'invalid-value', ['autoCompactWindow']],
    ['omitClaudeMd a string', { ...valid, omitClaudeMd: 'yes' }, 'invalid-type', ['omitClaudeMd']],
    ['an observer (another agent run beside this one, with its own tools)', { ...valid, observer: 'general-purpose' }, 'observer', ['observer']],
    ['frontmatter a list', ['name'], 'not-a-mapping', []],
    ['frontmatter a string', 'name: x', 'not-a-mapping', []],
    ['frontmatter empty', null, 'not-a-mapping', []],
  ])('errors on %s', (_, data, code, path) => {
    const result = checkFrontmatter(data);
    expect(result.frontmatter).toBeUndefined();
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: 'error', code, path }));
  });

  it.each([
    ['no tools list (every tool inherited)', { tools: undefined }, 'inherits-all-tools', ['tools'], 'inherits every tool'],
    ['Bash granted', { tools: 'Read, Bash' }, 'grants-tool', ['tools'], 'run any command'],
    ['WebFetch granted, in a list', { tools: ['Read', 'WebFetch'] }, 'grants-tool', ['tools', 1], 'fetch any URL'],
    ['bypassPermissions', { permissionMode: 'bypassPermissions' }, 'bypass-permissions', ['permissionMode'], 'without asking'],
    ['a description over 1,024 characters', { description: 'x'.repeat(1025) }, 'long-description', ['description'], '1025 characters'],
    ['an unknown key close to a known one', { colour: 'red' }, 'unknown-key', ['colour'], 'did you mean "color"'],
    ['an unknown key', { author: 'me' }, 'unknown-key', ['author'], 'ignored by Claude Code'],
    ['an unknown tool', { tools: 'Read, Raed' }, 'unknown-tool', ['tools'], 'did you mean "Read"'],
    ['a duplicate tool in a list', { tools: ['Read', 'Grep', 'Read'] }, 'duplicate-tool', ['tools', 2], 'more than once'],
    ['an unknown model alias', { model: 'sonet' }, 'unknown-model', ['model'], 'did you mean "sonnet"'],
    ['a colour outside the eight', { color: 'magenta' }, 'unknown-color', ['color'], 'red, blue'],
    ['an unknown effort', { effort: 'extreme' }, 'unknown-effort', ['effort'], 'low'],
    ['a category outside the registry', { category: 'finance' }, 'unknown-category', ['category'], 'development'],
    ['a key with no value', { color: null }, 'empty-value', ['color'], 'no value'],
    ['memory beside a tools list', { tools: 'Read', memory: 'project' }, 'grants-tool', ['memory'], 'Write, Edit'],
  ])('warns on %s', (_, extra, code, path, hint) => {
    const result = checkFrontmatter({ ...valid, ...extra });
    expect(result.frontmatter).toBeDefined();
    const issue = result.issues.find((candidate) => candidate.code === code);
    expect(issue).toMatchObject({ severity: 'warning', path });
    expect(issue?.message).toContain(hint);
  });

  it('knows every field Claude Code 2.1.332 reads in an agent file (test:claude compares the list with its own)', () => {
    const fields = { autoCompactWindow: 200_000, omitClaudeMd: true, observerMessage: 'Watch the tests.', observeSubagents: false, observeToolResults: false };
    expect(checkFrontmatter({ ...valid, ...fields })).toEqual({ frontmatter: { ...valid, ...fields }, issues: [] });
  });

  // Claude Code resolves a subagent's `Name(…)` entry to the whole tool (2.1.332, test:claude shows it).
  it.each([
    ['Bash(git diff:*)', 'Bash'],
    ['WebFetch(domain:docs.example.com)', 'WebFetch'],
  ])('warns that %s grants all of %s to a subagent', (entry, tool) => {
    expect(checkFrontmatter({ ...valid, tools: [entry] }).issues).toEqual([
      expect.objectContaining({ code: 'grants-tool', message: expect.stringContaining(`${entry} grants all of ${tool}`) }),
    ]);
  });

  // Each as Claude Code reads it: splitting at spaces and commas outside parentheses, "*" as every tool, no value as no tool.
  it.each([
    ['names separated by spaces', 'Read Grep', 'tool-list-reading', ['tools'], '"Read", "Grep"'],
    ['a list item holding two names', ['Read', 'Grep, Bash'], 'tool-list-reading', ['tools', 1], '"Grep", "Bash"'],
    ['a name with a space', 'Read, Microsoft Docs', 'tool-list-reading', ['tools'], '"Microsoft", "Docs"'],
    ['a pattern with a comma, in a string', 'Agent(worker, researcher)', 'tool-list-reading', ['tools'], '"Agent(worker, researcher)"'],
    ['a star', 'Read, *', 'tool-wildcard', ['tools'], 'every tool'],
    ['a wildcard MCP name', ['Read', 'mcp__github__*'], 'tool-wildcard', ['tools', 1], 'every tool'],
    ['a star among denied tools', '*', 'tool-wildcard', ['disallowedTools'], 'every tool'],
    ['a tools key with no value', null, 'tool-list-reading', ['tools'], 'no tool at all'],
  ])('refuses %s, which Claude Code reads otherwise', (_, value, code, path, hint) => {
    const result = checkFrontmatter({ ...valid, [path[0] as string]: value });
    expect(result.frontmatter).toBeUndefined();
    const issue = result.issues.find((candidate) => candidate.code === code);
    expect(issue).toMatchObject({ severity: 'error', path });
    expect(issue?.message).toContain(hint);
  });

  it.each([['mcp__github__create_issue'], ['Agent(worker, researcher)'], ['AskUserQuestion'], ['Skill'], ['LSP'], ['Workflow'], ['CronCreate']])(
    'knows the tool %s',
    (tool) => {
      expect(checkFrontmatter({ ...valid, tools: [tool] }).issues).toEqual([]);
    },
  );

  it.each([['inherit'], ['sonnet'], ['opus'], ['haiku'], ['fable'], ['best'], ['fable[1m]'], ['claude-sonnet-4-5-20250929'], ['claude-opus-4-1']])(
    'knows the model %s',
    (model) => {
      expect(checkFrontmatter({ ...valid, model }).issues).toEqual([]);
    },
  );

  it.each([['worktree'], ['remote']])('takes isolation: %s', (isolation) => {
    expect(checkFrontmatter({ ...valid, isolation })).toEqual({ frontmatter: { ...valid, isolation }, issues: [] });
  });

  it('types hooks, MCP servers and the other documented fields', () => {
    const full = {
      ...valid,
      disallowedTools: 'Write',
      permissionMode: 'acceptEdits',
      maxTurns: 50,
      skills: ['pdf'],
      memory: 'project',
      effort: 'high',
      isolation: 'worktree',
      background: true,
      initialPrompt: 'Start by reading the README.',
      mcpServers: ['github', { local: { command: 'node', args: ['server.js'] } }],
      hooks: { PreToolUse: [{ matcher: 'Write|Edit', hooks: [{ type: 'command', command: './check.sh', timeout: 10 }] }] },
      color: 'cyan',
      category: 'development',
    };
    expect(checkFrontmatter(full)).toEqual({
      frontmatter: { ...full, disallowedTools: ['Write'] },
      issues: [expect.objectContaining({ code: 'grants-tool', path: ['memory'] })],
    });
  });

  it('lists every documented key', () => {
    expect(KNOWN_KEYS).toEqual(
      expect.arrayContaining([
        'name',
        'description',
        'tools',
        'disallowedTools',
        'model',
        'color',
        'permissionMode',
        'maxTurns',
        'skills',
        'memory',
        'effort',
        'isolation',
        'background',
        'initialPrompt',
        'mcpServers',
        'hooks',
        'category',
      ]),
    );
  });
});

describe('closest', () => {
  it.each([
    ['colour', ['color', 'name'], 'color'],
    ['descripton', ['description', 'name'], 'description'],
    ['zzzzzz', ['color', 'name'], undefined],
    // Candidates of another length are measured only while they could still come closer.
    ['WebFech', ['WebSearch', 'WebFetch'], 'WebFetch'],
    ['Reed', ['Read', 'Reeds'], 'Read'],
    ['Reed', ['Reeds', 'Read'], 'Reeds'],
    ['Gerp', ['Bash', 'Grep'], 'Grep'],
  ])('suggests for %s', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});

describe("Claude Code's reading of a tools value", () => {
  it.each<[unknown, string[] | 'all']>([
    [undefined, 'all'],
    [null, []],
    ['', []],
    ['Read Bash', ['Read', 'Bash']],
    ['Read, Bash(git diff:*)', ['Read', 'Bash(git diff:*)']],
    [
      ['Read', 'Grep, Bash', 42],
      ['Read', 'Grep', 'Bash'],
    ],
    ['Read, *', 'all'],
  ])('reads %j as %j', (value, expected) => {
    expect(claudeCodeToolList(value)).toEqual(expected);
  });
});
