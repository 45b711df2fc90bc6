import { type Agent, CLI_PACKAGE, clientById, cliSpec, loosensPermissions, packageName, SESSION_MODES_OVER_AGENT, toolGrant } from '@agents/schema';
import type { Catalog, CatalogAgent } from './catalog.js';

/** An agent's model as a reader should understand it. */
export const modelLabel = (agent: Agent): string => (agent.model === undefined || agent.model === 'inherit' ? 'inherit' : agent.model);
export const permissionLabel = (agent: Agent): string => agent.permissionMode ?? 'default';

/** One line of an agent's capabilities at a glance: a label, its value, and whether it widens what the agent may do. */
export interface Capability {
  label: string;
  value: string;
  attention: boolean;
}

const list = (values: readonly string[]) => values.join(', ');
const or = (values: readonly string[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

/** An agent's permission mode as Claude Code applies it to a subagent: the session's mode can take its place. */
export function permissionModeValue(mode: string): string {
  const over = SESSION_MODES_OVER_AGENT.filter((session) => session !== mode);
  if (mode === 'default') return `default: a session in ${or(over)} mode runs it in that mode`;
  if (mode === 'bypassPermissions')
    return "bypassPermissions, which Claude Code 2.1.332 grants only under a session that bypasses permissions already; otherwise the session's mode";
  const writes = mode === 'plan' ? ', where it can write' : '';
  return `${mode}, under a session in default or dontAsk mode; a session in ${or(over)} mode runs it in that mode${writes}`;
}

export function capabilities(agent: Agent): Capability[] {
  const grant = toolGrant(agent);
  const rows: Capability[] = [
    grant === 'all'
      ? { label: 'Tools', value: 'inherits every tool of the session, MCP tools included', attention: true }
      : { label: 'Tools', value: grant.length === 0 ? 'none' : list(grant), attention: false },
  ];
  if (agent.disallowedTools !== undefined) rows.push({ label: 'Denied tools', value: list(agent.disallowedTools), attention: false });
  rows.push({ label: 'Model', value: agent.model === undefined ? "inherit (the session's model)" : agent.model, attention: false });
  const mode = permissionLabel(agent);
  rows.push({ label: 'Permission mode', value: permissionModeValue(mode), attention: loosensPermissions(mode) });
  if (agent.mcpServers !== undefined) {
    const servers = Array.isArray(agent.mcpServers)
      ? agent.mcpServers.flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.keys(entry)))
      : Object.keys(agent.mcpServers);
    rows.push({ label: 'MCP servers', value: list(servers), attention: true });
  }
  if (agent.hooks !== undefined) rows.push({ label: 'Hooks', value: `runs commands on ${list(Object.keys(agent.hooks))}`, attention: true });
  if (agent.skills !== undefined) rows.push({ label: 'Skills', value: list(agent.skills), attention: false });
  if (agent.memory !== undefined) rows.push({ label: 'Memory', value: agent.memory, attention: false });
  if (agent.isolation !== undefined) rows.push({ label: 'Isolation', value: agent.isolation, attention: false });
  if (agent.effort !== undefined) rows.push({ label: 'Effort', value: agent.effort, attention: false });
  if (agent.maxTurns !== undefined) rows.push({ label: 'Maximum turns', value: String(agent.maxTurns), attention: false });
  if (agent.background === true) rows.push({ label: 'Runs in the background', value: 'yes', attention: false });
  return rows;
}

/** A command a reader copies, with what it is for. */
export interface InstallCommand {
  label: string;
  command: string;
}

export function agentInstallCommands(entry: CatalogAgent, catalog: Catalog): InstallCommand[] {
  const { name } = entry;
  return [
    { label: 'npm', command: `npm install ${packageName(catalog.scope, name)}` },
    { label: 'agents CLI (into .claude/agents/)', command: `npx ${CLI_PACKAGE} add ${cliSpec(catalog.scope, name)}` },
    ...pluginCommands(name, catalog),
    {
      label: 'Claude Agent SDK',
      command: `import { query } from '@anthropic-ai/claude-agent-sdk';
import { definition } from '${packageName(catalog.scope, name)}';

const messages = query({
  prompt: 'Use the ${name} agent to …',
  options: { agents: { '${name}': definition } },
});`,
    },
    // Other clients the package holds a file for: never wider than the definition (the page says what each keeps).
    ...entry.clients
      .filter((conversion) => conversion.status === 'converted')
      .map((conversion) => {
        const client = clientById(conversion.client);
        return {
          label: `${client.name} (agents CLI, into ${client.projectDir}/)`,
          command: `npx ${CLI_PACKAGE} add ${cliSpec(catalog.scope, name)} --client ${client.id}`,
        };
      }),
  ];
}

export function categoryInstallCommands(category: string, catalog: Catalog): InstallCommand[] {
  return [
    { label: 'npm (every agent of the category)', command: `npm install ${packageName(catalog.scope, category)}` },
    { label: 'agents CLI (into .claude/agents/)', command: `npx ${CLI_PACKAGE} add ${packageName(catalog.scope, category)}` },
    ...pluginCommands(category, catalog),
  ];
}

function pluginCommands(plugin: string, catalog: Catalog): InstallCommand[] {
  const { name, repository } = catalog.marketplace;
  const install = `claude plugin install ${plugin}@${name}`;
  return [{ label: 'Claude Code plugin', command: repository === undefined ? install : `claude plugin marketplace add ${repository}\n${install}` }];
}
