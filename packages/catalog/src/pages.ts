import type { Diagnostic } from '@agents/loader';
import {
  CLI_PACKAGE,
  CLIENTS,
  CONTEXT_COST_METHOD,
  clientById,
  grantedTool,
  loosensPermissions,
  packageName,
  skillPackageName,
  toolGrant,
} from '@agents/schema';
import { address, FROM_FOLDER } from './addresses.js';
import { agentInstallCommands, capabilities, categoryInstallCommands, type InstallCommand, modelLabel, permissionLabel } from './capabilities.js';
import type { Catalog, CatalogAgent, CatalogCategory, CatalogSkill } from './catalog.js';
import { escapeAttribute as attr, counted, escapeHtml, text } from './html.js';

/** The stylesheet and script of every page, and the home page's search index, by file name with a content hash, so a new release is never served stale. */
export interface AssetNames {
  css: string;
  js: string;
  index: string;
}

/** The cards the home page holds: the rest of a large registry is fetched by its search (the search index) or read on the category pages. */
const FIRST_PAGE = 100;

interface Page {
  title: string;
  description: string;
  /** The path from the page back to the site's root (addresses.ts). */
  root: string;
  main: string;
  /** The page fetches from its own site (the home page's search index); no other page fetches anything. */
  fetches?: boolean;
}

/**
 * Everything the page loads comes from the site itself; a prompt that slipped a
 * script, frame, form or remote resource past the sanitiser is refused here.
 */
const contentSecurityPolicy = (fetches: boolean) =>
  `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src ${fetches ? "'self'" : "'none'"}; font-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;

function layout(page: Page, catalog: Catalog, assets: AssetNames): string {
  const categories = catalog.categories
    .map((category) => `<li><a href="${page.root}${address.category(category.name)}">${text(category.name)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.fetches ?? false)}">
<meta name="referrer" content="no-referrer">
<title>${attr(page.title)}</title>
<meta name="description" content="${attr(page.description)}">
<link rel="icon" href="${page.root}favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${page.root}assets/${assets.css}">
<script src="${page.root}assets/${assets.js}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<a class="brand" href="${page.root}">agents<span class="visually-hidden">: the registry's catalog</span></a>
<nav aria-label="Categories"><ul>${categories}</ul></nav>
</header>
<main id="main" tabindex="-1">
${page.main}
</main>
<footer class="site-footer"><p><a href="${page.root}${address.clients}">How each client reads the agents</a>. Generated from the registry by <code>pnpm catalog</code>. Every agent is published to npm as <code>@agents/&lt;name&gt;</code>, MIT licensed.</p></footer>
<p class="visually-hidden" id="announcer" role="status" aria-live="polite"></p>
</body>
</html>
`;
}

/** Marks what widens what an agent may do. */
const attention = (flag: boolean) => (flag ? ' class="attention"' : '');

const toolsSummary = (entry: CatalogAgent) => {
  const grant = toolGrant(entry.agent);
  return grant === 'all' ? 'every tool' : grant.length === 0 ? 'no tools' : grant.join(', ');
};

interface Badge {
  label: string;
  /** It widens what the agent may do. */
  attention?: boolean;
}

function badges(entry: CatalogAgent): Badge[] {
  const { agent } = entry;
  const mode = permissionLabel(agent);
  return [
    { label: entry.category },
    { label: `model: ${modelLabel(agent)}` },
    { label: `tools: ${toolsSummary(entry)}`, attention: toolGrant(agent) === 'all' },
    ...(mode === 'default' ? [] : [{ label: `mode: ${mode}`, attention: loosensPermissions(mode) }]),
    ...(entry.findings.length === 0 ? [] : [{ label: counted(entry.findings.length, 'warning'), attention: true }]),
    { label: `~${entry.contextTokens} tokens` },
  ];
}

/** One agent in a list (the home page's script makes the same markup for the agents it shows from the search index). */
function card(entry: CatalogAgent, root: string, heading: 'h2' | 'h3'): string {
  const items = badges(entry)
    .map(({ label, attention: flag = false }) => `<li${attention(flag)}>${text(label)}</li>`)
    .join('');
  return `<li class="card">
