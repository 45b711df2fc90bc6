import { type Agent, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords } from './fidelity.js';
import { markdownFile } from './files.js';
import { writtenToolNames } from './tool-names.js';

/**
 * OpenCode: `.opencode/agents/<name>.md`, user `~/.config/opencode/agents/`. Follows opencode.ai/docs/agents
 * (read 2026-11-30) as opencode-ai 1.18.33 reads it (`opencode debug agent <name>` shows the resolved
 * rules and tools): `description`, `mode: subagent`, `steps` (the most agentic iterations), and a
 * `permission` map whose rules apply in order, the last match winning. The documentation's newer
 * `permissions` list is ignored by 1.18.33 (the agent keeps every tool), so the map is what restricts.
 * `"*": deny` first denies every tool, MCP tools included; then each granted class is allowed.
 * OpenCode 2 (@opencode/cli 2.1.2) reads the same map into its own `permissions` list (`bash` becomes
 * `shell`, `task` becomes `subagent`) and allows exactly what 1.18.33 allows: one file serves both.
 */

export function toOpenCode(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const allowed = writtenToolNames('opencode', access.capabilities);
  const permission = access.unrestricted ? undefined : Object.fromEntries([['*', 'deny'], ...allowed.map((key) => [key, 'allow'])]);
  const shown = `permission: deny all but ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}`;
  const handled = toolListRecords(agent, access, 'OpenCode permission', shown);
  handled.name = { field: 'name', outcome: 'carried', reason: 'OpenCode names the agent after its file, which has the same name' };
  if (agent.model !== undefined) {
    handled.model = modelRecord(
      agent.model,
      { field: 'model', outcome: 'mapped', to: "(left out: the calling agent's model)" },
      "OpenCode names models provider/model, and the provider is the user's choice: left to OpenCode",
    );
  }
  if (agent.maxTurns !== undefined) handled.maxTurns = { field: 'maxTurns', outcome: 'mapped', to: `steps: ${agent.maxTurns}` };
  const { records, refusal } = fidelity(agent, handled, 'opencode');
  if (refusal !== undefined) return { client: 'opencode', status: 'refused', reason: refusal, fidelity: records };
  return converted(
    'opencode',
    agent.name,
    () => markdownFile({ name: agent.name, description: agent.description, mode: 'subagent', steps: agent.maxTurns, permission }, agent.prompt),
    records,
  );
}
