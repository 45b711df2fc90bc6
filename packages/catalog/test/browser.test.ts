import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from '@agents/test-support';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalog } from '../src/catalog.js';
import { launchChromium } from '../src/chromium.js';
import { type RunningServer, serveSite } from '../src/serve.js';
import { siteFiles, sitePages, writeSite } from '../src/site.js';
import { chromiumMissing } from './chromium.js';
import { catalogRegistry, largeRegistry } from './registry.js';

const skipped = chromiumMissing();
/** Screenshots for a reviewer to look at; .tmp/ is git-ignored. */
const SCREENSHOTS = join(REPO_ROOT, '.tmp', 'catalog-screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(skipped)('the catalog in Chromium', () => {
  let server: RunningServer;
  /** A catalog of 250 agents: more than its home page holds. */
  let large: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  /** Every request a page made to a host other than the catalog's. */
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const result = await readCatalog(catalogRegistry('file'), 'acme/agents');
    if (!result.ok) throw new Error('the test registry has errors');
    const site = join(tempDir('agents-catalog-', 'file'), 'site');
    await writeSite(site, await siteFiles(result.catalog));
    server = await serveSite(site, 0);
    const largeResult = await readCatalog(largeRegistry(250), 'acme/agents');
    if (!largeResult.ok) throw new Error('the large test registry has errors');
    const largeSite = join(tempDir('agents-catalog-', 'file'), 'site');
    await writeSite(largeSite, sitePages(largeResult.catalog));
    large = await serveSite(largeSite, 0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await newContext();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await large?.close();
  });

  async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const created = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    await created.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.slice(0, -1) });
    await created.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith(large.url)) return route.continue();
      foreignRequests.push(url);
      return route.abort();
    });
    // Anything the page's Content Security Policy had to refuse means the sanitiser let it through.
    await created.addInitScript(() => {
      const state = window as unknown as { __violations: string[] };
      state.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => state.__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    return created;
  }

  async function open(path: string, on: BrowserContext = context, site: RunningServer = server): Promise<Page> {
    const page = await on.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(new URL(path, site.url).href);
    page.once('close', () => expect(errors, `errors on ${path}`).toEqual([]));
    return page;
  }

  /** What the hostile agent's payloads would leave behind: a value they set, or what the page's policy refused. */
  const attempts = (page: Page) =>
    page.evaluate(() => {
      const state = window as unknown as { __pwned?: string; __violations: string[] };
      return { pwned: state.__pwned, violations: state.__violations };
    });
  /** The agents listed, once the list is not waiting for the search index. */
  const shownAgents = async (page: Page) => {
    await page.locator('#agent-list:not([aria-busy])').waitFor({ state: 'attached' });
    return await page.locator('#agent-list > li h2').allTextContents();
  };

  it('narrows the list as the search is typed: by name, description or tool', async () => {
    const page = await open('/');
    expect(await shownAgents(page)).toEqual(['code-reviewer', 'data-platform-engineer', 'deploy-operator', 'hostile-agent']);
    const hostileCard = () => page.locator('#agent-list > li', { hasText: 'hostile-agent' }).evaluate((card) => card.outerHTML);
    const served = await hostileCard();
    expect(served).toContain('<li class="attention">tools: every tool</li>');
    await page.getByLabel('Search').fill('pull requests');
    expect(await shownAgents(page)).toEqual(['code-reviewer']);
    await expect.poll(() => page.locator('#result-count').textContent()).toBe('1 of 4 agents');
    await page.getByLabel('Search').fill('bash');
    expect(await shownAgents(page)).toEqual(['data-platform-engineer', 'deploy-operator']);
    expect(new URL(page.url()).search).toBe('?q=bash');
    // The search reads a card's text, not its markup.
    await page.getByLabel('Search').fill('"helpful" <b');
    expect(await shownAgents(page)).toEqual(['hostile-agent']);
    // The script's card (its description's markup set as text) is the page's own.
    expect(await hostileCard()).toBe(served);
    await page.getByLabel('Search').fill('class');
    expect(await shownAgents(page)).toEqual([]);
    await page.getByLabel('Search').fill('');
    expect(await shownAgents(page)).toHaveLength(4);
    await page.close();
  });

  it('combines filters, says when nothing matches, and keeps them in the address', async () => {
    const page = await open('/');
    await page.getByLabel('Tools granted').selectOption('Write');
    // The hostile agent lists no tools, so it inherits Write too.
    expect(await shownAgents(page)).toEqual(['data-platform-engineer', 'hostile-agent']);
    await page.getByLabel('Model').selectOption('opus');
    expect(await shownAgents(page)).toEqual(['data-platform-engineer']);
    await page.getByLabel('Category').selectOption('security');
    expect(await shownAgents(page)).toEqual([]);
    expect(await page.locator('#no-results').isVisible()).toBe(true);
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Model').selectOption('');
    await page.getByLabel('Tools granted').selectOption('*');
    expect(await shownAgents(page)).toEqual(['hostile-agent']);
    await page.getByLabel('Permission mode').selectOption('plan');
    expect(await shownAgents(page)).toEqual([]);

    await page.getByLabel('Permission mode').selectOption('');
    await page.getByLabel('Tools granted').selectOption('');
    // The reviewer's turn limit has an equivalent in OpenCode only (and Gemini CLI), not in Cursor.
    await page.getByLabel('Client').selectOption('cursor');
    expect(await shownAgents(page)).toEqual(['data-platform-engineer', 'deploy-operator', 'hostile-agent']);
    await page.getByLabel('Client').selectOption('opencode');
    expect(await shownAgents(page)).toHaveLength(4);
    expect(new URL(page.url()).search).toBe('?client=opencode');

    await page.getByLabel('Client').selectOption('');
    // The agents that preload a skill, or one skill.
    await page.getByLabel('Skills').selectOption('*');
    expect(await shownAgents(page)).toEqual(['deploy-operator']);
    await page.getByLabel('Skills').selectOption('rollout-checks');
    expect(await shownAgents(page)).toEqual(['deploy-operator']);
    expect(new URL(page.url()).search).toBe('?skill=rollout-checks');
    await page.getByLabel('Skills').selectOption('');
    // Sorted by what each costs every session's context, and back by name.
    const costs = async () => (await page.locator('#agent-list .badges > li:last-child').allTextContents()).map((badge) => Number(badge.replace(/\D/g, '')));
    await page.getByLabel('Sort').selectOption('context');
    expect(await costs()).toEqual([...(await costs())].sort((a, b) => a - b));
    await page.getByLabel('Sort').selectOption('-context');
    expect(await costs()).toEqual([...(await costs())].sort((a, b) => b - a));
    expect(new URL(page.url()).search).toBe('?sort=-context');
    await page.getByLabel('Sort').selectOption('');
    expect(await shownAgents(page)).toEqual(['code-reviewer', 'data-platform-engineer', 'deploy-operator', 'hostile-agent']);

    await page.goto(new URL('/?model=haiku&mode=plan', server.url).href);
    expect(await shownAgents(page)).toEqual(['deploy-operator']);
    expect(await page.getByLabel('Permission mode').inputValue()).toBe('plan');
    await page.close();
  });

  it('holds the first 100 of a large registry, and finds any of the others from the search index', async () => {
    const page = await open('/', context, large);
    const indexRequests: string[] = [];
    page.on('request', (request) => {
      if (/\/assets\/agents\.[0-9a-f]{10}\.json$/.test(request.url())) indexRequests.push(request.url());
    });
    const names = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `agent-${String(from + index).padStart(3, '0')}`);
    expect(await shownAgents(page)).toEqual(names(0, 100));
    expect(await page.locator('#result-count').textContent()).toBe('250 agents');
    expect(await page.locator('#first-page').isVisible()).toBe(true);
    expect(await page.locator('#show-more').textContent()).toBe('Show 100 more (150 not shown)');
    const served = async (name: string) => await page.locator('#agent-list > li', { hasText: name }).evaluate((card) => card.outerHTML);
    const servedCards = { 'agent-005': await served('agent-005'), 'agent-003': await served('agent-003') };
    expect(indexRequests).toEqual([]);

    // The others are found by the search, and their cards are the page's own markup.
    await page.getByLabel('Search').fill('agent-2');
    expect(await shownAgents(page)).toEqual(names(200, 250));
    expect(await page.locator('#result-count').textContent()).toBe('50 of 250 agents');
    expect(await page.locator('#first-page').isHidden()).toBe(true);
    expect(await page.locator('#show-more').isHidden()).toBe(true);
    for (const [name, markup] of Object.entries(servedCards)) {
      await page.getByLabel('Search').fill(name);
      expect(await shownAgents(page)).toEqual([name]);
      expect(await page.locator('#agent-list > li').evaluate((card) => card.outerHTML)).toBe(markup);
    }

    // Every agent, a page at a time; and the filters see all of them.
    await page.getByLabel('Search').fill('');
    expect(await shownAgents(page)).toEqual(names(0, 100));
    await page.locator('#show-more').click();
    expect(await shownAgents(page)).toEqual(names(0, 200));
    expect(await page.locator('#show-more').textContent()).toBe('Show 50 more (50 not shown)');
    await page.locator('#show-more').click();
    expect(await shownAgents(page)).toEqual(names(0, 250));
    expect(await page.locator('#show-more').isHidden()).toBe(true);
    await page.getByLabel('Model').selectOption('opus');
    expect(await shownAgents(page)).toEqual(names(0, 250).filter((_, index) => index % 5 === 0));
    expect(await page.locator('#result-count').textContent()).toBe('50 of 250 agents');
    // Bash(git diff:*) grants all of Bash to a subagent: the filter finds it under Bash.
    await page.getByLabel('Tools granted').selectOption('Bash');
    expect(await shownAgents(page)).toEqual(['agent-010']);
    expect(indexRequests).toHaveLength(1);
    await page.close();
  });

  it('says so when the search index cannot be fetched, and tries again on the next search', async () => {
    const failing = await newContext();
    // Every fetch fails until the page has said so: focusing the field and typing may each ask for the index.
    let online = false;
    await failing.route('**/assets/agents.*.json', (route) => (online ? route.fallback() : route.abort()));
    const page = await open('/', failing, large);
    await page.getByLabel('Search').fill('agent-2');
    await expect.poll(() => page.locator('#result-count').textContent()).toBe('Could not load the list of agents: search again, or reload the page.');
    online = true;
    await page.getByLabel('Search').fill('agent-24');
    await expect
      .poll(() => shownAgents(page))
      .toEqual(['agent-240', 'agent-241', 'agent-242', 'agent-243', 'agent-244', 'agent-245', 'agent-246', 'agent-247', 'agent-248', 'agent-249']);
    await page.close();
    await failing.close();
  });

  it('works from the keyboard: / to search, Tab through the filters to the results, Enter to open', async () => {
    const page = await open('/');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.type('deploy');
    // The list answers the search when the page has applied it: wait for that, not for a length of time.
    await expect.poll(async () => (await shownAgents(page))[0]).toBe('deploy-operator');
    for (const id of ['filter-category', 'filter-model', 'filter-tool', 'filter-client', 'filter-mode', 'filter-skill', 'sort']) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    }
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('deploy-operator');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/agents/deploy-operator.html');
    expect(await page.locator('h1').textContent()).toBe('deploy-operator');
    await page.close();
  });

  it("shows an agent's capabilities, the gate's warnings, its history and copy-ready install commands", async () => {
    const page = await open('/agents/data-platform-engineer.html');
    const capability = (label: string) =>
      page
        .locator('.capabilities div', { has: page.locator(`dt:text-is("${label}")`) })
        .locator('dd')
        .textContent();
    expect(await capability('Tools')).toBe('Read, Write, Edit, MultiEdit, Grep, Glob, LS, Bash, TodoWrite');
    expect(await capability('Model')).toBe('opus');
    expect(await capability('Permission mode')).toBe('default: a session in acceptEdits, auto, plan or bypassPermissions mode runs it in that mode');
    expect(await page.locator('.findings').textContent()).toContain('grants Bash');
    expect(await page.locator('.meta').textContent()).toContain('version 1.0.0');
    expect(await page.locator('section[aria-labelledby="history-heading"]').textContent()).toContain('First release.');
    expect(await page.locator('.prompt h3, .prompt h4').count()).toBeGreaterThan(0);

    const commands = page.locator('.command');
    expect(await commands.locator('h3').allTextContents()).toEqual([
      'npm',
      'agents CLI (into .claude/agents/)',
      'Claude Code plugin',
      'Claude Agent SDK',
      'GitHub Copilot (agents CLI, into .github/agents/)',
      'OpenCode (agents CLI, into .opencode/agents/)',
      'Cursor (agents CLI, into .cursor/agents/)',
      // No Codex: Codex spawns a role with its parent's sandbox, and this agent's tools are restricted.
      'Gemini CLI (agents CLI, into .gemini/agents/)',
      'Antigravity CLI (agents CLI, into .antigravity/plugins/agents/agents/)',
      'Factory (agents CLI, into .factory/droids/)',
    ]);
    expect(await commands.nth(6).locator('code').textContent()).toBe('npx @agents/cli add data-platform-engineer --client cursor');
    // What each client keeps of the definition, and where its file goes.
    const clients = page.locator('table.clients tbody tr');
    expect(await clients.locator('th').allTextContents()).toEqual([
      'GitHub Copilot',
      'OpenCode',
      'Cursor',
      'OpenAI Codex',
      'Gemini CLI',
      'Antigravity CLI',
      'Factory',
    ]);
    expect(await clients.nth(2).textContent()).toContain('.cursor/agents/data-platform-engineer.md');
    expect(await clients.nth(2).textContent()).toContain('tools made stricter (readonly: true)');
    expect(await clients.nth(3).textContent()).toContain("Codex does not apply a role's sandbox_mode");
    for (const [index, expected] of [
      [0, 'npm install @agents/data-platform-engineer'],
      [1, 'npx @agents/cli add data-platform-engineer'],
      [2, 'claude plugin marketplace add acme/agents\nclaude plugin install data-platform-engineer@agents'],
    ] as const) {
      const button = commands.nth(index).locator('button.copy');
      await button.click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
      await expect.poll(() => button.textContent()).toBe('Copied');
    }
    await commands.nth(3).getByRole('button').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("options: { agents: { 'data-platform-engineer': definition } }");

    await page.screenshot({ path: join(SCREENSHOTS, 'agent-data-platform-engineer.png'), fullPage: true });
    await page.close();
  });

  it('shows a category with its bundle package', async () => {
    const page = await open('/categories/development.html');
    expect(await page.locator('h1').textContent()).toBe('development');
    expect(await page.locator('.command code').first().textContent()).toBe('npm install @agents/development');
    expect(await page.locator('.cards h3').allTextContents()).toEqual(['data-platform-engineer']);
    await page.close();
  });

  it("renders a hostile agent's prompt with nothing executed, loaded or submitted, and its hidden characters shown", async () => {
    const page = await open('/agents/hostile-agent.html');
    const dom = await page.evaluate(() => ({
      scripts: [...document.scripts].map((script) => new URL(script.src).pathname),
      embedded: document.querySelectorAll(
        'iframe, frame, object, embed, form, input, img, svg, style, link[rel="stylesheet"]:not([href*="/assets/catalog."]), meta[http-equiv="refresh"]',
      ).length,
      handlers: [...document.querySelectorAll('*')].flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith('on'))),
      scriptLinks: [...document.querySelectorAll('a[href]')].filter((link) => !/^(https?:|mailto:|\.|\/|#)/.test(link.getAttribute('href')!)).length,
      styled: document.querySelectorAll('[style]').length,
      hidden: [...document.querySelectorAll('.prompt mark.hidden-char')].map((mark) => mark.getAttribute('title')),
    }));
    expect(dom.scripts).toEqual([expect.stringMatching(/^\/assets\/catalog\.[0-9a-f]{10}\.js$/)]);
    expect(dom).toMatchObject({ embedded: 0, handlers: [], scriptLinks: 0, styled: 0 });
    expect(dom.hidden).toEqual(['U+00A0 NO-BREAK SPACE', 'U+2011 NON-BREAKING HYPHEN']);

    // Give every handler that might have survived its event: hover, click, focus; then nothing may have run or loaded.
    const prompt = page.locator('.prompt');
    await prompt.getByText('hover me').hover({ timeout: 5000 });
    await prompt.getByText('click me').click({ timeout: 5000 });
    await page.keyboard.press('Tab');
    await page.goto(new URL('/', server.url).href);
    await page.locator('.card', { hasText: 'hostile-agent' }).locator('.description').hover({ timeout: 5000 });
    expect(await attempts(page)).toEqual({ pwned: undefined, violations: [] });
    await page.goBack();
    expect(await attempts(page)).toEqual({ pwned: undefined, violations: [] });
    expect(foreignRequests).toEqual([]);
    expect(await page.locator('.capabilities .attention dd').first().textContent()).toBe('inherits every tool of the session, MCP tools included');
    // The text of the attempt stays readable, as text.
    expect(await page.locator('.source code').textContent()).toContain('<script>window.__pwned');
    await page.close();
  });

  it('passes axe-core accessibility checks on every kind of page, in light and dark', async () => {
    // axe is injected as a script, which the pages' policy refuses: this context alone bypasses it.
    const audit = await newContext({ bypassCSP: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [path, site] of [
        ['/', server],
        ['/agents/data-platform-engineer.html', server],
        ['/agents/hostile-agent.html', server],
        ['/categories/development.html', server],
        ['/', large],
      ] as const) {
        const page = await open(path, audit, site);
        await page.emulateMedia({ colorScheme });
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
          const results = await axe.run();
          return results.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
        });
        expect(violations, `${site.url}${path} (${colorScheme})`).toEqual([]);
        await page.close();
      }
    }
    await audit.close();
  });

  it('fits a phone screen, without scrolling sideways', async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    for (const path of ['/', '/agents/data-platform-engineer.html', '/agents/hostile-agent.html']) {
      const page = await open(path, phone);
      const width = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(width.content, path).toBeLessThanOrEqual(width.viewport);
      if (path === '/') {
        await page.getByLabel('Search').fill('review');
        expect(await shownAgents(page)).toEqual(['code-reviewer']);
        await page.getByLabel('Search').fill('');
        await page.screenshot({ path: join(SCREENSHOTS, 'home-phone.png'), fullPage: true });
      }
      await page.close();
    }
    await phone.close();
  });

  it('leaves screenshots of the home page and the data-platform-engineer page for review', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const page = await open('/');
    await page.screenshot({ path: join(SCREENSHOTS, 'home.png'), fullPage: true });
    await page.close();
    for (const file of ['home.png', 'agent-data-platform-engineer.png']) {
      const path = join(SCREENSHOTS, file);
      expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(path).size).toBeGreaterThan(10_000);
    }
    console.log(`catalog screenshots: ${SCREENSHOTS}`);
  });
});

if (skipped) {
  describe('the catalog in Chromium', () => {
    it.skip(skipped, () => {});
  });
}