<${heading}><a href="${root}${address.agent(entry.name)}">${text(entry.name)}</a></${heading}>
<p class="description">${text(entry.agent.description)}</p>
<ul class="badges" aria-label="Capabilities">${items}</ul>
</li>`;
}

/**
 * One agent as the home page's script finds it: what its card shows, as text (the script puts it into
 * the card as text, never as markup), and the values the filters compare. Empty lists are left out:
 * the index of a large registry is fetched by the first search.
 */
export interface SearchEntry {
  name: string;
  description: string;
  badges: string[];
  /** The positions of the badges that widen what the agent may do. */
  attention?: number[];
  /** The card's markup, for the card whose text has hidden characters to mark (made by `card`, as the page's). */
  card?: string;
  category: string;
  model: string;
  mode: string;
  /** `*` when it inherits every tool of the session. */
  tools: string[] | '*';
  denied?: string[];
  /** The clients its package holds no file for (Claude Code reads every agent). */
  missing?: string[];
  /** The skills it preloads. */
  skills?: string[];
  context: number;
}

/** The home page's search index: every agent, in the order of the home page (by name). */
export function searchIndex(catalog: Catalog): string {
  const entries = catalog.agents.map((entry): SearchEntry => {
    const { agent } = entry;
    const grant = toolGrant(agent);
    const shown = badges(entry);
    const attention = shown.flatMap((badge, position) => (badge.attention ? [position] : []));
    const missing = entry.clients.flatMap((conversion) => (conversion.status === 'converted' ? [] : [conversion.client]));
    const marked = [agent.description, ...shown.map((badge) => badge.label)].some((value) => text(value) !== escapeHtml(value));
    return {
      name: entry.name,
      description: agent.description,
      badges: shown.map((badge) => badge.label),
      ...(attention.length > 0 ? { attention } : {}),
      ...(marked ? { card: card(entry, '', 'h2') } : {}),
      category: entry.category,
      model: modelLabel(agent),
      mode: permissionLabel(agent),
      tools: grant === 'all' ? '*' : grant,
      ...(agent.disallowedTools?.length ? { denied: agent.disallowedTools.map(grantedTool) } : {}),
      ...(missing.length > 0 ? { missing } : {}),
      ...(agent.skills?.length ? { skills: [...new Set(agent.skills)] } : {}),
      context: entry.contextTokens,
    };
  });
  return JSON.stringify(entries);
}

/** Where an imported agent came from: its file at its commit on GitHub, or the repository and path as recorded. */
function sourceLine({ source }: CatalogAgent): string {
  if (source === undefined) return '';
  const github = /^(?:https:\/\/github\.com\/|git@github\.com:)([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(source.repository ?? '');
  const where = `<code>${text(source.path)}</code>${source.repository === undefined ? '' : ` in ${text(source.repository)}`}${source.commit === undefined ? '' : ` at ${text(source.commit.slice(0, 12))}`}`;
  const link =
    github && source.commit ? `https://github.com/${github[1]}/blob/${source.commit}/${source.path.split('/').map(encodeURIComponent).join('/')}` : undefined;
  return `<p class="provenance">Imported from ${link === undefined ? where : `<a href="${attr(link)}">${where}</a>`} (see its licence there).</p>`;
}

function options(label: string, values: readonly (readonly [value: string, shown: string])[]): string {
  return `<option value="">${text(label)}</option>${values.map(([value, shown]) => `<option value="${attr(value)}">${text(shown)}</option>`).join('')}`;
}

const distinct = (values: Iterable<string>) => [...new Set(values)].sort();
const pair = (value: string) => [value, value] as const;

