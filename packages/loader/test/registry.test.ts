import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { agentManifest, agentMarkdown, makeRegistry, skillFiles, tempDir, writeFiles, writeWorkspacePackages } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../src/index.js';

/** Every error of a registry as `file code: text of the line it points at`, the file relative to the registry. */
async function findings(root: string): Promise<string[]> {
  const registry = await loadRegistry(root);
  return registry.reports.flatMap((report) => {
    const lines = existsSync(report.path) && statSync(report.path).isFile() ? readFileSync(report.path, 'utf8').split('\n') : [];
    return report.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${report.path.slice(root.length + 1)} ${d.code}: ${(lines[d.line - 1] ?? '').trim()}`);
  });
}

describe('loadRegistry', () => {
  it('loads conforming agents with no finding', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester', category: 'quality' }]);
    const registry = await loadRegistry(root);
    expect(registry.reports.flatMap((report) => report.diagnostics)).toEqual([]);
    expect(registry.agents.map((agent) => [agent.category, agent.name, agent.manifest.version])).toEqual([
      ['development', 'reviewer', '1.0.0'],
      ['quality', 'tester', '1.0.0'],
    ]);
  });

  it('finds nothing where there is no agents folder', async () => {
    expect(await loadRegistry(tempDir())).toEqual(expect.objectContaining({ agents: [], reports: [] }));
  });

  /** The agent file of a folder: named `name`, which may differ from the folder. */
  const md = (_folder: string, name: string, category = 'development', extra = '') => agentMarkdown(name, category, extra);

  it.each([
    [
      'a name other than its folder',
      [{ folder: 'reviewer', markdown: md('reviewer', 'critic') }],
      'agents/development/reviewer/agent.md name-mismatch: name: critic',
    ],
    [
      'a category other than its folder',
      [{ folder: 'reviewer', markdown: md('reviewer', 'reviewer', 'quality') }],
      'agents/development/reviewer/agent.md category-mismatch: category: quality',
    ],
    [
      'no category',
      [{ folder: 'reviewer', markdown: md('reviewer', 'reviewer').replace('category: development\n', '') }],
      'agents/development/reviewer/agent.md missing-category: ---',
    ],
    ['a folder outside the categories', [{ folder: 'reviewer', category: 'misc' }], 'agents/misc/reviewer/agent.md unknown-category: category: misc'],
    ['a built-in agent name', [{ folder: 'general-purpose' }], 'agents/development/general-purpose/agent.md builtin-name: name: general-purpose'],
    ['the name of the agent Claude Code forks into', [{ folder: 'fork' }], 'agents/development/fork/agent.md builtin-name: name: fork'],
    ["the name of Claude Code's catch-all agent", [{ folder: 'claude' }], 'agents/development/claude/agent.md builtin-name: name: claude'],
    ['a category name', [{ folder: 'security' }], 'agents/development/security/agent.md category-name: name: security'],
    [
      'a package name other than @agents/<folder>',
      [{ folder: 'reviewer', manifest: agentManifest('critic') }],
      'agents/development/reviewer/package.json package-name: "name": "@agents/critic",',
    ],
    [
      'runtime dependencies',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { dependencies: { leftpad: '1.0.0' } }) }],
      'agents/development/reviewer/package.json package-dependencies: "dependencies": {',
    ],
    [
      'a files list that ships more',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { files: ['dist', 'agent.md', 'agent.json', 'CHANGELOG.md', 'src'] }) }],
      'agents/development/reviewer/package.json package-files: "files": [',
    ],
    [
      'missing exports',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { exports: { '.': './dist/index.js' } }) }],
      'agents/development/reviewer/package.json package-exports: "exports": {',
    ],
    [
      'no public access',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { publishConfig: {} }) }],
      'agents/development/reviewer/package.json package-access: "publishConfig": {}',
    ],
    [
      'no licence',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { license: undefined }) }],
      'agents/development/reviewer/package.json package-license: {',
    ],
    [
      'an install script',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { scripts: { postinstall: 'node x.js' } }) }],
      'agents/development/reviewer/package.json package-scripts: "scripts": {',
    ],
    [
      'a private package',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { private: true }) }],
      'agents/development/reviewer/package.json package-private: "private": true',
    ],
    [
      'a bad version',
      [{ folder: 'reviewer', manifest: agentManifest('reviewer', { version: 'one' }) }],
      'agents/development/reviewer/package.json package-version: "version": "one",',
    ],
  ])('refuses %s', async (_, agents, expected) => {
    expect(await findings(makeRegistry(agents))).toEqual([expected]);
  });

  it.each(['cli', 'schema', 'tooling'])('refuses the name of a package of the repository outside agents/: %s', async (name) => {
    const root = makeRegistry([{ folder: name }]);
    writeWorkspacePackages(root, ['cli', 'schema', 'tooling']);
    expect(await findings(root)).toEqual([`agents/development/${name}/agent.md reserved-name: name: ${name}`]);
  });

  it('refuses a name used twice, in both places', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'reviewer', category: 'quality' }]);
    expect(await findings(root)).toEqual([
      'agents/development/reviewer/agent.md duplicate-name: name: reviewer',
      'agents/quality/reviewer/agent.md duplicate-name: name: reviewer',
    ]);
  });

  it('reports a folder without agent.md or package.json', async () => {
    const root = makeRegistry([]);
    writeFiles(root, { 'agents/development/empty/notes.txt': 'x' });
    expect(await findings(root)).toEqual(['agents/development/empty/agent.md unreadable-file: ', 'agents/development/empty/package.json package-json: ']);
  });

  it("does not take a category package's build output for an agent", async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFiles(root, {
      'agents/development/package.json': '{}',
      'agents/development/dist/index.js': 'export {};',
      'agents/development/clients/cursor/reviewer.md': '---\nname: reviewer\n---\n',
    });
    expect(await findings(root)).toEqual([]);
    expect((await loadRegistry(root)).agents.map((agent) => agent.name)).toEqual(['reviewer']);
  });

  it.each(['dist', 'clients'])("refuses an agent named after a folder of the category's package: %s", async (name) => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: name }]);
    expect(await findings(root)).toEqual([`agents/development/${name}/agent.md reserved-name: ---`]);
    expect((await loadRegistry(root)).agents.map((agent) => agent.name)).toEqual(['reviewer']);
  });

  it("warns, at its description, of an agent over the registry's context budget (agents.contextBudget in package.json)", async () => {
    const root = makeRegistry([
      { folder: 'reviewer' },
      { folder: 'talker', markdown: agentMarkdown('talker').replace('Use for talker work.', 'Use this agent when you need it. '.repeat(8)) },
    ]);
    expect((await loadRegistry(root)).reports.flatMap((report) => report.diagnostics)).toEqual([]);
    writeFiles(root, { 'package.json': JSON.stringify({ private: true, agents: { contextBudget: 30 } }) });
    const warnings = (await loadRegistry(root)).reports.flatMap((report) => report.diagnostics.map((diagnostic) => ({ ...diagnostic, name: report.name })));
    expect(warnings).toEqual([
      expect.objectContaining({
        name: 'talker',
        severity: 'warning',
        code: 'context-cost',
        line: 3,
        message: expect.stringContaining("over the registry's budget of 30"),
      }),
    ]);
  });

  it('publishes under the scope its root package.json names (agents.scope): packages and categories of that scope', async () => {
    const root = makeRegistry([{ folder: 'reviewer', manifest: agentManifest('reviewer', { name: '@acme/reviewer' }) }, { folder: 'tester' }]);
    writeFiles(root, { 'package.json': JSON.stringify({ private: true, agents: { scope: '@acme' } }, null, 2) });
    const registry = await loadRegistry(root);
    expect(registry.scope).toBe('@acme');
    expect(registry.agents.map((agent) => agent.name)).toEqual(['reviewer']);
    expect(await findings(root)).toEqual(['agents/development/tester/package.json package-name: "name": "@agents/tester",']);
    const tester = registry.reports.find((report) => report.path.endsWith('tester/package.json'))!;
    expect(tester.diagnostics[0]!.message).toBe('package name must be "@acme/tester", found "@agents/tester"');

    writeFiles(root, {
      'agents/development/quality/agent.md': agentMarkdown('quality'),
      'agents/development/quality/package.json': JSON.stringify(agentManifest('quality', { name: '@acme/quality' })),
    });
    expect((await loadRegistry(root)).reports.flatMap((report) => report.diagnostics.map((diagnostic) => diagnostic.message))).toContain(
      '"quality" is the name of a category, and @acme/quality its package: choose another name',
    );
  });

  it.each([['acme'], ['@Acme'], [''], [7]])('refuses agents.scope %j at its line of the root package.json', async (scope) => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFiles(root, { 'package.json': JSON.stringify({ private: true, agents: { scope } }, null, 2) });
    const registry = await loadRegistry(root);
    expect(registry.scope).toBe('@agents');
    expect(await findings(root)).toEqual([`package.json registry-scope: "scope": ${JSON.stringify(scope)}`]);
    expect(registry.reports[0]!.diagnostics[0]!.message).toBe(`"agents.scope" must be an npm scope, e.g. "@acme", not ${JSON.stringify(scope)}`);
  });

  describe('skills (skills/<name>/) and the agents that name them', () => {
    /** A registry with the skill pdf-forms and an agent, reviewer, that names it and depends on its package. */
    function withSkill(agentExtra = 'skills: [pdf-forms]\n', dependencies: Record<string, string> | undefined = { '@agents/skill-pdf-forms': 'workspace:^' }) {
      const root = makeRegistry([
        { folder: 'reviewer', markdown: agentMarkdown('reviewer', 'development', agentExtra), manifest: agentManifest('reviewer', { dependencies }) },
      ]);
      writeFiles(root, skillFiles('pdf-forms'));
      return root;
    }

    it('reads each skill with its files, and an agent that names one and depends on its package', async () => {
      const registry = await loadRegistry(withSkill());
      expect(await findings(registry.root)).toEqual([]);
      expect(registry.skills.map((skill) => [skill.name, skill.manifest.name, skill.files.map((file) => [file.path, file.runs])])).toEqual([
        [
          'pdf-forms',
          '@agents/skill-pdf-forms',
          [
            ['scripts/check.py', 'a Python script'],
            ['SKILL.md', undefined],
          ],
        ],
      ]);
      expect(registry.agents.map((agent) => agent.agent.skills)).toEqual([['pdf-forms']]);
    });

    it.each([
      ['in a list, at its item', 'skills:\n  - pdf-forms\n  - ocr\n', 'agents/development/reviewer/agent.md unknown-skill: - ocr'],
      ['in a string, at the key', 'skills: pdf-forms, ocr\n', 'agents/development/reviewer/agent.md unknown-skill: skills: pdf-forms, ocr'],
    ])('refuses a skill the registry lacks, named %s', async (_case, extra, finding) => {
      expect(await findings(withSkill(extra))).toContain(finding);
    });

    it("refuses an agent package that does not depend on exactly its skills' packages", async () => {
      expect(await findings(withSkill('skills: [pdf-forms]\n', {}))).toEqual([
        'agents/development/reviewer/package.json skill-dependencies: "dependencies": {}',
      ]);
      expect(await findings(withSkill('', {}))).toEqual([]);
      expect(await findings(withSkill('', { '@agents/skill-pdf-forms': 'workspace:^' }))).toEqual([
        'agents/development/reviewer/package.json package-dependencies: "dependencies": {',
      ]);
    });

    it.each([
      [
        'a package named otherwise',
        { 'package.json': JSON.stringify({ ...JSON.parse(skillFiles('pdf-forms')['skills/pdf-forms/package.json']!), name: '@agents/pdf-forms' }, null, 2) },
        'package-name',
      ],
      ['a file its package would not ship', { 'references/forms.md': '# Forms\n' }, 'package-files'],
    ])('refuses a skill with %s', async (_case, files, code) => {
      const root = withSkill();
      writeFiles(root, Object.fromEntries(Object.entries(files).map(([path, text]) => [`skills/pdf-forms/${path}`, text])));
      expect((await findings(root)).map((finding) => finding.split(' ')[1])).toEqual([`${code}:`]);
      expect((await loadRegistry(root)).skills).toEqual([]);
    });

    it("keeps agents and skills apart: no agent is named skill-…, none takes a skill's name", async () => {
      const root = withSkill();
      writeFiles(root, {
        'agents/development/skill-helper/agent.md': agentMarkdown('skill-helper'),
        'agents/development/skill-helper/package.json': JSON.stringify(agentManifest('skill-helper')),
        'agents/development/pdf-forms/agent.md': agentMarkdown('pdf-forms'),
        'agents/development/pdf-forms/package.json': JSON.stringify(agentManifest('pdf-forms')),
      });
      expect(await findings(root)).toEqual([
        'agents/development/pdf-forms/agent.md duplicate-name: name: pdf-forms',
        'agents/development/skill-helper/agent.md reserved-name: name: skill-helper',
      ]);
    });
  });

  it('reports package.json that is not JSON', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFiles(root, { 'agents/development/reviewer/package.json': '{ "name": ' });
    expect(await findings(root)).toEqual(['agents/development/reviewer/package.json package-json: { "name":']);
  });

  it('keeps agents with only warnings and leaves out those with errors', async () => {
    const root = makeRegistry([
      { folder: 'reviewer', markdown: md('reviewer', 'reviewer', 'development', 'colour: red\n') },
      { folder: 'broken', markdown: '---\nname: broken\n---\n' },
    ]);
    const registry = await loadRegistry(root);
    expect(registry.agents.map((agent) => agent.name)).toEqual(['reviewer']);
    const reviewer = registry.reports.find((report) => report.path === join(root, 'agents/development/reviewer/agent.md'));
    expect(reviewer?.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'unknown-key' })]);
  });

  describe('symbolic links', () => {
    it('refuses an agent file that links outside the repository, and reads nothing through it', async () => {
      const outside = tempDir('agents-outside-');
      writeFiles(outside, { 'secret.md': agentMarkdown('reviewer') });
      const root = makeRegistry([{ folder: 'reviewer' }]);
      const file = join(root, 'agents/development/reviewer/agent.md');
      renameSync(file, `${file}.bak`);
      symlinkSync(join(outside, 'secret.md'), file);
      const registry = await loadRegistry(root);
      expect(registry.agents).toEqual([]);
      expect(registry.reports).toEqual([
        { path: file, name: null, diagnostics: [expect.objectContaining({ severity: 'error', code: 'symlink-escape', line: 1, column: 1 })] },
      ]);
    });

    it('refuses an agent folder that links outside the repository', async () => {
      const outside = tempDir('agents-outside-');
      writeFiles(outside, { 'agent.md': agentMarkdown('stranger'), 'package.json': JSON.stringify(agentManifest('stranger')) });
      const root = makeRegistry([{ folder: 'reviewer' }]);
      symlinkSync(outside, join(root, 'agents/development/stranger'));
      const registry = await loadRegistry(root);
      expect(registry.agents.map((agent) => agent.name)).toEqual(['reviewer']);
      expect(await findings(root)).toEqual(['agents/development/stranger symlink-escape: ']);
    });

    it.each([
      ["a link in an agent's dist/ to a secret of the machine", 'agents/development/reviewer/dist/leak.txt', 'symlink-escape'],
      ['a link to a file inside the repository', 'agents/development/reviewer/README.md', 'irregular-file'],
      ['a named pipe in an agent folder', 'agents/development/reviewer/CHANGELOG.md', 'irregular-file'],
      ["a link in a category package's own files", 'agents/development/dist/leak.txt', 'symlink-escape'],
    ])('refuses %s, located at it, and loads nothing of that package', async (what, path, code) => {
      const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester' }]);
      const secret = join(tempDir('agents-outside-'), 'id_rsa');
      writeFiles(root, { LICENSE: 'MIT' });
      writeFiles(dirname(secret), { id_rsa: 'secret' });
      mkdirSync(join(root, dirname(path)), { recursive: true });
      if (what.includes('pipe')) execFileSync('mkfifo', [join(root, path)]);
      else symlinkSync(what.includes('inside') ? join(root, 'LICENSE') : secret, join(root, path));
      const registry = await loadRegistry(root);
      expect(registry.reports.filter((report) => report.diagnostics.some((d) => d.severity === 'error'))).toEqual([
        { path: join(root, path), name: null, diagnostics: [expect.objectContaining({ severity: 'error', code, line: 1, column: 1 })] },
      ]);
      const loaded = registry.agents.map((agent) => agent.name);
      expect(loaded).toEqual(path.includes('reviewer') ? ['tester'] : ['reviewer', 'tester']);
    });

    it('follows a link that stays inside the repository', async () => {
      const root = makeRegistry([]);
      writeFiles(root, { 'shared/reviewer/agent.md': agentMarkdown('reviewer'), 'shared/reviewer/package.json': JSON.stringify(agentManifest('reviewer')) });
      mkdirSync(join(root, 'agents/development'), { recursive: true });
      symlinkSync(join(root, 'shared/reviewer'), join(root, 'agents/development/reviewer'));
      expect((await loadRegistry(root)).agents.map((agent) => agent.name)).toEqual(['reviewer']);
    });
  });
});
