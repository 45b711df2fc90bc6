import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMarker, tempDir } from '@agents/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAUDE_CODE, claudeSession, runClaude } from './claude.js';

/**
 * A skill where `agents add` installs it (.claude/skills/<name>/SKILL.md) and an agent that names it, as
 * Claude Code itself reads them: the session lists the skill, and the subagent it spawns is given the
 * skill's instructions before it starts (preloaded, as its `skills:` asks).
 */

const session = claudeSession();
const INSTRUCTIONS = 'Read every field of the form SKILL-INSTRUCTIONS-MARKER before you fill it.';
let debugLog: string;

beforeAll(async () => {
  const project = tempDir('claude-skills-');
  mkdirSync(join(project, '.claude', 'agents'), { recursive: true });
  mkdirSync(join(project, '.claude', 'skills', 'pdf-forms'), { recursive: true });
  writeFileSync(
    join(project, '.claude', 'skills', 'pdf-forms', 'SKILL.md'),
    `---\nname: pdf-forms\ndescription: Use to fill PDF forms from data the user gives.\n---\n\n${INSTRUCTIONS}\n`,
  );
  for (const [name, skills] of [
    ['form-filler', 'skills: [pdf-forms]\n'],
    ['plain-agent', ''],
  ] as const) {
    writeFileSync(
      join(project, '.claude', 'agents', `${name}.md`),
      `---\nname: ${name}\ndescription: Fills forms.\ntools: Read\n${skills}---\n\nYou fill forms.\n\n${probeMarker(name)}\n`,
    );
  }
  session.standIn.spawn(['form-filler', 'plain-agent']);
  debugLog = await runClaude(session.claude, project, session.standIn, 'Fill the form.');
}, 600_000);

describe(`${CLAUDE_CODE} reads a skill where agents add installs it, for the agent that names it`, () => {
  it('lists the skill, with its description, to the session', () => {
    // The skill's description is its own: only a listing of the skill shows it.
    expect(session.standIn.mainMessages()).toMatch(/pdf-forms[^"]*Use to fill PDF forms from data the user gives/);
    expect(debugLog).not.toMatch(/pdf-forms[^\n]*(invalid|error|failed)/i);
  });

  it("preloads the skill's instructions into the agent that names it, and into no other", () => {
    expect(session.standIn.context.get('form-filler'), 'form-filler was not spawned').toBeDefined();
    expect(session.standIn.context.get('form-filler')).toContain('SKILL-INSTRUCTIONS-MARKER');
    expect(session.standIn.context.get('plain-agent'), 'plain-agent was not spawned').toBeDefined();
    expect(session.standIn.context.get('plain-agent')).not.toContain('SKILL-INSTRUCTIONS-MARKER');
  });
});
