import { type Agent, toolAccess } from '@agents/schema';
import { type Conversion, converted, fidelity, modelRecord, toolListRecords } from './fidelity.js';
import { markdownFile } from './files.js';
import { writtenToolNames } from './tool-names.js';

/**
 * Factory droids: `.factory/droids/<name>.md`, user `~/.factory/droids/`. Follows
 * docs.factory.ai/cli/configuration/custom-droids as droid 0.225.2 reads it: `name`, `description`
 * (a warning above 500 characters), `model` (`inherit` or one of Factory's ids), `reasoningEffort`
 * (ignored with `inherit`), `tools` (Factory's tool ids; left out, every tool). A droid whose tools
 * include an unknown id, or none at all, is invalid; one whose frontmatter does not parse loses its
 * tools list, so the file is written by the YAML library only. Factory adds its TodoWrite (a plan
 * list) and Skill tools to every droid; neither reads, writes or runs anything by itself. On GPT models
 * it gives its ApplyPatch tool in place of Create and Edit (the same class: writing files).
 */
const DESCRIPTION_WARNING = 500;

export function toFactory(agent: Agent): Conversion {
  const access = toolAccess(agent);
  const ids = writtenToolNames('factory', access.capabilities);
  const tools = access.unrestricted ? undefined : ids;
  const shown = `tools: [${ids.join(', ')}]`;
  const handled = toolListRecords(agent, access, 'Factory tool', shown);
  if (handled.tools !== undefined && access.capabilities.has('write')) {
    const patch = 'on GPT models Factory gives ApplyPatch in place of Create and Edit';
    handled.tools = { ...handled.tools, reason: [handled.tools.reason, patch].filter(Boolean).join('; ') };
  }
  if (agent.description.length > DESCRIPTION_WARNING) {
    handled.description = {
      field: 'description',
      outcome: 'carried',
      reason: `Factory warns that a description above ${DESCRIPTION_WARNING} characters is long`,
    };
  }
  if (agent.model !== undefined)
    handled.model = modelRecord(agent.model, { field: 'model', outcome: 'carried' }, "Factory names its models its own way: left to the session's model");
  const { records, refusal } = fidelity(agent, handled, 'factory');
  if (refusal !== undefined) return { client: 'factory', status: 'refused', reason: refusal, fidelity: records };
  if (tools?.length === 0) {
    return {
      client: 'factory',
      status: 'refused',
      reason: 'a droid needs at least one tool, and this definition grants no class of tools in full (Factory would give every tool to a droid without a list)',
      fidelity: records,
    };
  }
  return converted(
    'factory',
    agent.name,
    () => markdownFile({ name: agent.name, description: agent.description, model: agent.model === 'inherit' ? 'inherit' : undefined, tools }, agent.prompt),
    records,
  );
}
