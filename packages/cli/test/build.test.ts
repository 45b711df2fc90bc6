import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeOwnCache } from '@agents/compiler';
import { CLIENTS, clientFile, clientPackagePath } from '@agents/schema';
import { agentManifest, agentMarkdown, makeRegistry } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

describe('agents build', () => {
  it('refuses a LICENSE that is a symbolic link: it would publish whatever it points at', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFileSync(join(root, 'secret.txt'), 'not a licence\n');
    symlinkSync(join(root, 'secret.txt'), join(root, 'LICENSE'));
    const run = await agents(['build'], root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('LICENSE is a symbolic link');
    expect(existsSync(join(root, 'agents/development/reviewer/LICENSE'))).toBe(false);
  });

  it('compiles each agent into dist/ and agent.json, with the version of its package.json', async () => {
    const markdown = agentMarkdown('reviewer', 'development', 'color: cyan\n');
    const root = makeRegistry([{ folder: 'reviewer', markdown, manifest: agentManifest('reviewer', { version: '2.3.4' }) }]);
    const run = await agents(['build'], root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Built 1 agent');
    expect(run.stdout).toContain('For other clients, of the 1 agent compiled: copilot 1, opencode 1, cursor 1, codex 0, gemini 1, antigravity 1, factory 1');

    const dir = join(root, 'agents/development/reviewer');
    const module = await import(pathToFileURL(join(dir, 'dist/index.js')).href);
    const expected = {
      name: 'reviewer',
      description: 'Use for reviewer work.',
      tools: ['Read', 'Grep'],
      model: 'sonnet',
      category: 'development',
      color: 'cyan',
      version: '2.3.4',
      prompt: 'You are reviewer.',
    };
    expect(module.default).toEqual(expected);
    expect(module.definition).toEqual({ description: expected.description, prompt: expected.prompt, tools: expected.tools, model: 'sonnet' });
    expect(module.markdown).toBe(markdown);
    const { clients, contextCost, ...json } = JSON.parse(readFileSync(join(dir, 'agent.json'), 'utf8'));
    expect(json).toEqual(expected);
    // What its name and description cost every session where it is installed.
    expect(contextCost).toEqual({ tokens: expect.any(Number), method: expect.stringContaining('estimated') });
    expect(contextCost.tokens).toBeGreaterThan(3);
    expect(readFileSync(join(dir, 'dist/index.d.ts'), 'utf8')).toContain('readonly version: "2.3.4";');
    // The agent for other clients: read-only tools make a file for each but Codex, recorded in agent.json.
    expect(clients.copilot.file).toBe('clients/copilot.agent.md');
    expect(clients.cursor.file).toBe('clients/cursor.md');
    // Codex spawns a role with its parent's sandbox: a restricted agent gets no Codex file.
    expect(clients.codex.refused).toContain("Codex does not apply a role's sandbox_mode");
    for (const { id: client } of CLIENTS) if (client !== 'codex') expect(existsSync(join(dir, clients[client].file)), client).toBe(true);
    expect(existsSync(join(dir, 'clients', 'codex.toml'))).toBe(false);
  });

  it('removes the file of a client the agent no longer converts for', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    await agents(['build'], root);
    const cursorFile = join(root, 'agents/development/reviewer/clients/cursor.md');
    const categoryCopy = join(root, 'agents/development/clients/cursor/reviewer.md');
    expect(existsSync(cursorFile)).toBe(true);
    expect(existsSync(categoryCopy)).toBe(true);
    // Grep alone: Cursor's least setting (readonly) reads and searches, more than this agent may.
    writeFileSync(join(root, 'agents/development/reviewer/agent.md'), agentMarkdown('reviewer').replace('tools: Read, Grep', 'tools: Grep'));
    expect((await agents(['build'], root)).status).toBe(0);
    expect(existsSync(cursorFile)).toBe(false);
    expect(existsSync(categoryCopy)).toBe(false);
    const { clients } = JSON.parse(readFileSync(join(root, 'agents/development/reviewer/agent.json'), 'utf8'));
    expect(clients.cursor.refused).toContain('Cursor');
  });

  it("keeps a category's copies of its members in step: an edited member's are rewritten, a removed member's removed", async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester' }]);
    expect((await agents(['build'], root)).status).toBe(0);
    const copies = (name: string) => [
      `plugins/development/agents/${name}.md`,
      ...CLIENTS.filter(({ id }) => id !== 'codex').map(({ id }) => `agents/development/clients/${id}/${clientFile(id, name)}`),
    ];
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    const testerBefore = copies('tester').map(read);

    writeFileSync(join(root, 'agents/development/reviewer/agent.md'), agentMarkdown('reviewer').replace('You are reviewer.', 'You are a careful reviewer.'));
    expect((await agents(['build'], root)).status).toBe(0);
    for (const path of copies('reviewer')) expect(read(path), path).toContain('You are a careful reviewer.');
    expect(copies('tester').map(read)).toEqual(testerBefore);

    rmSync(join(root, 'agents/development/tester'), { recursive: true });
    expect((await agents(['build'], root)).status).toBe(0);
    for (const path of copies('tester')) expect(existsSync(join(root, path)), path).toBe(false);
    for (const path of copies('reviewer')) expect(existsSync(join(root, path)), path).toBe(true);
  });

  it("makes a category's copies links to its members' own files, and replaces a copy that is a file of its own", async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFileSync(join(root, 'LICENSE'), 'MIT License\n');
    expect((await agents(['build'], root)).status).toBe(0);
    // Every package's licence is one file.
    expect(statSync(join(root, 'agents/development/reviewer/LICENSE')).ino).toBe(statSync(join(root, 'agents/development/LICENSE')).ino);
    expect(readFileSync(join(root, 'agents/development/reviewer/LICENSE'), 'utf8')).toBe('MIT License\n');
    const pairs = [
      ['plugins/reviewer/agents/reviewer.md', 'plugins/development/agents/reviewer.md'],
      ...CLIENTS.map(({ id }) => [`agents/development/reviewer/${clientPackagePath(id)}`, `agents/development/clients/${id}/${clientFile(id, 'reviewer')}`]),
    ].filter(([own]) => existsSync(join(root, own!)));
    expect(pairs.length).toBeGreaterThan(1);
    const sameFile = (own: string, copy: string) => statSync(join(root, own)).ino === statSync(join(root, copy)).ino;
    for (const [own, copy] of pairs) expect(sameFile(own!, copy!), copy).toBe(true);

    // A copy left as a file of its own (by git, or an older build) with other content is made a link again.
    const [own, copy] = pairs[1]!;
    rmSync(join(root, copy!));
    writeFileSync(join(root, copy!), 'stale');
    writeFileSync(join(root, 'agents/development/reviewer/agent.md'), agentMarkdown('reviewer').replace('You are reviewer.', 'You are a careful reviewer.'));
    expect((await agents(['build'], root)).status).toBe(0);
    expect(sameFile(own!, copy!), copy).toBe(true);
    expect(readFileSync(join(root, copy!), 'utf8')).toContain('You are a careful reviewer.');
  });

  it('refuses a symbolic link in a package folder with a located error, and builds nothing', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    mkdirSync(join(root, 'agents/development/reviewer/dist'), { recursive: true });
    symlinkSync('/etc/hostname', join(root, 'agents/development/reviewer/dist/leak.txt'));
    const run = await agents(['build'], root);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/agents\/development\/reviewer\/dist\/leak\.txt:1:1 {2}error {4}symlink-escape/);
    expect(existsSync(join(root, 'agents/development/reviewer/agent.json'))).toBe(false);
  });

  it('recognises a folder of only build outputs (left by switching branches): validate warns, build removes it', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester' }]);
    expect((await agents(['build'], root)).status).toBe(0);
    // What git leaves of tester on a branch without it: its tracked files are gone, the ignored outputs stay.
    for (const file of ['agent.md', 'package.json']) rmSync(join(root, 'agents/development/tester', file));

    const validate = await agents(['validate'], root);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(
      /agents\/development\/tester:1:1 {2}warning {2}stale-folder {2}agents\/development\/tester\/ holds only generated files \(README\.md, agent\.json, clients, dist\), left by another branch: "agents build" removes it/,
    );
    expect((await agents(['build', '--check'], root)).stderr).toContain('agents/development/tester/ (only generated files: removed by "pnpm build")');

    const build = await agents(['build'], root);
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toContain('Removed agents/development/tester/: it held only generated files, left by another branch');
    expect(existsSync(join(root, 'agents/development/tester'))).toBe(false);
    expect((await agents(['validate'], root)).stdout).not.toContain('stale-folder');
  });

  it('rewrites nothing when nothing changed', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    await agents(['build'], root);
    const file = join(root, 'agents/development/reviewer/dist/index.js');
    const before = statSync(file).mtimeMs;
    const run = await agents(['build'], root);
    expect(run.stdout).toContain('0 files written');
    expect(statSync(file).mtimeMs).toBe(before);
  });

  describe('parses of unchanged files, kept between runs', () => {
    const cacheFile = (root: string) => join(root, 'node_modules/.cache/agents/parses.json');
    type Cache = { parser: string; agents: Record<string, { agent: { description: string } }> };
    const readCache = (root: string) => JSON.parse(readFileSync(cacheFile(root), 'utf8')) as Cache;
    /** Rewrites every cached parse as this machine's build writes the file, so a build that reuses one shows it. */
    async function tamper(root: string, change: (cache: Cache) => void): Promise<void> {
      const cache = readCache(root);
      change(cache);
      await writeOwnCache(cacheFile(root), cache);
    }
    const builtDescription = (root: string) => JSON.parse(readFileSync(join(root, 'agents/development/reviewer/agent.json'), 'utf8')).description;

    it('are reused while the file and the loader are unchanged', async () => {
      const root = makeRegistry([{ folder: 'reviewer' }]);
      await agents(['build'], root);
      expect(Object.keys(readCache(root).agents)).toHaveLength(1);
      rmSync(join(root, 'agents/development/reviewer/agent.json'));
      await tamper(root, (cache) => {
        for (const parse of Object.values(cache.agents)) parse.agent.description = 'from the cache';
      });
      expect((await agents(['build'], root)).status).toBe(0);
      expect(builtDescription(root)).toBe('from the cache');
    });

    it('keep where the prompt is, not the prompt: it comes from the file read now', async () => {
      const root = makeRegistry([{ folder: 'reviewer' }]);
      await agents(['build'], root);
      expect(readFileSync(cacheFile(root), 'utf8')).not.toContain('You are reviewer.');
      rmSync(join(root, 'agents/development/reviewer/dist/index.js'));
      expect((await agents(['build'], root)).status).toBe(0);
      expect(readFileSync(join(root, 'agents/development/reviewer/dist/index.js'), 'utf8')).toContain('You are reviewer.');
    });

    it('are dropped when the cache file is not the one this machine wrote (committed under node_modules/, copied)', async () => {
      const root = makeRegistry([{ folder: 'reviewer' }]);
      await agents(['build'], root);
      rmSync(join(root, 'agents/development/reviewer/agent.json'));
      await tamper(root, (cache) => {
        for (const parse of Object.values(cache.agents)) parse.agent.description = 'from the cache';
      });
      // What a checkout or a copy makes of it: the same bytes, another file.
      const copy = `${cacheFile(root)}.copy`;
      writeFileSync(copy, readFileSync(cacheFile(root)));
      rmSync(cacheFile(root));
      renameSync(copy, cacheFile(root));
      expect((await agents(['build'], root)).status).toBe(0);
      expect(builtDescription(root)).toBe('Use for reviewer work.');
    });

    it('are dropped when the loader changed', async () => {
      const root = makeRegistry([{ folder: 'reviewer' }]);
      await agents(['build'], root);
      rmSync(join(root, 'agents/development/reviewer/agent.json'));
      await tamper(root, (cache) => {
        cache.parser = 'another loader';
        for (const parse of Object.values(cache.agents)) parse.agent.description = 'from the cache';
      });
      expect((await agents(['build'], root)).status).toBe(0);
      expect(builtDescription(root)).toBe('Use for reviewer work.');
    });

    it('never stand for a file that changed: a new error fails the build', async () => {
      const root = makeRegistry([{ folder: 'reviewer' }]);
      await agents(['build'], root);
      writeFileSync(join(root, 'agents/development/reviewer/agent.md'), agentMarkdown('reviewer').replace('model: sonnet', 'model: sonnet\nmodel: opus'));
      const run = await agents(['build'], root);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('duplicate-key');
    });
  });

  it('fails with the validator diagnostics and writes nothing when an agent is invalid', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'broken', markdown: '---\nname: broken\ndescription: Use when: x\n---\nBody\n' }]);
    const run = await agents(['build'], root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('agents/development/broken/agent.md:3:22  error    yaml-syntax');
    expect(run.stderr).toContain('nothing was built');
    expect(() => statSync(join(root, 'agents/development/reviewer/dist'))).toThrow();
  });
});

