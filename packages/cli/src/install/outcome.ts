import type { Output } from '@agents/kit';
import { type AgentChange, printable } from '@agents/schema';
import { shownPath } from '../shown-path.js';
import type { Fetched, Outcome } from './place.js';
import { type FetchedSkill, type SkillOutcome, shownSkillFolder } from './skills.js';
import { agentFile, type Target, targetFlags } from './target.js';

/** One line per agent placed, in words; `kept` outcomes say how to proceed, with the scope they were given. */
function describeOutcome(fetched: Fetched, outcome: Outcome, path: string, output: Output, where: Pick<Target, 'scope' | 'client'>): string {
  const what = `${fetched.name} ${fetched.version}`;
  const user = targetFlags(where);
  switch (outcome) {
    case 'installed':
      return `${output.style('green', '✔')} ${what} → ${path}`;
    case 'updated':
      return `${output.style('green', '✔')} ${what} → ${path} (replaced)`;
    case 'unchanged':
      return `${output.style('dim', '•')} ${what} already in ${path}`;
    case 'kept-modified':
      return `${output.style('yellow', '!')} ${fetched.name}: kept your edits to ${path}; compare with "agents diff ${fetched.name}${user}", replace with --force`;
    case 'kept-unmanaged':
      return `${output.style('yellow', '!')} ${fetched.name}: ${path} exists and was not installed by agents; replace it with --force`;
  }
}

/**
 * A skill placed for an agent (or, without one, added on its own), in the words of describeOutcome, and each
 * file of it a client could run on a line of its own.
 */
function describeSkillOutcome(skill: FetchedSkill, outcome: SkillOutcome, path: string, agent: string | undefined, output: Output): string {
  const what = `skill ${skill.name} ${skill.version}`;
  const runnable = skill.runnable.map((file) => output.style('dim', printable(`  ${file.path} can run: ${file.runs}`)));
  const whose = agent === undefined ? 'on its own' : `for ${agent}`;
  switch (outcome) {
    case 'installed':
    case 'updated':
      return [`${output.style('green', '✔')} ${what} → ${path} (${whose}${outcome === 'updated' ? ', replaced' : ''})`, ...runnable].join('\n');
    case 'unchanged':
      return `${output.style('dim', '•')} ${what} already in ${path}`;
    case 'kept-modified':
      return `${output.style('yellow', '!')} skill ${skill.name}: kept your edits to ${path}; replace with --force`;
    case 'kept-unmanaged':
      return `${output.style('yellow', '!')} skill ${skill.name}: ${path} exists and was not installed by agents; replace it with --force`;
    case 'left-out':
      return `${output.style('yellow', '!')} skill ${skill.name} ${skill.version} left out of ${path}: it approves ${printable(skill.allowedTools.join(', '))} without asking, and this client would show it to every agent of the session (${agent === undefined ? 'not installed' : `${agent} knows less, and can do no more`})`;
  }
}

/** The report of each agent a run places, for placeAll: one describeOutcome per agent, on stdout. */
export const reportAgents =
  (where: Target, output: Output) =>
  (agent: Fetched, outcome: Outcome): void =>
    output.out(describeOutcome(agent, outcome, shownPath(agentFile(where, agent.name), output.cwd), output, where));

/** The report of each skill a run places, for placeAll: one describeSkillOutcome per skill, on stdout; without `agent`, a skill added on its own. */
export const reportSkills =
  (where: Target, output: Output) =>
  (skill: FetchedSkill, outcome: SkillOutcome, agent?: Pick<Fetched, 'name'>): void =>
    output.out(describeSkillOutcome(skill, outcome, shownSkillFolder(where, skill.name, output.cwd), agent?.name, output));

/**
 * What a client's file keeps of the definition, in one line (printed after it is installed): the fields
 * made stricter (and how) and the ones dropped; carried and mapped fields need no word.
 */
export function describeFidelity(fetched: Fetched): string | undefined {
  const records = fetched.fidelity ?? [];
  const stricter = records.filter((record) => record.outcome === 'stricter').map((record) => `${record.field} → ${record.to ?? '?'}`);
  const dropped = records.filter((record) => record.outcome === 'dropped').map((record) => record.field);
  const parts = [...(stricter.length > 0 ? [`stricter: ${stricter.join('; ')}`] : []), ...(dropped.length > 0 ? [`dropped: ${dropped.join(', ')}`] : [])];
  return parts.length === 0 ? undefined : printable(`  ${parts.join('; ')} (agent.json's clients says why)`);
}

export const isKept = (outcome: Outcome) => outcome === 'kept-modified' || outcome === 'kept-unmanaged';

/** `widens what the agent may do: gains tools: WebFetch; model sonnet → opus`: what a version lets the agent do that the installed one did not. */
export function describeGains(change: AgentChange): string {
  const model = change.model ? [`model ${change.model.before ?? '(inherited)'} → ${change.model.after ?? '(inherited)'}`] : [];
  return printable(`widens what the agent may do: ${[...change.gains, ...model].join('; ')}`);
}
