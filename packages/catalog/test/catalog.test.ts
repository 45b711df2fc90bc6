import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { agentManifest, agentMarkdown, CATALOG, makeRegistry, REPO_ROOT, runCli, skillFiles, tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, readCatalog } from '../src/catalog.js';
import type { SearchEntry } from '../src/pages.js';
import { type RunningServer, serveSite } from '../src/serve.js';
import { siteFiles, writeSite } from '../src/site.js';
import { catalogRegistry, largeRegistry } from './registry.js';

async function catalogOf(root: string, repository?: string): Promise<Catalog> {
  const result = await readCatalog(root, repository);
  if (!result.ok) throw new Error(JSON.stringify(result.reports));
  return result.catalog;
}

describe('readCatalog', () => {
  it('reads every agent through the loader, with its version, warnings and changelog', async () => {
    const catalog = await catalogOf(catalogRegistry());
    expect(catalog.agents.map((entry) => entry.name)).toEqual(['code-reviewer', 'data-platform-engineer', 'deploy-operator', 'hostile-agent']);
    expect(catalog.categories.map((category) => [category.name, category.version, category.agents.length])).toEqual([
      ['development', '1.0.0', 1],
      ['operations', '0.0.0', 1],
      ['quality', '0.0.0', 1],
      ['security', '0.0.0', 1],
    ]);
    const seed = catalog.agents.find((entry) => entry.name === 'data-platform-engineer')!;
    expect(seed.version).toBe('1.0.0');
    expect(seed.changelog).toContain('First release.');
    expect(seed.findings.map((finding) => finding.code)).toContain('grants-tool');
    const hostile = catalog.agents.find((entry) => entry.name === 'hostile-agent')!;
    expect(hostile.findings.map((finding) => finding.code)).toEqual(
      expect.arrayContaining(['inherits-all-tools', 'non-breaking-space', 'non-breaking-hyphen']),
    );
  });

  it("speaks the registry's own scope (agents.scope) in its package names and install commands", async () => {
    const root = makeRegistry([{ folder: 'reviewer', manifest: { ...agentManifest('reviewer'), name: '@acme/reviewer' } }]);
    writeFiles(root, { 'package.json': JSON.stringify({ private: true, agents: { scope: '@acme' } }) });
    const catalog = await catalogOf(root);
    expect(catalog.scope).toBe('@acme');
    const files = await siteFiles(catalog);
    const page = String(files.get('agents/reviewer.html'));
    for (const shown of ['<code>@acme/reviewer</code>', 'npm install @acme/reviewer', 'npx @agents/cli add @acme/reviewer', "from '@acme/reviewer'"]) {
      expect(page).toContain(shown.replaceAll("'", '&#39;'));
    }
    expect(page).not.toContain('@agents/reviewer');
    expect(String(files.get('categories/development.html'))).toContain('npm install @acme/development');
  });

  it('gives each skill a page (what it may do and run, its files, the agents that use it), linked from those agents', async () => {
    const root = makeRegistry([
      {
        folder: 'reviewer',
        markdown: agentMarkdown('reviewer', 'development', 'skills: [pdf-forms]\n'),
        manifest: { ...agentManifest('reviewer'), dependencies: { '@agents/skill-pdf-forms': 'workspace:^' } },
      },
    ]);
    writeFiles(
      root,
      skillFiles('pdf-forms', {
        'SKILL.md': '---\nname: pdf-forms\ndescription: Use to fill PDF forms.\nallowed-tools: Read Bash\n---\n\nFirst: !`python3 scripts/check.py`\n',
      }),
    );
    const catalog = await catalogOf(root);
    expect(catalog.skills).toEqual([expect.objectContaining({ name: 'pdf-forms', version: '1.0.0', allowedTools: ['Read', 'Bash'], usedBy: ['reviewer'] })]);
    const files = await siteFiles(catalog);
    const page = String(files.get('skills/pdf-forms.html'));
    for (const shown of [
      '<code>@agents/skill-pdf-forms</code>',
      'Use to fill PDF forms.',
      'Read, Bash',
      '<code>scripts/check.py</code>',
      'the skill&#39;s instructions run a command that names it (a Python script)',
      'Claude Code runs this shell command when the skill is invoked',
      '<a href="../agents/reviewer.html">reviewer</a>',
    ])
      expect(page).toContain(shown);
    expect(String(files.get('agents/reviewer.html'))).toContain(
      '<li class="attention"><a href="../skills/pdf-forms.html">pdf-forms</a>: approves Read, Bash without asking while active</li>',
    );
    // The home page filters agents by the skills they preload.
    expect(String(files.get('index.html'))).toContain(
      '<select id="filter-skill" data-filter="skill"><option value="">Any skills</option><option value="*">Preloads a skill</option><option value="pdf-forms">Preloads pdf-forms</option></select>',
    );
    const index = [...files].find(([path]) => /^assets\/agents\.[\w-]+\.json$/.test(path));
    expect(JSON.parse(String(index?.[1])).map((entry: { name: string; skills?: string[] }) => [entry.name, entry.skills])).toEqual([
      ['reviewer', ['pdf-forms']],
    ]);
  });

  it('gives the located errors instead of a catalog when the registry has any', async () => {
    const root = makeRegistry([{ folder: 'broken', markdown: agentMarkdown('broken').replace('name: broken', 'name: Broken Agent') }]);
    const result = await readCatalog(root, undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reports[0]!.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'invalid-name', line: 2 }));
  });
});