describe('agents build: the Claude Code marketplace', () => {
  it('generates one plugin per agent and the marketplace, and --check finds drift without writing', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'tester', category: 'quality', manifest: agentManifest('tester', { version: '2.0.0' }) }]);
    expect((await agents(['build', '--check'], root)).status).toBe(1);
    expect((await agents(['build'], root)).status).toBe(0);
    const marketplace = JSON.parse(readFileSync(join(root, '.claude-plugin/marketplace.json'), 'utf8'));
    expect(
      marketplace.plugins.map((plugin: { name: string; source: string; version: string; category: string }) => [
        plugin.name,
        plugin.source,
        plugin.version,
        plugin.category,
      ]),
    ).toEqual([
      ['reviewer', './plugins/reviewer', '1.0.0', 'development'],
      ['tester', './plugins/tester', '2.0.0', 'quality'],
      ['development', './plugins/development', '0.0.0', 'development'],
      ['quality', './plugins/quality', '0.0.0', 'quality'],
    ]);
    expect(readFileSync(join(root, 'plugins/quality/agents/tester.md'), 'utf8')).toBe(readFileSync(join(root, 'agents/quality/tester/agent.md'), 'utf8'));
    expect(JSON.parse(readFileSync(join(root, 'plugins/tester/.claude-plugin/plugin.json'), 'utf8'))).toMatchObject({ name: 'tester', version: '2.0.0' });
    expect(readFileSync(join(root, 'plugins/tester/agents/tester.md'), 'utf8')).toBe(readFileSync(join(root, 'agents/quality/tester/agent.md'), 'utf8'));
    expect((await agents(['build', '--check'], root)).stdout).toContain('up to date (4 plugins: one per agent and one per category)');

    writeFileSync(join(root, 'agents/quality/tester/package.json'), JSON.stringify(agentManifest('tester', { version: '2.0.1' })));
    rmSync(join(root, 'agents/development/reviewer'), { recursive: true });
    const drift = await agents(['build', '--check'], root);
    expect(drift.status).toBe(1);
    expect(drift.stderr).toContain('.claude-plugin/marketplace.json');
    expect(drift.stderr).toContain('plugins/tester/.claude-plugin/plugin.json');
    expect(drift.stderr).toContain('plugins/reviewer/ (no such agent)');
    expect((await agents(['build'], root)).status).toBe(0);
    expect(existsSync(join(root, 'plugins/reviewer'))).toBe(false);
    expect((await agents(['build', '--check'], root)).status).toBe(0);
  });
});

