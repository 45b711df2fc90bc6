import { type Agent, type Capability, type ClientId, clientFile, readsSharedSkills, SHARED_SKILLS_DIR, type ToolAccess } from '@agents/schema';

/**
 * What became of one frontmatter field in a client's file:
 * - carried: the same value, under the same meaning;
 * - mapped: the client's own name or value for it (`to`);
 * - stricter: expressed by a setting that allows less than the definition;
 * - dropped: the client has no equivalent, and leaving it out allows no more.
 */
export type Outcome = 'carried' | 'mapped' | 'stricter' | 'dropped';

export interface FieldRecord {
  field: string;
  outcome: Outcome;
  /** For mapped and stricter: what the client's file says instead. */
  to?: string;
  reason?: string;
}

export type Conversion =
  | { client: ClientId; status: 'converted'; file: string; content: string; fidelity: FieldRecord[] }
  | { client: ClientId; status: 'refused'; reason: string; fidelity: FieldRecord[] };

/**
 * A converted agent whose file is written out when first read: the catalog shows what became of each
 * field of thousands of agents and never their files (writing them was a tenth of its build).
 */
export function converted(client: ClientId, name: string, render: () => string, records: FieldRecord[]): Conversion {
  let content: string | undefined;
  return {
    client,
    status: 'converted',
    file: clientFile(client, name),
    get content() {
      content ??= render();
      return content;
    },
    fidelity: records,
  };
}

/** Fields whose absence in a client would let the agent do more than its definition allows: without an equivalent, no file. */
const LIMITS: Partial<Record<keyof Agent, string>> = {
  hooks: 'hooks can refuse tool calls (a PreToolUse hook guards what the agent runs); without them the agent could do what they forbid',
  isolation: 'the agent runs in a git worktree or a cloud session of its own; without isolation it would work in your working tree',
  maxTurns: 'maxTurns bounds how long the agent runs; without a limit of the same kind it could run on',
};

/** Why a field no client here carries is left out, when leaving it out allows no more. */
const DROPPED: Partial<Record<keyof Agent, string>> = {
  color: 'a display colour of Claude Code',
  permissionMode: "the client asks for approval by its own settings (a mode that skips Claude Code's prompts is not carried)",
  skills: 'the client reads no skills folder that agents installs into: without its skills the agent knows less, and can do no more',
  memory: 'persistent memory is a Claude Code feature; without it the agent keeps nothing between runs',
  background: 'running in the background is a Claude Code setting',
  initialPrompt: 'a first prompt that Claude Code submits when the agent runs as the main session',
  autoCompactWindow: 'when Claude Code compacts the conversation; the client compacts by its own settings',
  omitClaudeMd: "Claude Code leaves CLAUDE.md out of the agent's context; the client may give it the project's instructions: more to read, nothing more to do",
  observerMessage: 'a message for an observer, which only Claude Code runs (and the registry refuses)',
  observeSubagents: 'whether an observer also watches the subagents this one starts: observers are Claude Code only',
  observeToolResults: 'whether an observer sees tool results: observers are Claude Code only',
  mcpServers: "MCP servers of the agent's own are not carried: the agent gets fewer tools, not more",
  effort: 'the client sets its reasoning effort itself',
  category: "the registry's category, not an instruction to the client",
};

export type Handled = Partial<Record<keyof Agent, FieldRecord>>;

/**
 * A client that reads the shared skills folder cannot preload a skill into one agent: `agents add` installs
 * the agent's skills there, where every agent of the session may load them (none has them preloaded). A skill
 * that approves tools (`allowed-tools`) would approve them for every agent: the installer leaves it out.
 */
const SHARED_SKILLS: FieldRecord = {
  field: 'skills',
  outcome: 'mapped',
  to: `${SHARED_SKILLS_DIR}/`,
  reason:
    'installed in the shared skills folder: every agent of the session may load them, none has them preloaded; a skill with allowed-tools is left out (it would approve them for every agent)',
};

/**
 * The fidelity record of every field the definition sets, in the order Claude Code documents them.
 * `handled` holds what the client did with a field; the rest are dropped with the reason above, or
 * refuse the conversion when leaving them out would widen the agent.
 */
export function fidelity(agent: Agent, handled: Handled, client: ClientId): { records: FieldRecord[]; refusal: string | undefined } {
  const records: FieldRecord[] = [];
  let refusal: string | undefined;
  for (const field of Object.keys(agent) as (keyof Agent)[]) {
    if (field === 'prompt' || agent[field] === undefined) continue;
    // Every client here reads the name and the description as Claude Code does.
    const own =
      handled[field] ??
      (field === 'name' || field === 'description' ? { field, outcome: 'carried' as const } : undefined) ??
      (field === 'skills' && readsSharedSkills(client) ? SHARED_SKILLS : undefined);
    if (own !== undefined) records.push(own);
    else if (LIMITS[field] !== undefined) {
      refusal ??= `${field}: ${LIMITS[field]}`;
      records.push({ field, outcome: 'dropped', reason: LIMITS[field] });
    } else records.push({ field, outcome: 'dropped', reason: DROPPED[field] ?? 'not a field the client reads' });
  }
  return { records, refusal };
}

/**
 * The records of a client that lists what an agent may use, in its own names (`shown`): the tools list
 * mapped, or made stricter where an entry has no equivalent (`noun`: "Gemini tool"); a deny list and plan
 * mode made stricter, since only what the definition grants in full is listed.
 */
export function toolListRecords(agent: Agent, access: ToolAccess, noun: string, shown: string): Handled {
  const handled: Handled = {};
  if (agent.tools !== undefined) {
    handled.tools =
      access.uncarried.length === 0
        ? { field: 'tools', outcome: 'mapped', to: shown }
        : { field: 'tools', outcome: 'stricter', to: shown, reason: `no ${noun} grants only ${access.uncarried.join(', ')}: left out` };
  }
  if (agent.disallowedTools !== undefined) {
    handled.disallowedTools = {
      field: 'disallowedTools',
      outcome: 'stricter',
      to: shown,
      reason: 'only the classes of tools the definition grants in full are listed',
    };
  }
  if (agent.permissionMode === 'plan')
    handled.permissionMode = { field: 'permissionMode', outcome: 'stricter', to: shown, reason: 'plan mode: no writes, commands or subagents' };
  return handled;
}

/**
 * The tools record made stricter by classes the definition grants but the client never gives a subagent
 * (`notGiven`: each such class and why); the file lists them all the same or leaves them out, and the agent
 * gets fewer tools, never more.
 */
export function withNotGiven(handled: Handled, access: ToolAccess, notGiven: Partial<Record<Capability, string>>, shown: string): void {
  const missing = (Object.keys(notGiven) as Capability[]).filter((capability) => access.capabilities.has(capability));
  if (handled.tools === undefined || missing.length === 0) return;
  const why = missing.map((capability) => notGiven[capability]).join('; ');
  handled.tools = { field: 'tools', outcome: 'stricter', to: shown, reason: [handled.tools.reason, why].filter(Boolean).join('; ') };
}

/** The model: `inherit` as the client says it (`inherit`), any other left for the client to choose (`dropped`, why). */
export const modelRecord = (model: string, inherit: FieldRecord, dropped: string): FieldRecord =>
  model === 'inherit' ? inherit : { field: 'model', outcome: 'dropped', reason: dropped };
