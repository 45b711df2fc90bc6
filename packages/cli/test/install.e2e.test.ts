import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { convertForClient } from '@agents/clients';
import { parseAgent } from '@agents/loader';
import { createRegistryUser, type LocalRegistry, startLocalRegistry } from '@agents/local-registry';
import { contextCost } from '@agents/schema';
import { agentMarkdown, isolatedUser, publishAsIs, publishBuilt, registryProject, runCliAsync, SEED_PACKAGE, tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const AGENT = 'data-platform-engineer';
const seed = readFileSync(join(SEED_PACKAGE, 'agent.md'), 'utf8');

/** Publishes a package as written, without the registry's build or gate: what a hostile publisher can do. */
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8'));
/** What agents says once per run about a registry that publishes no signing keys (Verdaccio). */
const unsignedNote = (registryUrl: string) =>
  `note: ${registryUrl} publishes no signing keys: its packages are checked against their integrity only, not their publisher\n`;
const fileOf = (dir: string, name = AGENT) => readFileSync(join(dir, '.claude/agents', `${name}.md`), 'utf8');
describe('installing agents from a registry', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;
  const edited = `${seed}\nMy own rule: always ask before dropping a table.\n`;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    publishBuilt(registry.url, 'any', AGENT, '1.0.0', seed);
    publishBuilt(registry.url, 'any', 'reviewer', '1.0.0', agentMarkdown('reviewer'));
    publishAsIs(registry.url, 'sneaky', agentMarkdown('sneaky').replace('You are sneaky.', 'You are\u200b sneaky.'));
    publishBuilt(
      registry.url,
      'any',
      'hooked',
      '1.0.0',
      agentMarkdown(
        'hooked',
        'development',
        'hooks:\n  PreToolUse:\n    - matcher: Bash\n      hooks:\n        - type: command\n          command: ./guard.sh\n',
      ),
    );
    // A Cursor file that grants every tool (no readonly) beside an agent.md that reads and searches only.
    publishAsIs(registry.url, 'widened', agentMarkdown('widened'), {
      'clients/cursor.md': '---\nname: widened\ndescription: Use for widened work.\n---\n\nYou are widened.\n',
    });
  }, 120_000);
  afterAll(() => registry?.stop());

  it('agents add writes the package file verbatim and a lock entry, from the registry .npmrc names', async () => {
    const dir = registryProject(registry.url);
    const run = await agents(['add', AGENT], dir, isolatedUser(dir));
    expect(run.stderr).toBe(unsignedNote(registry.url));
    expect(run.stdout).toBe(`✔ ${AGENT} 1.0.0 → .claude/agents/${AGENT}.md\n`);
    expect(run.status).toBe(0);
    expect(fileOf(dir)).toBe(seed);
    const packument = (await (await fetch(new URL(`@agents%2f${AGENT}`, registry.url))).json()) as {
      versions: Record<string, { dist: { integrity: string } }>;
    };
    expect(lockOf(dir)).toEqual({
      lockfileVersion: 1,
      agents: {
        [AGENT]: {
          package: `@agents/${AGENT}`,
          version: '1.0.0',
          range: 'latest',
          source: 'registry',
          integrity: packument.versions['1.0.0']!.dist.integrity,
          sha256: createHash('sha256').update(seed).digest('hex'),
          publisher: null,
        },
      },
    });
    const listed = JSON.parse((await agents(['list', '--json'], dir, isolatedUser(dir))).stdout);
    const tokens = contextCost(parseAgent(seed).agent!);
    expect(listed.agents).toEqual([
      {
        name: AGENT,
        package: `@agents/${AGENT}`,
        version: '1.0.0',
        source: 'registry',
        state: 'unmodified',
        path: `.claude/agents/${AGENT}.md`,
        contextTokens: tokens,
        publisher: null,
      },
    ]);
    expect(listed.contextTokens).toBe(tokens);
    // The table says what each agent, and all of them, cost every session.
    const table = (await agents(['list'], dir, isolatedUser(dir))).stdout;
    expect(table).toMatch(new RegExp(`${AGENT}\\s+1\\.0\\.0\\s+registry\\s+unmodified\\s+~${tokens}`));
    expect(table).toContain(`Their names and descriptions take ~${tokens} tokens of every session's context (estimated).`);
  });

  it('reads ./.npmrc as npm does, also in a folder with no package.json above it', async () => {
    const dir = tempDir('agents-bare-');
    writeFiles(dir, { '.npmrc': `@agents:registry=${registry.url}\n` });
    const run = await agents(['add', AGENT], dir, isolatedUser(dir));
    expect(run.stderr).toBe(unsignedNote(registry.url));
    expect(run.status).toBe(0);
    expect(fileOf(dir)).toBe(seed);
  });

  it('goes through the HTTP proxy npm is configured with (proxy=), and fails when it is unreachable', async () => {
    const requests: string[] = [];
    // A forward proxy: requests arrive with the whole URL, and are passed on.
    const proxy = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      const upstream = httpRequest(request.url!, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
      const dir = registryProject(registry.url, `proxy=${proxyUrl}\n`);
      const run = await runCliAsync(['add', AGENT], dir, isolatedUser(dir));
      expect(run.stderr).toBe(unsignedNote(registry.url));
      expect(run.status).toBe(0);
      expect(fileOf(dir)).toBe(seed);
      expect(requests).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^GET ${registry.url}@agents%2f${AGENT}$`)),
          expect.stringMatching(/^GET .*\.tgz$/),
          `GET ${registry.url}-/npm/v1/keys`,
        ]),
      );

      const unreachable = registryProject(registry.url, 'proxy=http://127.0.0.1:9/\nfetch-retries=0\n');
      const refused = await runCliAsync(['add', AGENT], unreachable, isolatedUser(unreachable));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('check your network, and the registry and proxy in .npmrc');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('keeps a local edit through add and update, and --force restores the package file', async () => {
    const dir = registryProject(registry.url);
    await agents(['add', AGENT], dir, isolatedUser(dir));
    writeFileSync(join(dir, '.claude/agents', `${AGENT}.md`), edited);

    const again = await agents(['add', AGENT], dir, isolatedUser(dir));
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('kept your edits');
    const update = await agents(['update'], dir, isolatedUser(dir));
    expect(update.status).toBe(0);
    expect(update.stdout).toContain('kept your edits');
    expect(fileOf(dir)).toBe(edited);
    expect(JSON.parse((await agents(['list', '--json'], dir, isolatedUser(dir))).stdout).agents[0].state).toBe('modified');

    const diff = await agents(['diff', AGENT], dir, isolatedUser(dir));
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('+My own rule: always ask before dropping a table.');

    const forced = await agents(['add', AGENT, '--force'], dir, isolatedUser(dir));
    expect(forced.status).toBe(0);
    expect(fileOf(dir)).toBe(seed);
    expect(JSON.parse((await agents(['list', '--json'], dir, isolatedUser(dir))).stdout).agents[0].state).toBe('unmodified');
  });

  it('refuses names that would escape the agents folder, and writes nothing', async () => {
    const dir = registryProject(registry.url);
    for (const name of ['../../escape', '/etc/passwd', 'a/b', '..', '@agents/../x', 'UPPER']) {
      const run = await agents(['add', name], dir, isolatedUser(dir));
      expect(run.status, name).toBe(2);
      expect(run.stderr, name).toContain('is not an agent name');
    }
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });

  it('never writes through a symbolic link, and keeps a file it did not install', async () => {
    const dir = registryProject(registry.url);
    const outside = join(tempDir(), 'target.md');
    writeFileSync(outside, 'mine');
    mkdirSync(join(dir, '.claude/agents'), { recursive: true });
    symlinkSync(outside, join(dir, '.claude/agents', `${AGENT}.md`));
    const linked = await agents(['add', AGENT, '--force'], dir, isolatedUser(dir));
    expect(linked.status).toBe(1);
    expect(linked.stderr).toContain('symbolic link');
    expect(readFileSync(outside, 'utf8')).toBe('mine');

    writeFileSync(join(dir, '.claude/agents/reviewer.md'), 'hand-written');
    const unmanaged = await agents(['add', 'reviewer'], dir, isolatedUser(dir));
    expect(unmanaged.status).toBe(1);
    expect(unmanaged.stdout).toContain('was not installed by agents');
    expect(fileOf(dir, 'reviewer')).toBe('hand-written');
  });

  it.each(['.claude', '.claude/agents'])('refuses to write or delete through a symbolic link at %s, naming where it points', async (linked) => {
    const dir = registryProject(registry.url);
    const elsewhere = tempDir('agents-elsewhere-');
    mkdirSync(join(dir, linked, '..'), { recursive: true });
    symlinkSync(elsewhere, join(dir, linked));
    for (const args of [
      ['add', AGENT, '--force'],
      ['remove', AGENT, '--force'],
    ]) {
      const run = await agents(args, dir, isolatedUser(dir));
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(`${join(dir, linked)} is a symbolic link to ${elsewhere}: refusing to write through it`);
    }
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('fetches and checks every agent before writing any: one bad package, nothing written', async () => {
    const dir = registryProject(registry.url);
    const run = await agents(['add', 'reviewer', 'sneaky'], dir, isolatedUser(dir));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('@agents/sneaky@1.0.0 has an invalid agent.md; nothing installed');
    expect(run.stderr).toContain('hidden-character');
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });

  it('keeps the lock true to the disk when a write fails midway', async () => {
    const dir = registryProject(registry.url);
    mkdirSync(join(dir, '.claude/agents/reviewer.md'), { recursive: true });
    const run = await agents(['add', AGENT, 'reviewer'], dir, isolatedUser(dir));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('reviewer.md is not a regular file');
    expect(fileOf(dir)).toBe(seed);
    expect(Object.keys(lockOf(dir).agents)).toEqual([AGENT]);
    // What is on disk is what the lock knows: remove needs no --force.
    expect((await agents(['remove', AGENT], dir, isolatedUser(dir))).status).toBe(0);
  });

  it('installs for other clients with --client: each file in its client folder, a lock beside each, edits kept', async () => {
    const dir = registryProject(registry.url);
    const env = isolatedUser(dir);
    // Codex spawns a role with its parent's sandbox (openai/codex#45482): a restricted agent gets no Codex file.
    const codex = await agents(['add', AGENT, '--client', 'codex'], dir, env);
    expect(codex.status).toBe(1);
    expect(codex.stderr).toContain(`@agents/${AGENT}@1.0.0 has no file for codex: Codex does not apply a role's sandbox_mode`);
    // Antigravity's agents live in a plugin whose manifest is the user's own here: it is kept.
    const manifest = '{ "name": "agents", "description": "my plugin" }\n';
    writeFiles(dir, { '.antigravity/plugins/agents/plugin.json': manifest });
    const add = await agents(['add', AGENT, '--client', 'claude-code,copilot,opencode,cursor,gemini,antigravity,factory'], dir, env);
    expect(add.stderr).toBe(unsignedNote(registry.url));
    expect(add.status).toBe(0);
    const files = {
      'claude-code': `.claude/agents/${AGENT}.md`,
      copilot: `.github/agents/${AGENT}.agent.md`,
      cursor: `.cursor/agents/${AGENT}.md`,
      opencode: `.opencode/agents/${AGENT}.md`,
      gemini: `.gemini/agents/${AGENT}.md`,
      antigravity: `.antigravity/plugins/agents/agents/${AGENT}.md`,
      factory: `.factory/droids/${AGENT}.md`,
    };
    for (const path of Object.values(files)) expect(add.stdout).toContain(`✔ ${AGENT} 1.0.0 → ${path}`);
    expect(readFileSync(join(dir, files['claude-code']), 'utf8')).toBe(seed);
    // What each client keeps of the definition, after its file.
    expect(add.stdout).toContain('stricter: tools → readonly: true');
    expect(existsSync(join(dir, '.codex'))).toBe(false);
    for (const lock of ['.claude', '.github', '.cursor', '.opencode', '.gemini', '.antigravity/plugins/agents', '.factory']) {
      expect(JSON.parse(readFileSync(join(dir, lock, 'agents.lock.json'), 'utf8')).agents[AGENT].version, lock).toBe('1.0.0');
    }
    expect(readFileSync(join(dir, '.antigravity/plugins/agents/plugin.json'), 'utf8')).toBe(manifest);
    // Without one, agents add writes the plugin's manifest, named after its folder.
    const fresh = registryProject(registry.url);
    expect((await agents(['add', AGENT, '--client', 'antigravity'], fresh, isolatedUser(fresh))).status).toBe(0);
    expect(JSON.parse(readFileSync(join(fresh, '.antigravity/plugins/agents/plugin.json'), 'utf8'))).toMatchObject({ name: 'agents' });
    expect(readFileSync(join(dir, files.antigravity), 'utf8')).toContain('\nsubagent: true\n');

    // An edit to one client's file survives update, which says how to see and replace it.
    writeFileSync(join(dir, files.cursor), `${readFileSync(join(dir, files.cursor), 'utf8')}\nMy own rule.\n`);
    const update = await agents(['update', '--client', 'cursor,opencode', '--force'], dir, env);
    expect(update.status).toBe(0);
    const kept = await agents(['update', '--client', 'cursor'], dir, env);
    expect(kept.stdout).toContain(`${AGENT} 1.0.0 already in ${files.cursor}`);
    writeFileSync(join(dir, files.cursor), 'edited\n');
    const keep = await agents(['update', '--client', 'cursor'], dir, env);
    expect(keep.stdout).toContain(`kept your edits to ${files.cursor}; compare with "agents diff ${AGENT} --client cursor"`);
    expect(readFileSync(join(dir, files.cursor), 'utf8')).toBe('edited\n');

    const diff = await agents(['diff', AGENT, '--client', 'cursor'], dir, env);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain(`+++ ${files.cursor} (local)`);
    expect(diff.stdout).toContain('+edited');
    expect((await agents(['diff', AGENT, '--client', 'cursor,opencode'], dir, env)).stderr).toContain('agents diff compares one client at a time');
    const outdated = JSON.parse((await agents(['outdated', '--client', 'copilot,opencode', '--json'], dir, env)).stdout);
    expect(outdated).toEqual([
      { client: 'copilot', agents: [], missing: [] },
      { client: 'opencode', agents: [], missing: [] },
    ]);
    const listed = JSON.parse((await agents(['list', '--client', 'opencode', '--json'], dir, env)).stdout);
    expect(listed).toMatchObject({ client: 'opencode', agents: [{ name: AGENT, version: '1.0.0', state: 'unmodified' }] });
    const removed = await agents(['remove', AGENT, '--client', 'copilot'], dir, env);
    expect(removed.status).toBe(0);
    expect(existsSync(join(dir, files.copilot))).toBe(false);
    expect(existsSync(join(dir, files.opencode))).toBe(true);
  });

  it("says why a package has no file for a client, and never installs a package's own client file", async () => {
    const dir = registryProject(registry.url);
    const hooked = await agents(['add', 'hooked', '--client', 'cursor'], dir, isolatedUser(dir));
    expect(hooked.status).toBe(1);
    expect(hooked.stderr).toContain('@agents/hooked@1.0.0 has no file for cursor: hooks: hooks can refuse tool calls');
    expect(existsSync(join(dir, '.cursor'))).toBe(false);
    // The package's cursor file grants every tool; what is installed is compiled from its agent.md (read-only).
    const widened = await agents(['add', 'widened', '--client', 'cursor'], dir, isolatedUser(dir));
    expect(widened.status, widened.stderr).toBe(0);
    const installed = readFileSync(join(dir, '.cursor', 'agents', 'widened.md'), 'utf8');
    expect(installed).toContain('readonly: true');
    expect(installed).toBe((convertForClient(parseAgent(agentMarkdown('widened')).agent!, 'cursor') as { content: string }).content);
  });

  it('keeps every entry when several agents add run at once in one project', async () => {
    const dir = registryProject(registry.url);
    const env = isolatedUser(dir);
    const names = [AGENT, 'reviewer', 'hooked', 'widened'];
    const runs = await Promise.all(names.map((name) => runCliAsync(['add', name], dir, env)));
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    const lock = JSON.parse(readFileSync(join(dir, '.claude', 'agents.lock.json'), 'utf8'));
    expect(Object.keys(lock.agents).sort()).toEqual([...names].sort());
    // The guard each run held while it wrote is gone.
    expect(readdirSync(join(dir, '.claude')).filter((file) => file.endsWith('.lock'))).toEqual([]);
  });

  it('mentions --client when the project has the agents folder of another client', async () => {
    const dir = registryProject(registry.url);
    mkdirSync(join(dir, '.cursor', 'agents'), { recursive: true });
    const run = await agents(['add', 'reviewer'], dir, isolatedUser(dir));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('note: this project has .cursor/agents/: --client cursor installs there too');
  });

  it('npm install then agents sync installs the agent from node_modules', async () => {
    const dir = registryProject(registry.url);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `@agents/${AGENT}`], { cwd: dir, env: { ...process.env, ...isolatedUser(dir) }, stdio: 'pipe' });
    const run = await agents(['sync'], dir, isolatedUser(dir));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`✔ ${AGENT} 1.0.0 → .claude/agents/${AGENT}.md`);
    expect(fileOf(dir)).toBe(seed);
    expect(lockOf(dir).agents[AGENT]).toMatchObject({ source: 'node_modules', version: '1.0.0', integrity: expect.stringMatching(/^sha512-/) });
    expect((await agents(['sync'], dir, isolatedUser(dir))).stdout).toContain('already in');
  });

  it('installs into the user folder, honouring CLAUDE_CONFIG_DIR, and reports a clash with the project', async () => {
    const dir = registryProject(registry.url);
    const config = join(dir, 'claude-config');
    await agents(['add', AGENT], dir, isolatedUser(dir));
    const run = await agents(['add', AGENT, '--user'], dir, { ...isolatedUser(dir), CLAUDE_CONFIG_DIR: config });
    expect(run.status).toBe(0);
    expect(readFileSync(join(config, 'agents', `${AGENT}.md`), 'utf8')).toBe(seed);
    expect(existsSync(join(config, 'agents.lock.json'))).toBe(true);
    expect(run.stderr).toContain(`defines "${AGENT}" too`);
    writeFileSync(join(config, 'agents', `${AGENT}.md`), edited);
    const kept = await agents(['add', AGENT, '--user'], dir, { ...isolatedUser(dir), CLAUDE_CONFIG_DIR: config });
    expect(kept.stdout).toContain(`compare with "agents diff ${AGENT} --user", replace with --force`);
  });

  it('shows and applies updates: outdated, update, then remove', async () => {
    const dir = registryProject(registry.url);
    await agents(['add', 'reviewer'], dir, isolatedUser(dir));
    publishBuilt(registry.url, 'any', 'reviewer', '1.1.0', agentMarkdown('reviewer').replace('You are reviewer.', 'You are a stricter reviewer.'));

    const outdated = JSON.parse((await agents(['outdated', '--json'], dir, isolatedUser(dir))).stdout);
    expect(outdated.agents).toEqual([
      {
        name: 'reviewer',
        package: '@agents/reviewer',
        current: '1.0.0',
        wanted: '1.1.0',
        latest: '1.1.0',
        source: 'registry',
        pinned: false,
        widens: false,
        gains: null,
      },
    ]);
    const update = await agents(['update', 'reviewer'], dir, isolatedUser(dir));
    expect(update.stdout).toContain('✔ reviewer 1.1.0 → .claude/agents/reviewer.md (replaced)');
    expect(fileOf(dir, 'reviewer')).toContain('You are a stricter reviewer.');
    expect(JSON.parse((await agents(['outdated', '--json'], dir, isolatedUser(dir))).stdout).agents).toEqual([]);

    const removed = await agents(['remove', 'reviewer'], dir, isolatedUser(dir));
    expect(removed.status).toBe(0);
    expect(existsSync(join(dir, '.claude/agents/reviewer.md'))).toBe(false);
    expect(lockOf(dir).agents).toEqual({});
  });

  it('keeps to the range an agent was added with', async () => {
    const dir = registryProject(registry.url);
    const run = await agents(['add', 'reviewer@~1.0.0'], dir, isolatedUser(dir));
    expect(run.stdout).toContain('reviewer 1.0.0');
    expect(lockOf(dir).agents.reviewer.range).toBe('~1.0.0');
    expect((await agents(['update'], dir, isolatedUser(dir))).stdout).toContain('reviewer 1.0.0 already in');
    // A newer version outside the range: outdated says how to move, not an update that does nothing.
    const outdated = await agents(['outdated'], dir, isolatedUser(dir));
    expect(outdated.status).toBe(0);
    expect(outdated.stdout).not.toContain('Update with');
    expect(outdated.stdout).toContain('reviewer stays at "~1.0.0", the range it was added with: agents update reviewer@latest moves it to 1.1.0');
  });

  it('reports an installed agent that the registry does not have as an error, not as up to date', async () => {
    const dir = registryProject(registry.url);
    await agents(['add', 'reviewer'], dir, isolatedUser(dir));
    const lock = lockOf(dir);
    lock.agents.ghost = { ...lock.agents.reviewer, package: '@agents/ghost' };
    writeFileSync(join(dir, '.claude/agents.lock.json'), JSON.stringify(lock));
    const run = await agents(['outdated'], dir, isolatedUser(dir));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`@agents/ghost is not on ${registry.url}`);
    expect(run.stdout).not.toMatch(/up to date/);
    const json = await agents(['outdated', '--json'], dir, isolatedUser(dir));
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).missing).toEqual(['ghost']);
  });

  it('says what to run when node_modules no longer holds an agent installed by sync', async () => {
    const dir = registryProject(registry.url);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', `@agents/${AGENT}`], { cwd: dir, env: { ...process.env, ...isolatedUser(dir) }, stdio: 'pipe' });
    expect((await agents(['sync'], dir, isolatedUser(dir))).status).toBe(0);
    rmSync(join(dir, 'node_modules'), { recursive: true });
    const run = await agents(['diff', AGENT], dir, isolatedUser(dir));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `agents diff: ${AGENT} was installed by agents sync from node_modules, and @agents/${AGENT} is no longer there: run npm install, then agents diff ${AGENT} again\n`,
    );
  });

  it('fails clearly, writing nothing, for an unknown agent or version', async () => {
    const dir = registryProject(registry.url);
    const unknown = await agents(['add', 'no-such-agent'], dir, isolatedUser(dir));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('@agents/no-such-agent is not on');
    const version = await agents(['add', `${AGENT}@9`], dir, isolatedUser(dir));
    expect(version.stderr).toContain('has no version matching "9"');
    expect(existsSync(join(dir, '.claude/agents'))).toBe(false);
  });
});