export function homePage(catalog: Catalog, assets: AssetNames): string {
  const { agents } = catalog;
  // The tools a subagent really gets (Bash(git diff:*) is all of Bash), as the cards and the search index say.
  const tools = distinct(
    agents.flatMap((entry) => {
      const grant = toolGrant(entry.agent);
      return grant === 'all' ? [] : grant;
    }),
  );
  const filters = `<div class="filters" role="search" aria-label="Agents">
<div class="field search-field"><label for="search">Search</label><input id="search" type="search" placeholder="Name, description or tool" autocomplete="off" spellcheck="false" aria-describedby="search-hint"><p id="search-hint" class="hint">Press <kbd>/</kbd> to search.</p></div>
<div class="field"><label for="filter-category">Category</label><select id="filter-category" data-filter="category">${options(
    'All categories',
    catalog.categories.map((category) => pair(category.name)),
  )}</select></div>
<div class="field"><label for="filter-model">Model</label><select id="filter-model" data-filter="model">${options('Any model', distinct(agents.map((entry) => modelLabel(entry.agent))).map(pair))}</select></div>
<div class="field"><label for="filter-tool">Tools granted</label><select id="filter-tool" data-filter="tool">${options('Any tools', [['*', 'Every tool (inherits all)'], ...tools.map((tool) => [tool, `Can use ${tool}`] as const)])}</select></div>
<div class="field"><label for="filter-client">Client</label><select id="filter-client" data-filter="client">${options('Any client', [
    ['claude-code', 'Claude Code'],
    ...CLIENTS.map((client) => [client.id, client.name] as const),
  ])}</select></div>
<div class="field"><label for="filter-mode">Permission mode</label><select id="filter-mode" data-filter="mode">${options('Any mode', distinct(agents.map((entry) => permissionLabel(entry.agent))).map(pair))}</select></div>${
    catalog.skills.length === 0
      ? ''
      : `\n<div class="field"><label for="filter-skill">Skills</label><select id="filter-skill" data-filter="skill">${options('Any skills', [
          ['*', 'Preloads a skill'],
          ...catalog.skills.map((skill) => [skill.name, `Preloads ${skill.name}`] as const),
        ])}</select></div>`
  }
<div class="field"><label for="sort">Sort</label><select id="sort" data-sort>${options('By name', [
    ['context', 'Least context first'],
    ['-context', 'Most context first'],
  ])}</select></div>
</div>`;
  const main = `<h1>Agents for Claude Code</h1>
<p class="lead">${counted(agents.length, 'agent')} in ${counted(catalog.categories.length, 'category', 'categories')}, each one an npm package and a Claude Code plugin. Every page says what its agent is allowed to do, and each card what it adds to every session's context (in tokens, estimated).</p>
${filters}
<p id="result-count" class="result-count" role="status" aria-live="polite">${counted(agents.length, 'agent')}</p>
<ul class="cards" id="agent-list" data-index="assets/${assets.index}" data-total="${agents.length}" data-page="${FIRST_PAGE}">
${agents
  .slice(0, FIRST_PAGE)
  .map((entry) => card(entry, '', 'h2'))
  .join('\n')}
</ul>
${
  agents.length > FIRST_PAGE
    ? `<p id="first-page" class="first-page">The first ${FIRST_PAGE} agents by name: search or filter to find any of the ${agents.length}, or read them all by category.</p>\n`
    : ''
}<button type="button" id="show-more" class="show-more" hidden>Show more</button>
<p id="no-results" class="no-results" hidden>No agent matches. Clear the search or a filter.</p>`;
  return layout(
    {
      title: 'agents: a registry of Claude Code agents',
      description: `Find, judge and install ${agents.length} Claude Code agents.`,
      root: '',
      main,
      fetches: true,
    },
    catalog,
    assets,
  );
}

/** Who builds the packages, as their provenance names it, and what the CLI does with it. */
function publisherNote(catalog: Catalog): string {
  const publisher = catalog.publisher;
  if (publisher === undefined) return '';
  const workflow = `${publisher.repository}/blob/HEAD/${publisher.workflow}`;
  return `<p class="publisher">Built and published by <a href="${attr(publisher.repository)}">${text(publisher.repository.replace(/^https:\/\//, ''))}</a> with its workflow <a href="${attr(workflow)}"><code>${text(publisher.workflow)}</code></a>, with npm provenance: <code>agents add</code> verifies both, locks them, and refuses a later version built elsewhere.</p>`;
}

function commands(list: readonly InstallCommand[], prefix: string): string {
  return list
    .map(
      ({ label, command }, index) => `<div class="command">
<h3 id="${prefix}-${index}-label">${text(label)}</h3>
<div class="command-body"><pre><code id="${prefix}-${index}">${text(command)}</code></pre>
<button type="button" class="copy" data-copy="${prefix}-${index}" aria-describedby="${prefix}-${index}-label">Copy</button></div>
</div>`,
    )
    .join('\n');
}

const locate = (entry: CatalogAgent, diagnostic: Diagnostic) => `${entry.file}:${diagnostic.line}:${diagnostic.column}`;

