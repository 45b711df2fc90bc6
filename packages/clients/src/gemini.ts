import { type Agent, type Capability, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords, withNotGiven } from './fidelity.js';
import { markdownFile } from './files.js';
import { writtenToolNames } from './tool-names.js';

/**
 * Gemini CLI: `.gemini/agents/<name>.md`, user `~/.gemini/agents/`. Follows google-gemini/gemini-cli
 * docs/core/subagents.md as @google/gemini-cli 0.61.0 reads it (its `localAgentSchema`, strict: any other
 * field makes the file fail): `name` (a slug, which every registry name is), `description`, `kind: local`, `tools` (Gemini's tool
 * names; left out, the agent has the session's tools), `model`, `max_turns` (30 when left out),
 * `timeout_mins` (10 when left out). Unknown names are refused, so the list holds only Gemini's own.
 *
 * Only tools Gemini CLI 0.61.0 really gives a subagent are listed: its loader accepts `read_many_files`,
 * `write_todos` and `invoke_agent` in a file, but it never registers `read_many_files`, offers
 * `write_todos` only on Gemini 2.x models (not its default), and skips `invoke_agent` for subagents.
 */
const NOT_GIVEN: Partial<Record<Capability, string>> = {
  delegate: 'Gemini CLI gives a subagent no subagents of its own (it skips invoke_agent for subagents)',
  todo: 'Gemini CLI offers write_todos only on Gemini 2.x models, not its default',
};

export function toGemini(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const names = writtenToolNames('gemini', access.capabilities);
  const tools = access.unrestricted ? undefined : names;
  const shown = `tools: [${names.join(', ')}]`;
  const handled = toolListRecords(agent, access, 'Gemini tool', shown);
  withNotGiven(handled, access, NOT_GIVEN, shown);
  if (agent.model !== undefined)
    handled.model = modelRecord(agent.model, { field: 'model', outcome: 'carried' }, "Gemini CLI runs Gemini models: left to the session's model");
  if (agent.maxTurns !== undefined) handled.maxTurns = { field: 'maxTurns', outcome: 'mapped', to: `max_turns: ${agent.maxTurns}` };
  const { records, refusal } = fidelity(agent, handled, 'gemini');
  if (refusal !== undefined) return { client: 'gemini', status: 'refused', reason: refusal, fidelity: records };
  return converted(
    'gemini',
    agent.name,
    () =>
      markdownFile(
        {
          name: agent.name,
          description: agent.description,
          kind: 'local',
          tools,
          model: agent.model === 'inherit' ? 'inherit' : undefined,
          max_turns: agent.maxTurns,
        },
        agent.prompt,
      ),
    records,
  );
}