describe('a registry that requires a login', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;
  let token: string;
  beforeAll(async () => {
    registry = await startLocalRegistry({ requireLogin: true });
    token = await createRegistryUser(registry.url, 'alice', 'correct-horse-battery');
    publishBuilt(registry.url, token, AGENT, '1.0.0', seed);
  }, 120_000);
  afterAll(() => registry?.stop());

  it('is refused with advice without a token, and works with the token from .npmrc', async () => {
    const anonymous = registryProject(registry.url);
    const refused = await agents(['add', AGENT], anonymous, isolatedUser(anonymous));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused access \(40[13]\): set a token for it in \.npmrc/);

    const dir = registryProject(registry.url, `${registry.url.replace(/^http:/, '')}:_authToken=\${AGENTS_TEST_TOKEN}\n`);
    const run = await agents(['add', AGENT], dir, { ...isolatedUser(dir), AGENTS_TEST_TOKEN: token });
    expect(run.status).toBe(0);
    expect(fileOf(dir)).toBe(seed);
  });

  it('uses credentials written in the registry URL as basic auth, and never prints them', async () => {
    const withCredentials = (password: string) => registry.url.replace('http://', `http://alice:${password}@`);
    const dir = registryProject(withCredentials('correct-horse-battery'));
    const run = await agents(['add', AGENT], dir, isolatedUser(dir));
    expect(run.stderr).toBe(unsignedNote(registry.url.replace('http://', 'http://***@')));
    expect(run.status).toBe(0);
    expect(fileOf(dir)).toBe(seed);

    const wrong = registryProject(withCredentials('wrong-horse-battery'));
    const runs = [
      await agents(['add', AGENT], wrong, isolatedUser(wrong)),
      await agents(['add', 'no-such-agent'], dir, isolatedUser(dir)),
      await agents(['outdated', '--json'], dir, isolatedUser(dir)),
      await agents(['diff', AGENT, '--json'], dir, isolatedUser(dir)),
    ];
    expect(runs[0]!.status).toBe(1);
    expect(runs[0]!.stderr).toContain('refused access');
    expect(runs[1]!.stderr).toMatch(/is not on http:\/\/\*\*\*@127\.0\.0\.1/);
    for (const { stdout, stderr } of runs) expect(stdout + stderr).not.toMatch(/horse-battery|alice:/);
  });
});
