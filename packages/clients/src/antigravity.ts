import { type Agent, type Capability, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords, withNotGiven } from './fidelity.js';
import { markdownFile } from './files.js';
import { writtenToolNames } from './tool-names.js';

/**
 * Antigravity CLI (agy), Gemini CLI's successor for consumer accounts: an agent is `agents/<name>.md` inside
 * an agy plugin (a folder with a plugin.json), here `.antigravity/plugins/agents/`, user
 * `~/.gemini/antigravity-cli/plugins/agents/`. Follows wshobson/agents tools/adapters/antigravity.py
 * (commit 367cb6a, checked there against agy 1.1.14 with `agy plugin validate`) and obra/superpowers
 * references/antigravity-tools.md for the tool names: frontmatter `name`, `description`, `model` (`inherit`,
 * or a tier: `flash`, `pro`), `tools` (agy's own names; left out, the agent has the session's tools) and
 * `subagent: true`. Antigravity is not published on the npm registry: this format is checked against
 * those sources only, so the file says only what they agree on, and nothing it could read as wider.
 */
const NOT_GIVEN: Partial<Record<Capability, string>> = {
  todo: 'Antigravity has no todo tool (a task artifact written with write_to_file stands in)',
};

export function toAntigravity(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const names = writtenToolNames('antigravity', access.capabilities);
  const tools = access.unrestricted ? undefined : names;
  const shown = `tools: [${names.join(', ')}]`;
  const handled = toolListRecords(agent, access, 'Antigravity tool', shown);
  withNotGiven(handled, access, NOT_GIVEN, shown);
  if (agent.model !== undefined)
    handled.model = modelRecord(
      agent.model,
      { field: 'model', outcome: 'carried' },
      "Antigravity names its models by tier (flash, pro): left to the session's model",
    );
  const { records, refusal } = fidelity(agent, handled, 'antigravity');
  if (refusal !== undefined) return { client: 'antigravity', status: 'refused', reason: refusal, fidelity: records };
  if (tools?.length === 0) {
    return {
      client: 'antigravity',
      status: 'refused',
      reason: 'the definition grants no class of tools in full, and no source says what Antigravity makes of an empty tools list',
      fidelity: records,
    };
  }
  return converted(
    'antigravity',
    agent.name,
    () =>
      markdownFile(
        { name: agent.name, description: agent.description, model: agent.model === 'inherit' ? 'inherit' : undefined, tools, subagent: true },
        agent.prompt,
      ),
    records,
  );
}
