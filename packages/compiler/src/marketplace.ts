import type { RegistryAgent } from '@agents/loader';
import { byCategory } from './categories.js';

/** The marketplace's name, its registry's scope without the `@`: users install `<agent>@agents` (`<agent>@acme` from a registry of `@acme`). */
const marketplaceName = (scope: string) => scope.slice(1);
const OWNER = { name: 'agents registry' };

/** Where the files of the marketplace go, relative to the registry root; committed, so the repository is the marketplace. */
export const MARKETPLACE_FILE = '.claude-plugin/marketplace.json';
export const PLUGINS_DIR = 'plugins';

const categoryDescription = (category: string, members: readonly RegistryAgent[]) =>
  `Every ${category} agent of the agents registry: ${members.map((member) => member.name).join(', ')}.`;
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const summary = (entry: RegistryAgent) => (typeof entry.manifest.description === 'string' ? entry.manifest.description : entry.agent.description);

/**
 * A Claude Code plugin marketplace with one plugin per agent, named after
 * the agent, at the agent package's version, and one per category. Claude Code loads a plugin's
 * agents from its agents/ folder only, so each plugin holds a copy of agent.md.
 */
export function marketplaceFiles(
  scope: string,
  agents: readonly RegistryAgent[],
  categoryVersions: ReadonlyMap<string, string>,
  license: string,
): Map<string, string> {
  const files = new Map<string, string>();
  const sorted = [...agents].sort((a, b) => a.name.localeCompare(b.name));
  const categories = byCategory(sorted);
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
  // One plugin per category too, holding all its agents: the public collections ship agents this way.
  for (const [category, members] of categories) {
    const dir = `${PLUGINS_DIR}/${category}`;
    files.set(
      `${dir}/.claude-plugin/plugin.json`,
      json({
        name: category,
        version: categoryVersions.get(category) ?? '0.0.0',
        description: categoryDescription(category, members),
        author: OWNER,
        license,
        keywords: ['agents', category],
      }),
    );
    for (const member of members) files.set(`${dir}/agents/${member.name}.md`, member.markdown);
  }
  files.set(
    MARKETPLACE_FILE,
    json({
      name: marketplaceName(scope),
      owner: OWNER,
      metadata: { description: `Claude Code agents from the agents registry: one plugin per agent, each also published to npm as ${scope}/<name>.` },
      plugins: [
        ...sorted.map((entry) => ({
          name: entry.name,
          source: `./${PLUGINS_DIR}/${entry.name}`,
          version: String(entry.manifest.version),
          description: summary(entry),
          category: entry.category,
          keywords: ['agent', entry.category],
        })),
        ...[...categories].map(([category, members]) => ({
          name: category,
          source: `./${PLUGINS_DIR}/${category}`,
          version: categoryVersions.get(category) ?? '0.0.0',
          description: categoryDescription(category, members),
          category,
          keywords: ['agents', category],
        })),
      ],
    }),
  );
  return files;
}