describe('agents build: category packages', () => {
  it('generates @agents/<category>, depending on every agent of the category, and keeps the version changesets wrote', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }, { folder: 'linter' }, { folder: 'tester', category: 'quality' }]);
    expect((await agents(['build'], root)).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(root, 'agents/development/package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@agents/development',
      version: '0.0.0',
      dependencies: { '@agents/linter': 'workspace:*', '@agents/reviewer': 'workspace:*' },
      publishConfig: { access: 'public' },
      files: ['dist', 'clients', 'CHANGELOG.md'],
    });
    expect(Object.keys(manifest.dependencies)).toHaveLength(2);
    // Every member's file for each other client, as the member's own package holds it.
    for (const { id: client } of CLIENTS) {
      const member = JSON.parse(readFileSync(join(root, 'agents/development/linter/agent.json'), 'utf8')).clients[client];
      if (member.refused !== undefined) continue;
      const copy = join(root, 'agents/development/clients', client, member.file.replace(`clients/${client}`, 'linter'));
      expect(readFileSync(copy, 'utf8'), client).toBe(readFileSync(join(root, 'agents/development/linter', member.file), 'utf8'));
    }

    writeFileSync(join(root, 'agents/development/package.json'), JSON.stringify({ ...manifest, version: '1.4.0' }));
    expect((await agents(['build', '--check'], root)).stderr).toContain('agents/development/package.json');
    expect((await agents(['build'], root)).status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'agents/development/package.json'), 'utf8')).version).toBe('1.4.0');
    expect((await agents(['build', '--check'], root)).status).toBe(0);
    expect((await agents(['validate'], root)).status).toBe(0);

    const js = readFileSync(join(root, 'agents/development/dist/index.js'), 'utf8');
    expect(js).toContain("import agent0, { definition as definition0 } from '@agents/linter';");
    expect(js).toContain('export const names = ["linter","reviewer"];');
    expect(readFileSync(join(root, 'agents/development/dist/index.d.ts'), 'utf8')).toContain('readonly "reviewer": typeof Definition1;');

    // Membership changes reach the category's package and plugin, even when no agent is compiled.
    rmSync(join(root, 'agents/development/linter'), { recursive: true });
    expect((await agents(['build'], root)).status).toBe(0);
    expect(existsSync(join(root, 'plugins/development/agents/linter.md'))).toBe(false);
    expect(existsSync(join(root, 'plugins/development/agents/reviewer.md'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'agents/development/package.json'), 'utf8')).dependencies)).toEqual(['@agents/reviewer']);
    expect((await agents(['build', '--check'], root)).status).toBe(0);
  });
});
