import { type Agent, type Capability, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords } from './fidelity.js';
import { markdownFile } from './files.js';

/**
 * Gemini CLI: `.gemini/agents/<name>.md`, user `~/.gemini/agents/`. Follows google-gemini/gemini-cli
 * docs/core/subagents.md as @google/gemini-cli 0.61.0 reads it (its `localAgentSchema`, strict: any other
 * field makes the file fail): `name` (a slug, which every registry name is), `description`, `kind: local`, `tools` (Gemini's tool
 * names; left out, the agent has the session's tools), `model`, `max_turns` (30 when left out),
 * `timeout_mins` (10 when left out). Unknown names are refused, so the list holds only Gemini's own.
 */
const TOOLS: Record<Capability, readonly string[]> = {
  read: ['read_file', 'read_many_files', 'list_directory'],
  search: ['glob', 'grep_search'],
  write: ['write_file', 'replace'],
  execute: ['run_shell_command'],
  web: ['web_fetch', 'google_web_search'],
  delegate: ['invoke_agent'],
  todo: ['write_todos'],
};

export function toGemini(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const names = (Object.keys(TOOLS) as Capability[]).filter((capability) => access.capabilities.has(capability)).flatMap((capability) => TOOLS[capability]);
  const tools = access.unrestricted ? undefined : names;
  const shown = `tools: [${names.join(', ')}]`;
  const handled = toolListRecords(agent, access, 'Gemini tool', shown);
  if (agent.model !== undefined)
    handled.model = modelRecord(agent.model, { field: 'model', outcome: 'carried' }, "Gemini CLI runs Gemini models: left to the session's model");
  if (agent.maxTurns !== undefined) handled.maxTurns = { field: 'maxTurns', outcome: 'mapped', to: `max_turns: ${agent.maxTurns}` };
  const { records, refusal } = fidelity(agent, handled);
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
