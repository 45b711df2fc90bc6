/**
 * The coding-agent clients besides Claude Code that the registry's agents are made for, and where each
 * reads agents from: in a project, and for the user (under the home folder). Each file is named
 * `<agent name><extension>`. The converters live in @agents/compiler; the installer reads this table.
 */
export const CLIENTS = [
  {
    id: 'copilot',
    name: 'GitHub Copilot',
    projectDir: '.github/agents',
    userDir: '.copilot/agents',
    extension: '.agent.md',
    docs: 'https://docs.github.com/en/copilot/reference/custom-agents-configuration',
  },
  {
    id: 'opencode',
    name: 'OpenCode',
    projectDir: '.opencode/agents',
    userDir: '.config/opencode/agents',
    extension: '.md',
    docs: 'https://opencode.ai/docs/agents',
  },
  { id: 'cursor', name: 'Cursor', projectDir: '.cursor/agents', userDir: '.cursor/agents', extension: '.md', docs: 'https://cursor.com/docs/agent/subagents' },
  {
    id: 'codex',
    name: 'OpenAI Codex',
    projectDir: '.codex/agents',
    userDir: '.codex/agents',
    extension: '.toml',
    docs: 'https://developers.openai.com/codex/subagents',
  },
  {
    id: 'gemini',
    name: 'Gemini CLI',
    projectDir: '.gemini/agents',
    userDir: '.gemini/agents',
    extension: '.md',
    docs: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/core/subagents.md',
  },
  {
    // Antigravity CLI (agy) finds agents only inside a plugin: a folder with a plugin.json (pluginManifest), holding agents/.
    id: 'antigravity',
    name: 'Antigravity CLI',
    projectDir: '.antigravity/plugins/agents/agents',
    userDir: '.gemini/antigravity-cli/plugins/agents/agents',
    extension: '.md',
    docs: 'https://antigravity.google/docs',
    pluginManifest: 'plugin.json',
  },
  {
    id: 'factory',
    name: 'Factory',
    projectDir: '.factory/droids',
    userDir: '.factory/droids',
    extension: '.md',
    docs: 'https://docs.factory.ai/cli/configuration/custom-droids',
  },
] as const;

export type Client = (typeof CLIENTS)[number];
export type ClientId = Client['id'];

/** A client's entry in CLIENTS. */
export const clientById = (id: ClientId): Client => CLIENTS.find((client) => client.id === id)!;

const extension = (client: ClientId) => clientById(client).extension;

/** The file an agent is in, in a client's folder: `<name><extension>`. */
export const clientFile = (client: ClientId, name: string): string => `${name}${extension(client)}`;

/** Where an agent package holds a client's file: `clients/<client><extension>`, one folder for all clients (one read of it in a scan). */
export const clientPackagePath = (client: ClientId): string => `clients/${client}${extension(client)}`;
