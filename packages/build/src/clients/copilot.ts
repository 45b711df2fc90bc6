import { type Agent, type Capability, clientFile, toolAccess } from '@agents/schema';
import { type Conversion, type FieldRecord, fidelity, type Handled } from './fidelity.js';
import { markdownFile } from './files.js';

/**
 * GitHub Copilot (CLI, cloud agent, VS Code): `.github/agents/<name>.agent.md`, user `~/.copilot/agents/`.
 * Follows github/docs content/copilot/reference/custom-agents-configuration.md (commit 03e038c5, read
 * 2026-11-30): `name`, `description` (required), `tools` as aliases (omitted: every tool; `[]`: none;
 * unknown names ignored), `model`; the prompt at most 30,000 characters.
 */
const ALIASES: Record<Capability, string> = { read: 'read', search: 'search', write: 'edit', execute: 'execute', web: 'web', delegate: 'agent', todo: 'todo' };
const MAX_PROMPT = 30_000;

export function toCopilot(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const aliases = (Object.keys(ALIASES) as Capability[]).filter((capability) => access.capabilities.has(capability)).map((capability) => ALIASES[capability]);
  const tools = access.unrestricted ? undefined : aliases;
  const handled: Handled = {};
  const shown = `[${aliases.join(', ')}]`;
  if (agent.tools !== undefined) handled.tools = toolsRecord('tools', shown, access.uncarried);
  if (agent.disallowedTools !== undefined) {
    handled.disallowedTools = {
      field: 'disallowedTools',
      outcome: 'stricter',
      to: `tools: ${shown}`,
      reason: 'Copilot has no deny list: only the aliases the definition grants in full are listed',
    };
  }
  if (agent.permissionMode === 'plan') {
    handled.permissionMode = { field: 'permissionMode', outcome: 'stricter', to: `tools: ${shown}`, reason: 'plan mode: only the read and search aliases' };
  }
  if (agent.model !== undefined) handled.model = modelRecord(agent.model);
  const { records, refusal } = fidelity(agent, handled);
  if (refusal !== undefined) return { client: 'copilot', status: 'refused', reason: refusal, fidelity: records };
  if (agent.prompt.length > MAX_PROMPT) {
    return {
      client: 'copilot',
      status: 'refused',
      reason: `the prompt has ${agent.prompt.length} characters; Copilot reads at most ${MAX_PROMPT}`,
      fidelity: records,
    };
  }
  const content = markdownFile({ name: agent.name, description: agent.description, tools }, agent.prompt);
  return { client: 'copilot', status: 'converted', file: clientFile('copilot', agent.name), content, fidelity: records };
}

function toolsRecord(field: string, shown: string, uncarried: readonly string[]): FieldRecord {
  return uncarried.length === 0
    ? { field, outcome: 'mapped', to: shown }
    : { field, outcome: 'stricter', to: shown, reason: `no Copilot alias grants only ${uncarried.join(', ')}: left out` };
}

function modelRecord(model: string): FieldRecord {
  return model === 'inherit'
    ? { field: 'model', outcome: 'mapped', to: "(left out: Copilot's default model)" }
    : { field: 'model', outcome: 'dropped', reason: 'Copilot names its models its own way: left for Copilot to choose' };
}
