import { type Agent, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, type Handled, modelRecord } from './fidelity.js';
import { tomlMultiline, tomlString } from './files.js';

/**
 * OpenAI Codex: `.codex/agents/<name>.toml`, user `~/.codex/agents/`. Follows
 * developers.openai.com/codex/subagents (read 2026-11-30): `name`, `description`,
 * `developer_instructions` (required), `model`, `model_reasoning_effort` (none, minimal, low, medium,
 * high, xhigh), `sandbox_mode` (read-only, workspace-write, danger-full-access). Codex has no tool list:
 * its agents read and run commands in a sandbox, so the sandbox would be the restriction.
 *
 * But Codex 0.169 and 0.171 do not apply a role's `sandbox_mode` when they spawn it: the role inherits the
 * parent session's sandbox, up to danger-full-access (openai/codex#45482, open; reproduced offline through a
 * stand-in for its model API). So a role can be no narrower than its parent, and only a definition that
 * grants every tool is written for Codex. When upstream applies the role's sandbox, test:clients shows it
 * and this rule can be lifted.
 */
const EFFORTS: Record<string, string> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'xhigh' };

/** Why a restricted definition gets no Codex file (the fidelity record and the README say the same). */
const CODEX_INHERITS_SANDBOX =
  "Codex does not apply a role's sandbox_mode: the spawned agent inherits the parent session's sandbox, up to full access (openai/codex#45482), so only a definition that grants every tool is no wider there";

export function toCodex(agent: Agent): Conversion {
  const access = toolAccess(agent);
  // What Codex would be asked for if it applied it: workspace-write writes and runs commands inside the project, without network.
  const sandbox = 'workspace-write';
  const handled: Handled = {};
  if (agent.model !== undefined) {
    handled.model = modelRecord(
      agent.model,
      { field: 'model', outcome: 'mapped', to: "(left out: the session's model)" },
      'Codex runs its own models: left to its default',
    );
  }
  const effort = agent.effort === undefined ? undefined : EFFORTS[agent.effort];
  if (effort !== undefined) handled.effort = { field: 'effort', outcome: 'mapped', to: `model_reasoning_effort = "${effort}"` };
  for (const field of ['tools', 'disallowedTools'] as const) {
    if (agent[field] !== undefined) handled[field] = { field, outcome: 'dropped', reason: CODEX_INHERITS_SANDBOX };
  }
  if (agent.permissionMode === 'plan') handled.permissionMode = { field: 'permissionMode', outcome: 'dropped', reason: CODEX_INHERITS_SANDBOX };
  const { records, refusal } = fidelity(agent, handled, 'codex');
  if (refusal !== undefined) return { client: 'codex', status: 'refused', reason: refusal, fidelity: records };
  if (!access.unrestricted) return { client: 'codex', status: 'refused', reason: CODEX_INHERITS_SANDBOX, fidelity: records };
  const lines = () => [
    `name = ${tomlString(agent.name)}`,
    `description = ${tomlString(agent.description)}`,
    `sandbox_mode = ${tomlString(sandbox)}`,
    ...(effort === undefined ? [] : [`model_reasoning_effort = ${tomlString(effort)}`]),
    `developer_instructions = ${tomlMultiline(agent.prompt)}`,
    '',
  ];
  return converted('codex', agent.name, () => lines().join('\n'), records);
}
