import { describe, expect, it } from 'vitest';
import { type AgentAddition, planAddition, type RegistryState } from '../src/addition.js';

/** A registry with one development agent, whose category package is at 1.2.0. */
const STATE: RegistryState = {
  scope: '@agents',
  license: 'Apache-2.0',
  members: new Map([['development', ['reviewer']]]),
  categoryVersions: new Map([['development', '1.2.0']]),
};
const agent = (name: string, category: AgentAddition['category'], source?: unknown): AgentAddition => ({
  name,
  category,
  text: `---\nname: ${name}\n---\n`,
  description: `Use for ${name}.`,
  source,
});
const plan = (additions: AgentAddition[]) => planAddition(STATE, additions, { path: '.changeset/add.md', summary: 'Add them.' });
const json = (files: ReadonlyMap<string, string | Buffer>, path: string) => JSON.parse(String(files.get(path)!));

describe('planAddition, the one way an agent joins the registry (in memory)', () => {
  it("writes the agent's folder, its category's package and one changeset, and nothing else", () => {
    const files = plan([agent('helper', 'development')]);
    expect([...files.keys()].sort()).toEqual([
      '.changeset/add.md',
      'agents/development/helper/agent.md',
      'agents/development/helper/package.json',
      'agents/development/package.json',
    ]);
    expect(files.get('agents/development/helper/agent.md')).toBe('---\nname: helper\n---\n');
    expect(json(files, 'agents/development/helper/package.json')).toMatchObject({ name: '@agents/helper', version: '0.0.0', license: 'Apache-2.0' });
  });

  it.each([
    [
      'an existing category keeps its version and gains the member; only the agent is released',
      'development',
      '1.2.0',
      ['@agents/helper', '@agents/reviewer'],
      '"@agents/helper": major\n',
    ],
    [
      'a new category is released as 1.0.0 with its first member',
      'security',
      '0.0.0',
      ['@agents/helper'],
      '"@agents/helper": major\n"@agents/security": major\n',
    ],
  ] as const)('%s', (_, category, version, dependencies, releases) => {
    const files = plan([agent('helper', category)]);
    const manifest = json(files, `agents/${category}/package.json`);
    expect(manifest.version).toBe(version);
    expect(Object.keys(manifest.dependencies)).toEqual(dependencies);
    expect(files.get('.changeset/add.md')).toBe(`---\n${releases}---\n\nAdd them.\n`);
  });

  it('keeps where an imported agent came from, and adds several agents in one changeset', () => {
    const source = { path: '.claude/agents/helper.md', repository: 'https://github.com/acme/platform.git' };
    const files = plan([agent('helper', 'development', source), agent('auditor', 'security')]);
    expect(json(files, 'agents/development/helper/package.json').agents).toEqual({ source });
    expect(json(files, 'agents/security/auditor/package.json').agents).toBeUndefined();
    expect(files.get('.changeset/add.md')).toBe('---\n"@agents/helper": major\n"@agents/auditor": major\n"@agents/security": major\n---\n\nAdd them.\n');
  });

  it("adds a skill with every file it carries, ships exactly its own entries, and makes the agent that names it depend on it, in the agent's changeset", () => {
    const script = Buffer.from([0x23, 0x21, 0x00, 0xff]);
    const skillFiles = new Map<string, string | Buffer>([
      ['SKILL.md', '---\nname: pdf-forms\n---\n'],
      ['scripts/fill.sh', script],
      ['reference.md', 'Fields.\n'],
    ]);
    const files = planAddition(STATE, [{ ...agent('helper', 'development'), skills: ['pdf-forms'] }], { path: '.changeset/add.md', summary: 'Add them.' }, [
      { name: 'pdf-forms', text: '---\nname: pdf-forms\n---\n', description: 'Use for forms.', files: skillFiles, source: { path: 'skills/pdf-forms' } },
    ]);
    expect(files.get('skills/pdf-forms/scripts/fill.sh')).toBe(script);
    expect(json(files, 'skills/pdf-forms/package.json')).toMatchObject({
      name: '@agents/skill-pdf-forms',
      version: '0.0.0',
      files: ['CHANGELOG.md', 'SKILL.md', 'reference.md', 'scripts'],
      agents: { source: { path: 'skills/pdf-forms' } },
    });
    expect(json(files, 'agents/development/helper/package.json').dependencies).toEqual({ '@agents/skill-pdf-forms': 'workspace:^' });
    expect(files.get('.changeset/add.md')).toBe('---\n"@agents/skill-pdf-forms": major\n"@agents/helper": major\n---\n\nAdd them.\n');
  });
});
