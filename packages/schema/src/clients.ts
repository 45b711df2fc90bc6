/**
 * The coding-agent clients besides Claude Code that the registry's agents are made for, and where each
 * reads agents from: in a project, and for the user (under the home folder). Each file is named
 * `<agent name><extension>`. `sharedSkills`: the client reads Agent Skills from the shared folder
 * (SHARED_SKILLS_DIR, in the project and under the home folder). The converters live in @agents/clients;
 * the installer reads this table.
 */
export const CLIENTS = [
  {
    id: 'copilot',
    name: 'GitHub Copilot',
    projectDir: '.github/agents',
    userDir: '.copilot/agents',
    extension: '.agent.md',
    sharedSkills: true,
    docs: 'https://docs.github.com/en/copilot/reference/custom-agents-configuration',
  },
  {
    id: 'opencode',
    name: 'OpenCode',
    projectDir: '.opencode/agents',
    userDir: '.config/opencode/agents',
    extension: '.md',
    sharedSkills: true,
    docs: 'https://opencode.ai/docs/agents',
  },
  {
    id: 'cursor',
    name: 'Cursor',
    projectDir: '.cursor/agents',
    userDir: '.cursor/agents',
    extension: '.md',
    sharedSkills: true,
    docs: 'https://cursor.com/docs/agent/subagents',
  },
  {
    id: 'codex',
    name: 'OpenAI Codex',
    projectDir: '.codex/agents',
    userDir: '.codex/agents',
    extension: '.toml',
    sharedSkills: true,
    docs: 'https://developers.openai.com/codex/subagents',
  },
  {
    id: 'gemini',
    name: 'Gemini CLI',
    projectDir: '.gemini/agents',
    userDir: '.gemini/agents',
    extension: '.md',
    sharedSkills: true,
    docs: 'https://github.com/google-gemini/gemini-cli/blob/main/docs/core/subagents.md',
  },
  {
    // Antigravity CLI (agy) finds agents only inside a plugin: a folder with a plugin.json (pluginManifest), holding agents/.
    id: 'antigravity',
    name: 'Antigravity CLI',
    projectDir: '.antigravity/plugins/agents/agents',
    userDir: '.gemini/antigravity-cli/plugins/agents/agents',
    extension: '.md',
    sharedSkills: true,
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

/**
 * The project's (and the user's, under the home folder) Agent Skills folder that Codex, Copilot, Cursor,
 * OpenCode, Gemini CLI and Antigravity all read (Claude Code reads `.claude/skills/`, Factory its own).
 */
export const SHARED_SKILLS_DIR = '.agents/skills';

export type Client = (typeof CLIENTS)[number];

/** Whether a client reads the shared skills folder. */
export const readsSharedSkills = (id: ClientId): boolean => 'sharedSkills' in clientById(id);
export type ClientId = Client['id'];

/** A client's entry in CLIENTS. */
export const clientById = (id: ClientId): Client => CLIENTS.find((client) => client.id === id)!;

const extension = (client: ClientId) => clientById(client).extension;

/** The file an agent is in, in a client's folder: `<name><extension>`. */
export const clientFile = (client: ClientId, name: string): string => `${name}${extension(client)}`;

/** Where an agent package holds a client's file: `clients/<client><extension>`, one folder for all clients (one read of it in a scan). */
export const clientPackagePath = (client: ClientId): string => `clients/${client}${extension(client)}`;