function findings(entry: CatalogAgent): string {
  if (entry.findings.length === 0) return '<p class="ok">The security gate found nothing to warn about.</p>';
  const items = entry.findings
    .map(
      (finding) =>
        `<li><span class="rule">${text(finding.code)}</span> <span class="location">${text(locate(entry, finding))}</span> ${text(finding.message)}</li>`,
    )
    .join('');
  return `<p>The security gate's warnings (they do not block a release, but say what to look at):</p><ul class="findings">${items}</ul>`;
}

const OUTCOMES: Record<string, string> = { carried: 'carried', mapped: 'mapped', stricter: 'made stricter', dropped: 'dropped' };

/** Per client: the file the package holds, never wider than the definition, and what became of each field; or why there is none. */
function otherClients(entry: CatalogAgent): string {
  const rows = entry.clients
    .map((conversion) => {
      const client = clientById(conversion.client);
      const fields = conversion.fidelity
        .map(
          (record) =>
            `<li><code>${text(record.field)}</code> ${OUTCOMES[record.outcome]}${record.to ? ` (${text(record.to)})` : ''}${record.reason ? `: ${text(record.reason)}` : ''}</li>`,
        )
        .join('');
      const status =
        conversion.status === 'converted'
          ? `<code>${text(`${client.projectDir}/${entry.name}${client.extension}`)}</code>`
          : `no file: ${text(conversion.reason)}`;
      return `<tr><th scope="row">${text(client.name)}</th><td>${status}</td><td><ul class="fidelity">${fields}</ul></td></tr>`;
    })
    .join('');
  return `<p>The package holds this agent for other clients where each can hold it no wider than its Claude Code definition.</p>
<div class="table-scroll"><table class="clients"><thead><tr><th scope="col">Client</th><th scope="col">File</th><th scope="col">What becomes of each field</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function breadcrumb(root: string, trail: readonly (readonly [href: string, label: string])[], current: string): string {
  const links = trail.map(([href, label]) => `<li><a href="${root}${href}">${text(label)}</a></li>`).join('');
  return `<nav aria-label="Breadcrumb" class="breadcrumb"><ol>${links}<li aria-current="page">${text(current)}</li></ol></nav>`;
}

/** An agent's Markdown, rendered (markdown.ts): its prompt, and its changelog when it has one. */
export interface RenderedMarkdown {
  prompt: string;
  changelog: string | undefined;
}

export function agentPage(entry: CatalogAgent, catalog: Catalog, assets: AssetNames, rendered: RenderedMarkdown): string {
  const root = FROM_FOLDER;
  const { agent } = entry;
  const released = entry.version !== '0.0.0';
  const rows = capabilities(agent)
    .map((row) => `<div${attention(row.attention)}><dt>${text(row.label)}</dt><dd>${text(row.value)}</dd></div>`)
    .join('');
  const history =
    entry.changelog === undefined
      ? `<p>${released ? 'No changelog in this release.' : 'Not released yet: the first release publishes version 1.0.0.'}</p>`
      : `<div class="markdown">${rendered.changelog}</div>`;
  const main = `${breadcrumb(
    root,
    [
      ['', 'All agents'],
      [address.category(entry.category), entry.category],
    ],
    entry.name,
  )}
<h1>${text(entry.name)}</h1>
<p class="meta"><span>version ${text(entry.version)}</span> · <span>category <a href="${root}${address.category(entry.category)}">${text(entry.category)}</a></span> · <span><code>${text(packageName(catalog.scope, entry.name))}</code></span> · <span title="${attr(CONTEXT_COST_METHOD)}">~${entry.contextTokens} tokens of context in every session where it is installed</span></p>
${sourceLine(entry)}
<p class="description">${text(agent.description)}</p>
<section aria-labelledby="capabilities-heading">
<h2 id="capabilities-heading">Capabilities</h2>
<dl class="capabilities">${rows}</dl>
${findings(entry)}
${agentSkills(entry, catalog, root)}
</section>
<section aria-labelledby="install-heading">
<h2 id="install-heading">Install</h2>
${commands(agentInstallCommands(entry, catalog), 'install')}
${publisherNote(catalog)}
</section>
<section aria-labelledby="clients-heading">
<h2 id="clients-heading">In other clients</h2>
${otherClients(entry)}
</section>
<section aria-labelledby="prompt-heading">
<h2 id="prompt-heading">Prompt</h2>
<div class="markdown prompt">${rendered.prompt}</div>
<details class="source"><summary>agent.md as published</summary><pre><code>${text(entry.markdown)}</code></pre></details>
</section>
<section aria-labelledby="history-heading">
<h2 id="history-heading">Version history</h2>
${history}
</section>`;
  return layout({ title: `${entry.name}: a Claude Code agent`, description: agent.description, root, main }, catalog, assets);
}

/** For each field, each client: how many of the agents it has a file for had each outcome there, as `carried 12 · dropped 3`. */
function outcomesByField(catalog: Catalog): Map<string, Map<string, string>> {
  const counts = new Map<string, Map<string, Map<string, number>>>();
  for (const entry of catalog.agents) {
    for (const conversion of entry.clients.filter((candidate) => candidate.status === 'converted')) {
      for (const record of conversion.fidelity) {
        const byClient = counts.get(record.field) ?? new Map<string, Map<string, number>>();
        counts.set(record.field, byClient);
        const outcomes = byClient.get(conversion.client) ?? new Map<string, number>();
        byClient.set(conversion.client, outcomes);
        outcomes.set(record.outcome, (outcomes.get(record.outcome) ?? 0) + 1);
      }
    }
  }
  return new Map(
    [...counts].map(([field, byClient]) => [
      field,
      new Map([...byClient].map(([client, outcomes]) => [client, [...outcomes].map(([outcome, count]) => `${outcome} ${count}`).join(' · ')])),
    ]),
  );
}

/** Every client: the version its reading is checked at and how, how many agents it has a file for, and what it keeps of each field. */
export function clientsPage(catalog: Catalog, assets: AssetNames): string {
  // At the site's root, beside the home page: './' is the home page's address from here.
  const root = './';
  const checks = catalog.checks
    .map(
      ({ client, checked, how }) =>
        `<tr><th scope="row">${text(client)}</th><td>${checked === undefined ? 'its documented format only' : `<code>${text(checked)}</code>`}</td><td>${text(how)}</td></tr>`,
    )
    .join('');
  const files = CLIENTS.map((client) => {
    const converted = catalog.agents.filter((entry) =>
      entry.clients.some((conversion) => conversion.client === client.id && conversion.status === 'converted'),
    );
    return `<td>${converted.length} of ${catalog.agents.length}</td>`;
  }).join('');
  const outcomes = outcomesByField(catalog);
  const fields = [...outcomes]
    .map(
      ([field, byClient]) =>
        `<tr><th scope="row"><code>${text(field)}</code></th>${CLIENTS.map((client) => `<td>${text(byClient.get(client.id) ?? '—')}</td>`).join('')}</tr>`,
    )
    .join('');
  const head = CLIENTS.map((client) => `<th scope="col">${text(client.name)}</th>`).join('');
  const main = `${breadcrumb(root, [['', 'All agents']], 'Clients')}
<h1>Clients</h1>
<p>Each agent is made for ${counted(CLIENTS.length, 'client')} beside Claude Code, wherever the client can hold it no wider than its Claude Code definition; each agent's page says what became of each of its fields.</p>
<section aria-labelledby="checks-heading">
<h2 id="checks-heading">How each client's reading is checked</h2>
<div class="table-scroll"><table class="checks"><thead><tr><th scope="col">Client</th><th scope="col">Version checked</th><th scope="col">How</th></tr></thead><tbody>${checks}</tbody></table></div>
</section>
<section aria-labelledby="fields-heading">
<h2 id="fields-heading">What each client keeps of each field</h2>
<p>For the agents of this catalog that a client has a file for: how many of each field were carried, mapped to the client's own, made stricter or dropped.</p>
<div class="table-scroll"><table class="outcomes"><thead><tr><th scope="col">Field</th>${head}</tr></thead><tbody><tr><th scope="row">agents with a file</th>${files}</tr>${fields}</tbody></table></div>
</section>`;
  return layout(
    { title: 'Clients: how each reads the agents', description: 'Which version of each client is checked, how, and what each keeps of an agent.', root, main },
    catalog,
    assets,
  );
}

/**
 * The skills an agent preloads, each a link to its page, installed with it: what a skill approves without
 * asking while active is part of what the agent may do, and said here.
 */
function agentSkills(entry: CatalogAgent, catalog: Catalog, root: string): string {
  const skills = entry.agent.skills ?? [];
  if (skills.length === 0) return '';
  const items = skills.map((name) => {
    const approved = catalog.skills.find((skill) => skill.name === name)?.allowedTools ?? [];
    const approves = approved.length === 0 ? '' : `: approves ${text(approved.join(', '))} without asking while active`;
    return `<li${attention(approved.some((tool) => tool === '*' || ['Bash', 'WebFetch'].includes(grantedTool(tool))))}><a href="${root}${attr(address.skill(name))}">${text(name)}</a>${approves}</li>`;
  });
  return `<div class="skills"><p>Skills it preloads, installed with it (what each may do and run is on its page):</p><ul>${items.join('')}</ul></div>`;
}

/** A skill's page: what it is for, what it may do and run, its files, and the agents that use it. */
export function skillPage(skill: CatalogSkill, catalog: Catalog, assets: AssetNames): string {
  const root = FROM_FOLDER;
  const pkg = skillPackageName(catalog.scope, skill.name);
  const tools = skill.allowedTools === undefined ? 'none (Claude Code asks as it would without the skill)' : skill.allowedTools.join(', ') || 'none';
  const files = skill.files
    .map(
      (file) =>
        `<tr${file.runs ? ' class="attention"' : ''}><td><code>${text(file.path)}</code></td><td>${file.bytes} B</td><td>${text(file.runs ?? '')}</td></tr>`,
    )
    .join('');
  const runs = skill.runs.length === 0 ? '' : `<ul class="runs">${skill.runs.map((line) => `<li>${text(line)}</li>`).join('')}</ul>`;
  const users =
    skill.usedBy.length === 0
      ? '<p>No agent of the registry names it yet.</p>'
      : `<ul>${skill.usedBy.map((name) => `<li><a href="${root}${attr(address.agent(name))}">${text(name)}</a></li>`).join('')}</ul>`;
  const main = `${breadcrumb(root, [['', 'All agents']], skill.name)}
<h1>${text(skill.name)} <small>skill</small></h1>
<p class="meta"><span>version ${text(skill.version)}</span> · <span><code>${text(pkg)}</code></span></p>
<p class="description">${text(skill.description)}</p>
<section aria-labelledby="may-heading">
<h2 id="may-heading">What it may do</h2>
<dl class="capabilities"><div${attention(skill.allowedTools !== undefined)}><dt>Tools approved without asking while active</dt><dd>${text(tools)}</dd></div></dl>
${runs}
</section>
<section aria-labelledby="files-heading">
<h2 id="files-heading">Its files</h2>
<table class="files"><thead><tr><th>file</th><th>size</th><th>can run</th></tr></thead><tbody>${files}</tbody></table>
</section>
<section aria-labelledby="users-heading">
<h2 id="users-heading">Agents that use it</h2>
${users}
<p>Installed with each of them (<code>npx ${CLI_PACKAGE} add &lt;agent&gt;</code> writes it into <code>.claude/skills/${text(skill.name)}/</code>), or alone with <code>npm install ${text(pkg)}</code>.</p>
</section>`;
  return layout({ title: `${skill.name}: a skill for Claude Code agents`, description: skill.description, root, main }, catalog, assets);
}

export function categoryPage(category: CatalogCategory, catalog: Catalog, assets: AssetNames): string {
  const root = FROM_FOLDER;
  const count = counted(category.agents.length, 'agent');
  const main = `${breadcrumb(root, [['', 'All agents']], category.name)}
<h1>${text(category.name)}</h1>
<p class="meta"><span>version ${text(category.version)}</span> · <span><code>${text(packageName(catalog.scope, category.name))}</code></span> · <span>${count}</span></p>
<section aria-labelledby="install-heading">
<h2 id="install-heading">Install the whole category</h2>
${commands(categoryInstallCommands(category.name, catalog), 'install')}
</section>
<section aria-labelledby="agents-heading">
<h2 id="agents-heading">Its agents</h2>
<ul class="cards">
${category.agents.map((entry) => card(entry, root, 'h3')).join('\n')}
</ul>
</section>`;
  return layout({ title: `${category.name}: Claude Code agents`, description: `${count} of the ${category.name} category.`, root, main }, catalog, assets);
}
