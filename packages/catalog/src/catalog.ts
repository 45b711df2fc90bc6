import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Conversion, convertForClients } from '@agents/clients';
import { loadRegistryKeepingParses } from '@agents/compiler';
import { type Diagnostic, type FileReport, hasErrors, type RegistryAgent } from '@agents/loader';
import { type Agent, categoryManifestPath, contextCost, SKILL_FILE } from '@agents/schema';

/** A conversion as a page shows it: the client file's path, not its content (the package holds it; thousands of copies would fill the memory). */
type CatalogConversion = Omit<Extract<Conversion, { status: 'converted' }>, 'content'> | Extract<Conversion, { status: 'refused' }>;

/** What a catalog page shows of one agent. */
export interface CatalogAgent {
  name: string;
  category: string;
  version: string;
  agent: Agent;
  /** `agent.md`, verbatim. */
  markdown: string;
  /** The security gate's warnings about `agent.md` (agents with errors never reach the catalog). */
  findings: Diagnostic[];
  /** The package's CHANGELOG.md, once changesets has written one. */
  changelog: string | undefined;
  /** `agents/<category>/<name>/agent.md`, for locating findings. */
  file: string;
  /** The agent for each other client: its file, or why there is none, and what became of each field. */
  clients: CatalogConversion[];
  /** Where an imported agent came from (its package.json's `agents.source`), for credit and licence. */
  source: AgentSource | undefined;
  /** The tokens its name and description add to every session where it is installed (estimated). */
  contextTokens: number;
}

interface AgentSource {
  path: string;
  repository?: string;
  commit?: string;
}

/** `agents.source` of a package.json, when it is what agents import writes. */
function sourceOf(manifest: Record<string, unknown>): AgentSource | undefined {
  const source = (manifest.agents as { source?: Record<string, unknown> } | undefined)?.source;
  if (typeof source?.path !== 'string') return undefined;
  const optional = (key: 'repository' | 'commit') => (typeof source[key] === 'string' ? { [key]: source[key] as string } : {});
  return { path: source.path, ...optional('repository'), ...optional('commit') };
}

export interface CatalogCategory {
  name: string;
  /** The bundle package `@agents/<category>`'s version. */
  version: string;
  agents: CatalogAgent[];
}

/** How the registry checks one client's reading of its files (the repository's conformance.json). */
export interface ClientCheck {
  /** The client as the check names it (`OpenCode 2`). */
  client: string;
  /** `claude-code`, or the id of a client of CLIENTS. */
  id: string;
  /** The package and version checked (`@opencode/cli 2.1.2`), none when only the documented format is. */
  checked: string | undefined;
  how: string;
}

/** A skill of the registry, as its page shows it. */
export interface CatalogSkill {
  name: string;
  version: string;
  description: string;
  /** Tools Claude Code runs without asking while the skill is active. */
  allowedTools: string[] | undefined;
  /** Every file it carries, with its size and why a client could run it. */
  files: { path: string; bytes: number; runs: string | undefined }[];
  /** What else it makes a client run: the gate's runs-command findings. */
  runs: string[];
  /** The agents of the registry that name it. */
  usedBy: string[];
}

export interface Catalog {
  /** The scope its packages are published under (`agents.scope` of the root package.json). */
  scope: string;
  agents: CatalogAgent[];
  skills: CatalogSkill[];
  categories: CatalogCategory[];
  /** How each client is checked; empty for a repository without conformance.json. */
  checks: ClientCheck[];
  /** The Claude Code marketplace this repository is, and where it lives on GitHub when known (`owner/name`). */
  marketplace: { name: string; repository: string | undefined };
  /**
   * Who builds and publishes every package, as its provenance will name it: this repository's release workflow
   * (`agents.release.workflow` of the root package.json, as the release reads it). Undefined when the repository is unknown.
   */
  publisher: { repository: string; workflow: string } | undefined;
}

export type CatalogResult = { ok: true; catalog: Catalog } | { ok: false; reports: FileReport[] };

const readOptional = (path: string) => readFile(path, 'utf8').catch(() => undefined);

/** A string field of a JSON file, or `fallback` when the file or the field is missing. */
async function readStringField(path: string, key: string, fallback: string): Promise<string> {
  const text = await readOptional(path);
  const value = text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : fallback;
}

