import type { Agent } from './schema.js';

/**
 * What an installed agent costs every session of its client, before it is ever used: its name and
 * description are listed to the main agent (Claude Code's Agent tool), in every session.
 */
export const contextText = (agent: Pick<Agent, 'name' | 'description'>): string => `${agent.name}: ${agent.description}`;

/** How `contextCost` counts: stated wherever the figure is shown. */
export const CONTEXT_COST_METHOD =
  'estimated: one token per run of up to 10 letters, per run of up to 3 digits and per other character but spaces; within 1% in total of @anthropic-ai/tokenizer on 622 public agents (half within 6%, nine in ten within 12%)';

// A run of letters, a run of digits, or any other single character that is not white space.
const PIECES = /([A-Za-z]+)|([0-9]+)|\S/g;

/** The tokens an agent's name and description add to every session where it is installed (estimated, see CONTEXT_COST_METHOD). */
export function contextCost(agent: Pick<Agent, 'name' | 'description'>): number {
  let tokens = 0;
  for (const [, letters, digits] of contextText(agent).matchAll(PIECES)) {
    tokens += letters !== undefined ? Math.ceil(letters.length / 10) : digits !== undefined ? Math.ceil(digits.length / 3) : 1;
  }
  return tokens;
}