describe('siteFiles', () => {
  it("links each page only to pages and assets of the site that it writes (an agent's, a skill's, a category's, the clients')", async () => {
    const root = catalogRegistry();
    writeFiles(root, {
      'agents/quality/reviewer/agent.md': agentMarkdown('reviewer', 'quality', 'skills: [pdf-forms]\n'),
      'agents/quality/reviewer/package.json': JSON.stringify({ ...agentManifest('reviewer'), dependencies: { '@agents/skill-pdf-forms': 'workspace:^' } }),
      ...skillFiles('pdf-forms'),
    });
    const files = await siteFiles(await catalogOf(root));
    const site = 'https://catalog.test/';
    const missing: string[] = [];
    for (const [path, content] of files) {
      if (!path.endsWith('.html')) continue;
      for (const [, link] of String(content).matchAll(/(?:href|src)="([^"#]*)(?:#[^"]*)?"/g)) {
        const target = new URL(link!, site + path).href;
        if (!target.startsWith(site)) continue;
        const file = target.slice(site.length).replace(/(^|\/)$/, '$1index.html');
        if (!files.has(file)) missing.push(`${path} → ${link}`);
      }
    }
    expect(missing).toEqual([]);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['agents/reviewer.html', 'skills/pdf-forms.html', 'categories/quality.html', 'clients.html']));
  });

  it('writes a home page, a page per agent and per category, and hashed assets', async () => {
    const files = await siteFiles(await catalogOf(catalogRegistry(), 'acme/agents'));
    const paths = [...files.keys()].sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        'index.html',
        'agents/data-platform-engineer.html',
        'agents/hostile-agent.html',
        'categories/development.html',
        'categories/security.html',
        'clients.html',
        '.nojekyll',
      ]),
    );
    expect(paths.filter((path) => /^assets\/catalog\.[0-9a-f]{10}\.(css|js)$/.test(path))).toHaveLength(2);
    const page = files.get('agents/data-platform-engineer.html')!;
    for (const command of [
      'npm install @agents/data-platform-engineer',
      'npx @agents/cli add data-platform-engineer',
      'claude plugin marketplace add acme/agents\nclaude plugin install data-platform-engineer@agents',
      "import { definition } from '@agents/data-platform-engineer';",
    ]) {
      expect(page).toContain(command.replace(/'/g, '&#39;'));
    }
    expect(files.get('categories/development.html')).toContain('npm install @agents/development');
    // Who builds every package, as the provenance that agents add verifies will name it.
    expect(page).toContain(
      '<p class="publisher">Built and published by <a href="https://github.com/acme/agents">github.com/acme/agents</a> with its workflow <a href="https://github.com/acme/agents/blob/HEAD/.github/workflows/release.yml"><code>.github/workflows/release.yml</code></a>',
    );
    // An imported agent credits its source: the file at its commit.
    expect(files.get('agents/code-reviewer.html')).toContain(
      '<p class="provenance">Imported from <a href="https://github.com/acme/team-agents/blob/c0ffee0123456789abcdef/agents/code%20reviewer.md"><code>agents/code reviewer.md</code> in https://github.com/acme/team-agents.git at c0ffee012345</a> (see its licence there).</p>',
    );
    expect(page).not.toContain('Imported from');
    // Without a conformance.json, the clients page still says what each client keeps, and links from every page.
    const clients = files.get('clients.html')!;
    expect(clients).toContain('<th scope="row">agents with a file</th>');
    expect(page).toContain('<a href="../clients.html">How each client reads the agents</a>');
  });

  it('lists the first 100 agents on the home page and every agent in its search index', async () => {
    const files = await siteFiles(await catalogOf(largeRegistry(130)));
    const home = files.get('index.html')!;
    const indexPath = /data-index="(assets\/agents\.[0-9a-f]{10}\.json)"/.exec(home)?.[1];
    expect(indexPath).toBeDefined();
    const index = JSON.parse(files.get(indexPath!)!) as SearchEntry[];
    const names = Array.from({ length: 130 }, (_, position) => `agent-${String(position).padStart(3, '0')}`);
    expect(index.map((entry) => entry.name)).toEqual(names);
    expect(home).toContain(
      `<ul class="cards" id="agent-list" data-index="${indexPath}" data-total="130" data-page="100">\n<li class="card">\n<h2><a href="agents/agent-000.html">`,
    );
    expect(home.match(/<li class="card">/g)).toHaveLength(100);
    expect(home).not.toContain('agent-100');
    expect(home).toContain('The first 100 agents by name: search or filter to find any of the 130');
    expect(index[7]).toEqual({
      name: 'agent-007',
      description: 'Use for agent-007 work.',
      badges: ['quality', 'model: sonnet', 'tools: Read, Grep', expect.stringMatching(/^~\d+ tokens$/)],
      category: 'quality',
      model: 'sonnet',
      mode: 'default',
      tools: ['Read', 'Grep'],
      context: expect.any(Number),
      // A restricted agent gets no Codex file while Codex ignores a role's sandbox.
      missing: ['codex'],
    });
    // A card with a hidden character to mark comes as the page's markup: the script never marks one itself.
    expect(index[3]!.card).toContain('Use for agent-003<mark class="hidden-char warning" title="U+00A0 NO-BREAK SPACE">U+00A0</mark>work.');
    expect(index.filter((entry) => entry.card !== undefined)).toHaveLength(1);
    // Each category page lists all of its agents.
    expect(files.get('categories/quality.html')!.match(/<li class="card">/g)).toHaveLength(65);
  });

  it('lets the home page alone fetch, and only from its own site', async () => {
    const files = await siteFiles(await catalogOf(catalogRegistry()));
    const policies = new Map([...files].filter(([path]) => path.endsWith('.html')).map(([path, content]) => [path, /connect-src ([^;]+);/.exec(content)?.[1]]));
    expect(policies.get('index.html')).toBe("'self'");
    policies.delete('index.html');
    expect(new Set(policies.values())).toEqual(new Set(["'none'"]));
  });

  it('references no other host from any page', async () => {
    const files = await siteFiles(await catalogOf(catalogRegistry()));
    for (const [path, content] of files) {
      if (!path.endsWith('.html')) continue;
      // The only addresses with a host are the hostile agent's own text, shown escaped, and sanitised links.
      const loads = [...content.matchAll(/<(?:script|link|img|iframe)\b[^>]*>/g)].map((match) => match[0]);
      for (const tag of loads) expect(tag, `${path}: ${tag}`).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    }
  });
});