async function toCatalogAgent(root: string, entry: RegistryAgent, reports: ReadonlyMap<string, FileReport>): Promise<CatalogAgent> {
  const path = join(entry.dir, 'agent.md');
  return {
    name: entry.name,
    category: entry.category,
    version: String(entry.manifest.version),
    agent: entry.agent,
    markdown: entry.markdown,
    findings: reports.get(path)?.diagnostics ?? [],
    // The walk listed the folder's files: most agents have no changelog to look for.
    changelog: entry.files.has('CHANGELOG.md') ? await readOptional(join(entry.dir, 'CHANGELOG.md')) : undefined,
    file: relative(root, path),
    // A conversion writes its file out only when its content is read: the catalog never does.
    clients: convertForClients(entry.agent).map((conversion) =>
      conversion.status === 'converted'
        ? { client: conversion.client, status: conversion.status, file: conversion.file, fidelity: conversion.fidelity }
        : conversion,
    ),
    source: sourceOf(entry.manifest),
    contextTokens: contextCost(entry.agent),
  };
}

interface Conformance {
  pins: Record<string, { package: string; version: string; also?: string[] }>;
  checks: { client: string; id: string; pin?: string; check: string }[];
}

/** The repository's conformance.json: each client's pinned version and how it is checked. */
async function readChecks(root: string): Promise<ClientCheck[]> {
  const text = await readOptional(join(root, 'conformance.json'));
  if (text === undefined) return [];
  const { pins, checks } = JSON.parse(text) as Conformance;
  return checks.map(({ client, id, pin, check }) => {
    const pinned = pin === undefined ? undefined : pins[pin];
    const also = pinned?.also?.length ? ` (and ${pinned.also.join(', ')})` : '';
    return { client, id, checked: pinned === undefined ? undefined : `${pinned.package} ${pinned.version}${also}`, how: check };
  });
}

/** The workflow that publishes: `agents.release.workflow` of the root package.json, release.yml when it names none (packages/release's release-config). */
async function releaseWorkflow(root: string): Promise<string> {
  const text = await readOptional(join(root, 'package.json'));
  const workflow = text === undefined ? undefined : (JSON.parse(text) as { agents?: { release?: { workflow?: unknown } } }).agents?.release?.workflow;
  return `.github/workflows/${typeof workflow === 'string' ? workflow : 'release.yml'}`;
}

/**
 * Reads the registry through the loader, as the release does: a registry with
 * an error anywhere gives its reports instead of a catalog, since it cannot be
 * released either.
 */
export async function readCatalog(root: string, repository: string | undefined): Promise<CatalogResult> {
  // Parses kept by the build (or an earlier catalog) serve unchanged files.
  const registry = await loadRegistryKeepingParses(root);
  const failed = registry.reports.filter((report) => hasErrors(report.diagnostics));
  if (failed.length > 0) return { ok: false, reports: failed };

  const reports = new Map(registry.reports.map((report) => [report.path, report]));
  const agents = await Promise.all(registry.agents.map((entry) => toCatalogAgent(root, entry, reports)));
  agents.sort((a, b) => a.name.localeCompare(b.name));
  const names = [...new Set(agents.map((agent) => agent.category))].sort();
  const categories = await Promise.all(
    names.map(async (name) => ({
      name,
      version: await readStringField(join(root, categoryManifestPath(name)), 'version', '0.0.0'),
      agents: agents.filter((agent) => agent.category === name),
    })),
  );
  return {
    ok: true,
    catalog: {
      scope: registry.scope,
      agents,
      skills: registry.skills
        .map((entry) => ({
          name: entry.name,
          version: String(entry.manifest.version),
          description: entry.skill.description,
          allowedTools: entry.skill.allowedTools,
          files: entry.files,
          runs: (reports.get(join(entry.dir, SKILL_FILE))?.diagnostics ?? [])
            .filter((finding) => finding.code === 'runs-command')
            .map((finding) => finding.message),
          usedBy: agents.filter((agent) => agent.agent.skills?.includes(entry.name)).map((agent) => agent.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      categories,
      checks: await readChecks(root),
      marketplace: { name: await readStringField(join(root, '.claude-plugin', 'marketplace.json'), 'name', 'agents'), repository },
      publisher: repository === undefined ? undefined : { repository: `https://github.com/${repository}`, workflow: await releaseWorkflow(root) },
    },
  };
}
