import { type Agent, grantsAll, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, type Handled, modelRecord } from './fidelity.js';
import { tomlMultiline, tomlString } from './files.js';

/**
 * OpenAI Codex: `.codex/agents/<name>.toml`, user `~/.codex/agents/`. Follows
 * developers.openai.com/codex/subagents (read 2026-11-30): `name`, `description`,
 * `developer_instructions` (required), `model`, `model_reasoning_effort` (none, minimal, low, medium,
 * high, xhigh), `sandbox_mode` (read-only, workspace-write, danger-full-access). Codex has no tool list:
 * its agents read and run commands in a sandbox, so the sandbox is the restriction.
 */
const EFFORTS: Record<string, string> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'xhigh' };

export function toCodex(agent: Agent): Conversion {
  const access = toolAccess(agent);
  // workspace-write writes and runs commands inside the project, without network: within Write and Bash, which reach everywhere.
  const sandbox =
    access.unrestricted || grantsAll(access, ['write', 'execute']) ? 'workspace-write' : grantsAll(access, ['read', 'search']) ? 'read-only' : undefined;
  const handled: Handled = {};
  const reason =
    sandbox === 'read-only'
      ? 'Codex has no tool list: the read-only sandbox reads and runs read-only commands, with no writes and no network'
      : 'Codex has no tool list: the workspace-write sandbox writes and runs commands inside the project only, with no network';
  for (const field of ['tools', 'disallowedTools'] as const) {
    if (agent[field] !== undefined) handled[field] = { field, outcome: 'stricter', to: `sandbox_mode = "${sandbox}"`, reason };
  }
  if (agent.permissionMode === 'plan')
    handled.permissionMode = { field: 'permissionMode', outcome: 'stricter', to: 'sandbox_mode = "read-only"', reason: 'plan mode: read only' };
  if (agent.model !== undefined) {
    handled.model = modelRecord(
      agent.model,
      { field: 'model', outcome: 'mapped', to: "(left out: the session's model)" },
      'Codex runs its own models: left to its default',
    );
  }
  const effort = agent.effort === undefined ? undefined : EFFORTS[agent.effort];
  if (effort !== undefined) handled.effort = { field: 'effort', outcome: 'mapped', to: `model_reasoning_effort = "${effort}"` };
  const { records, refusal } = fidelity(agent, handled);
  if (refusal !== undefined) return { client: 'codex', status: 'refused', reason: refusal, fidelity: records };
  if (sandbox === undefined) {
    return {
      client: 'codex',
      status: 'refused',
      reason: "Codex's least sandbox reads and searches any file (read-only); this definition grants less (it does not grant Read and Grep, or Write and Bash)",
      fidelity: records,
    };
  }
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
