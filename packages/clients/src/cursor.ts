import { type Agent, grantsAll, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, type Handled, modelRecord } from './fidelity.js';
import { markdownFile } from './files.js';

/**
 * Cursor (subagents, 2.4 and later): `.cursor/agents/<name>.md`, user `~/.cursor/agents/`. Follows
 * cursor.com/docs/agent/subagents (read 2026-11-30): `name`, `description`, `model` (`inherit`, `fast` or
 * an id), `readonly` (no writes), `is_background`. Cursor has no tool list: an agent either has every
 * tool or, with `readonly: true`, reads and searches only.
 */
export function toCursor(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const readonly = access.unrestricted ? undefined : grantsAll(access, ['read', 'search']) ? true : undefined;
  const handled: Handled = {};
  const reason = 'Cursor has no tool list: its readonly setting (read and search, no writes, no commands) allows no more than this definition';
  for (const field of ['tools', 'disallowedTools'] as const) {
    if (agent[field] !== undefined) handled[field] = { field, outcome: 'stricter', to: 'readonly: true', reason };
  }
  if (agent.permissionMode === 'plan')
    handled.permissionMode = { field: 'permissionMode', outcome: 'stricter', to: 'readonly: true', reason: 'plan mode: read only' };
  if (agent.model !== undefined)
    handled.model = modelRecord(agent.model, { field: 'model', outcome: 'carried' }, "Cursor names its models its own way: left to Cursor's default");
  if (agent.background === true) handled.background = { field: 'background', outcome: 'mapped', to: 'is_background: true' };
  const { records, refusal } = fidelity(agent, handled, 'cursor');
  if (refusal !== undefined) return { client: 'cursor', status: 'refused', reason: refusal, fidelity: records };
  if (!access.unrestricted && !readonly) {
    return {
      client: 'cursor',
      status: 'refused',
      reason: 'a Cursor subagent has every tool, or reads and searches (readonly); this definition grants less than either (it does not grant Read and Grep)',
      fidelity: records,
    };
  }
  return converted(
    'cursor',
    agent.name,
    () =>
      markdownFile(
        {
          name: agent.name,
          description: agent.description,
          model: agent.model === 'inherit' ? 'inherit' : undefined,
          readonly,
          is_background: agent.background === true ? true : undefined,
        },
        agent.prompt,
      ),
    records,
  );
}