describe('pnpm catalog', () => {
  it("builds the site of this repository's registry", () => {
    const out = join(tempDir('agents-site-'), 'site');
    const run = runCli(['--out', out], REPO_ROOT, {}, CATALOG);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const page = readFileSync(join(out, 'agents', 'data-platform-engineer.html'), 'utf8');
    expect(page).toContain('<h1>data-platform-engineer</h1>');
    expect(page).toContain('npm install @agents/data-platform-engineer');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('href="agents/data-platform-engineer.html"');
    // The clients page: each client's version checked and how, from conformance.json, and what each keeps of each field.
    const clients = readFileSync(join(out, 'clients.html'), 'utf8');
    expect(clients).toContain('<tr><th scope="row">OpenCode 2</th><td><code>@opencode/cli 2.1.2</code></td>');
    expect(clients).toContain('<tr><th scope="row">Antigravity CLI</th><td>its documented format only</td>');
    // Copilot and OpenCode map the seed's tools to their own, Cursor makes them stricter (readonly), Codex has no file.
    expect(clients).toContain('<tr><th scope="row"><code>tools</code></th><td>mapped 1</td><td>mapped 1</td><td>stricter 1</td><td>—</td>');
    expect(clients).toContain('<th scope="col">Antigravity CLI</th>');
  });

  it('renders a large registry on worker threads, page for page as in one thread', async () => {
    // From 500 agents on, on a machine of two cores or more, the built program renders Markdown on threads.
    const root = largeRegistry(520);
    writeFiles(root, { 'agents/quality/agent-001/CHANGELOG.md': '# @agents/agent-001\n\n## 1.1.0\n\n- *Safer* tools.\n' });
    const out = join(tempDir('agents-site-'), 'site');
    const run = runCli(['--out', out], root, {}, CATALOG);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const expected = await siteFiles(await catalogOf(root));
    expect(expected.get('agents/agent-001.html')).toContain('<li><em>Safer</em> tools.</li>');
    for (const [path, content] of expected) expect(readFileSync(join(out, path), 'utf8'), path).toBe(content);
  }, 60_000);

  it('writes the site into site/, and replaces it on the next run', () => {
    const root = catalogRegistry();
    const first = runCli([], root, {}, CATALOG);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/Catalog of 4 agents in 4 categories written to .*site/);
    expect(first.status).toBe(0);
    expect(existsSync(join(root, 'site', 'agents', 'hostile-agent.html'))).toBe(true);

    writeFiles(root, { 'site/agents/removed-agent.html': 'stale' });
    expect(runCli([], root, {}, CATALOG).status).toBe(0);
    expect(existsSync(join(root, 'site', 'agents', 'removed-agent'))).toBe(false);
  });

  it('writes nothing and says where the errors are when the registry has any', () => {
    const root = makeRegistry([{ folder: 'broken', markdown: agentMarkdown('broken').replace('tools: Read, Grep', 'tools: [Read') }]);
    const run = runCli([], root, {}, CATALOG);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/agents\/development\/broken\/agent\.md:5:1 +error +yaml-syntax/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(root, 'site'))).toBe(false);
  });

  it('--serve serves the site on 127.0.0.1 until interrupted, then exits 0', async () => {
    const root = catalogRegistry();
    const child = spawn(process.execPath, [CATALOG, '--serve', '--port', '0'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Serving on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', () => reject(new Error(`exited before serving:\n${stdout}`)));
    });
    const response = await fetch(`${url}agents/code-reviewer.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<h1>code-reviewer</h1>');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('never empties a folder it did not write', () => {
    const root = catalogRegistry();
    writeFiles(root, { 'mine/notes.md': 'keep me' });
    const run = runCli(['--out', 'mine'], root, {}, CATALOG);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not empty and was not written by the catalog');
    expect(readFileSync(join(root, 'mine', 'notes.md'), 'utf8')).toBe('keep me');
  });

  it.each([
    [['--port', 'eighty'], '--port must be a whole number'],
    [['--repository', 'not a repo'], '--repository must be owner/name'],
    [['--unknown'], 'unknown option --unknown'],
  ])('refuses %j with a message and exit code 2', (args, message) => {
    const run = runCli(args, catalogRegistry(), {}, CATALOG);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('serveSite', () => {
  let server: RunningServer;
  let site: string;
  beforeAll(async () => {
    const dir = tempDir('agents-site-', 'file');
    site = join(dir, 'site');
    await writeSite(site, await siteFiles(await catalogOf(catalogRegistry('file'))));
    writeFiles(dir, { 'secret.txt': 'outside the site' });
    server = await serveSite(site, 0);
  });
  afterAll(() => server.close());

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const url = new URL(server.url);
      const req = request({ host: url.hostname, port: url.port, path, method, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  it('listens on 127.0.0.1 and serves pages compressed when asked', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/agents/hostile-agent.html', { 'accept-encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<h1>hostile-agent</h1>');
    expect((await get('/')).body.toString()).toContain('<h1>Agents for Claude Code</h1>');
  });

  it.each([
    ['a folder without its slash', '/agents', 301],
    ['a page without .html', '/agents/hostile-agent', 200],
    ['a missing page', '/agents/nobody', 404],
    ['a folder named as a page', '/agents/hostile-agent/', 404],
    ['a path out of the site', '/..%2fsecret.txt', 404],
    ['an encoded NUL', '/index.html%00', 404],
    ['a malformed escape', '/%E0%A4%A', 404],
  ])('answers %s with %i', async (_what, path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('refuses to change anything', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });
});
