import { type Agent, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords } from './fidelity.js';
import { markdownFile } from './files.js';
import { writtenToolNames } from './tool-names.js';

/**
 * GitHub Copilot (CLI, cloud agent, VS Code): `.github/agents/<name>.agent.md`, user `~/.copilot/agents/`.
 * Follows github/docs content/copilot/reference/custom-agents-configuration.md (commit 03e038c5, read
 * 2026-11-30): `name`, `description` (required), `tools` as aliases (omitted: every tool; `[]`: none;
 * unknown names ignored), `model`; the prompt at most 30,000 characters. As @github/copilot 1.0.102 runs it
 * (`pnpm test:clients`, offline through a stand-in model provider): a subagent gets the tools of its aliases
 * only (read: view; search: grep, glob; edit: create, edit; execute: its shell tools); run as the main agent
 * (`copilot --agent <name>`), it gets Copilot's own `skill` and `sql` besides, even with `tools: []`.
 */
const MAX_PROMPT = 30_000;

/** Copilot 1.0.102's own agents (its task tool lists them): a file of the same name does not replace one. */
const COPILOT_AGENTS: readonly string[] = ['explore', 'task', 'general-purpose', 'code-review', 'research', 'security-review'];

export function toCopilot(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const aliases = writtenToolNames('copilot', access.capabilities);
  const tools = access.unrestricted ? undefined : aliases;
  const handled = toolListRecords(agent, access, 'Copilot alias', `tools: [${aliases.join(', ')}]`);
  if (agent.model !== undefined) {
    handled.model = modelRecord(
      agent.model,
      { field: 'model', outcome: 'mapped', to: "(left out: Copilot's default model)" },
      'Copilot names its models its own way: left for Copilot to choose',
    );
  }
  const { records, refusal } = fidelity(agent, handled, 'copilot');
  if (refusal !== undefined) return { client: 'copilot', status: 'refused', reason: refusal, fidelity: records };
  if (COPILOT_AGENTS.includes(agent.name)) {
    return {
      client: 'copilot',
      status: 'refused',
      reason: `Copilot has an agent of its own named "${agent.name}", which a file of that name does not replace`,
      fidelity: records,
    };
  }
  if (agent.prompt.length > MAX_PROMPT) {
    return {
      client: 'copilot',
      status: 'refused',
      reason: `the prompt has ${agent.prompt.length} characters; Copilot reads at most ${MAX_PROMPT}`,
      fidelity: records,
    };
  }
  return converted('copilot', agent.name, () => markdownFile({ name: agent.name, description: agent.description, tools }, agent.prompt), records);
}
