import type { RegistryAgent } from '@agents/loader';

/** The marketplace's name: users install `<agent>@agents`. */
export const MARKETPLACE = 'agents';
export const OWNER = { name: 'agents registry' };

/** Where the files of the marketplace go, relative to the registry root; committed, so the repository is the marketplace. */
export const MARKETPLACE_FILE = '.claude-plugin/marketplace.json';
export const PLUGINS_DIR = 'plugins';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const summary = (entry: RegistryAgent) => (typeof entry.manifest.description === 'string' ? entry.manifest.description : entry.agent.description);

/**
 * A Claude Code plugin marketplace with one plugin per agent, named after
 * the agent, at the agent package's version. Claude Code loads a plugin's
 * agents from its agents/ folder only, so each plugin holds a copy of agent.md.
 */
export function marketplaceFiles(agents: readonly RegistryAgent[]): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = [...agents].sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of sorted) {
    const version = String(entry.manifest.version);
    const dir = `${PLUGINS_DIR}/${entry.name}`;
    files.set(
      `${dir}/.claude-plugin/plugin.json`,
      json({
        name: entry.name,
        version,
        description: summary(entry),
        author: OWNER,
        license: entry.manifest.license,
        keywords: ['agent', entry.category],
      }),
    );
    files.set(`${dir}/agents/${entry.name}.md`, entry.markdown);
  }
  files.set(
    MARKETPLACE_FILE,
    json({
      name: MARKETPLACE,
      owner: OWNER,
      metadata: { description: 'Claude Code agents from the agents registry: one plugin per agent, each also published to npm as @agents/<name>.' },
      plugins: sorted.map((entry) => ({
        name: entry.name,
        source: `./${PLUGINS_DIR}/${entry.name}`,
        version: String(entry.manifest.version),
        description: summary(entry),
        category: entry.category,
        keywords: ['agent', entry.category],
      })),
    }),
  );
  return files;
}
