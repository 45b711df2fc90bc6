/**
 * The agent file `agents new` writes, and the placeholders in it that the registry refuses to publish:
 * one home for both, so that the scaffold cannot change its wording without the rule following.
 */
const PLACEHOLDERS = [
  '(say when Claude should delegate to ',
  '- What the agent does, step by step.',
  '- What it must never do.',
  '(say when an agent should use ',
  '- The steps, and which files of this skill each one uses.',
] as const;

/** The description a scaffold writes when none is given. */
export const placeholderDescription = (name: string) => `Use this agent when … ${PLACEHOLDERS[0]}${name}).`;

/** A new agent's agent.md: valid, with a prompt (and, unless given, a description) still to write. */
export function scaffoldAgentText(name: string, category: string, description: string): string {
  const title = name
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
  return `---
name: ${name}
description: ${JSON.stringify(description)}
tools: Read, Grep, Glob
model: inherit
category: ${category}
---

You are ${title}.

## Instructions

${PLACEHOLDERS[1]}
${PLACEHOLDERS[2]}
`;
}

/** The description a skill's scaffold writes when none is given. */
export const placeholderSkillDescription = (name: string) => `Use this skill when … ${PLACEHOLDERS[3]}${name}).`;

/** A new skill's SKILL.md (Agent Skills): valid, with instructions (and, unless given, a description) still to write. */
export function scaffoldSkillText(name: string, description: string): string {
  return `---
name: ${name}
description: ${JSON.stringify(description)}
---

## Instructions

${PLACEHOLDERS[4]}
`;
}

/** Where the text still holds one of the scaffold's placeholders (a 0-based offset), if anywhere. */
export function scaffoldPlaceholderAt(text: string): number | undefined {
  const offsets = PLACEHOLDERS.map((placeholder) => text.indexOf(placeholder)).filter((offset) => offset >= 0);
  return offsets.length > 0 ? Math.min(...offsets) : undefined;
}
