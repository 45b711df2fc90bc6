import { chmodSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { loadSkillFolder, parseSkill, SKILL_MAX_FILE_BYTES } from '../src/index.js';

const skillText = (frontmatter: string, body = 'Fill in the form with the data the user gives.\n') => `---\n${frontmatter}---\n\n${body}`;
const MINIMAL = 'name: pdf-forms\ndescription: Use to fill PDF forms.\n';
/** Each finding as `line code`. */
const findings = (text: string) => parseSkill(text).diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.severity} ${diagnostic.code}`);

describe('parseSkill: a SKILL.md read as the gate reads an agent file', () => {
  it('reads the Agent Skills fields, and allowed-tools split as Claude Code splits them', () => {
    const parsed = parseSkill(
      skillText(`${MINIMAL}license: MIT\ncompatibility: Needs poppler.\nmetadata:\n  author: acme\nallowed-tools: Read Grep, Bash(pdftotext *)\n`),
    );
    expect(parsed.diagnostics.filter((diagnostic) => diagnostic.code !== 'grants-tool')).toEqual([]);
    expect(parsed.skill).toMatchObject({
      name: 'pdf-forms',
      description: 'Use to fill PDF forms.',
      license: 'MIT',
      compatibility: 'Needs poppler.',
      metadata: { author: 'acme' },
      allowedTools: ['Read', 'Grep', 'Bash(pdftotext *)'],
      instructions: 'Fill in the form with the data the user gives.',
    });
  });

  it.each([
    ['no name', 'description: Use to fill PDF forms.\n', '1 error missing-field'],
    ['a name that is not a skill name', 'name: PDF Forms\ndescription: Use to fill PDF forms.\n', '2 error invalid-name'],
    ['an empty description', 'name: pdf-forms\ndescription: " "\n', '3 error empty-description'],
    ['a description over 1,024 characters', `name: pdf-forms\ndescription: ${'x'.repeat(1025)}\n`, '3 error long-description'],
    ['metadata that is not text', `${MINIMAL}metadata:\n  revision: 3\n`, '5 error invalid-type'],
    ['a compatibility over 500 characters', `${MINIMAL}compatibility: ${'x'.repeat(501)}\n`, '4 error invalid-value'],
  ])('refuses %s, at its line', (_case, frontmatter, finding) => {
    expect(findings(skillText(frontmatter))).toContain(finding);
    expect(parseSkill(skillText(frontmatter)).skill).toBeUndefined();
  });

  it.each([
    ['a key no client reads, with the key it resembles', `${MINIMAL}allowed_tools: Read\n`, '4 warning unknown-key', /did you mean "allowed-tools"/],
    ['Bash approved without asking', `${MINIMAL}allowed-tools: Read Bash\n`, '4 warning grants-tool', /approves Bash without asking/],
    ['every tool approved', `${MINIMAL}allowed-tools: "*"\n`, '4 warning grants-tool', /runs every tool without asking/],
    ['hooks', `${MINIMAL}hooks:\n  PreToolUse: []\n`, '4 warning runs-command', /"hooks" run commands/],
    ['a fork into another agent', `${MINIMAL}context: fork\nagent: Explore\n`, '4 warning runs-command', /runs the skill in the agent "Explore"/],
  ])('says what lets it do more: %s', (_case, frontmatter, finding, message) => {
    const parsed = parseSkill(skillText(frontmatter));
    expect(findings(skillText(frontmatter))).toEqual([finding]);
    expect(parsed.diagnostics[0]!.message).toMatch(message);
    expect(parsed.skill).toBeDefined();
  });

  it("reads Claude Code's own keys without a warning", () => {
    const frontmatter = `${MINIMAL}when_to_use: When a PDF has fields.\ndisable-model-invocation: true\nuser-invocable: false\nargument-hint: "[file]"\nmodel: sonnet\neffort: high\npaths: "*.pdf"\n`;
    expect(findings(skillText(frontmatter))).toEqual([]);
  });

  it('shows each shell command Claude Code runs when the skill is invoked, at its line, as Claude Code finds them', () => {
    const body = 'Status: !`git status --short`\n\nNot this: a!`x`, nor `code`.\n\n```!\nnpm ls --depth 0\n```\n';
    expect(findings(skillText(MINIMAL, body))).toEqual(['6 warning runs-command', '10 warning runs-command']);
    expect(parseSkill(skillText(MINIMAL, body)).diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'Claude Code runs this shell command when the skill is invoked, before the model reads it: !`git status --short`',
      'Claude Code runs this shell command when the skill is invoked, before the model reads it: ```! npm ls --depth 0 ```',
    ]);
  });

  it('evaluates nothing and reports hidden text, as for agents', () => {
    (globalThis as { skillRan?: boolean }).skillRan = false;
    expect(findings('---js\n{ name: (globalThis.skillRan = true, "x") }\n---\n')).toEqual(['1 error frontmatter-language']);
    expect((globalThis as { skillRan?: boolean }).skillRan).toBe(false);
    expect(findings(skillText(MINIMAL, 'Fill in\u200b the form.\n'))).toEqual(['6 error hidden-character']);
  });
});

describe('loadSkillFolder: a skill and every file it carries', () => {
  /** A skill folder named pdf-forms with a script, a reference and an asset. */
  function skillFolder(files: Record<string, string> = {}): string {
    const dir = join(tempDir(), 'pdf-forms');
    writeFiles(dir, {
      'SKILL.md': skillText(MINIMAL, 'Run `scripts/fill.py` on the form.\n\nFields: !`python3 scripts/fields.py`\n'),
      'scripts/fill.py': 'print("filled")\n',
      'scripts/fields.txt': 'name\n',
      'scripts/fields.py': 'print("fields")\n',
      'references/forms.md': '# Forms\n\nEvery field has a name.\n',
      'assets/blank.txt': 'blank\n',
      ...files,
    });
    return dir;
  }

  it('lists each file with its size, and says which can run and why', async () => {
    const dir = skillFolder({ 'scripts/setup': '#!/bin/sh\necho set up\n', 'bin/tool': 'binary' });
    chmodSync(join(dir, 'bin/tool'), 0o755);
    const loaded = await loadSkillFolder(dir);
    expect(loaded.skill?.name).toBe('pdf-forms');
    expect(loaded.files.map((file) => [file.path, file.runs])).toEqual([
      ['assets/blank.txt', undefined],
      ['bin/tool', 'an executable file'],
      ['references/forms.md', undefined],
      ['scripts/fields.py', "the skill's instructions run a command that names it (a Python script)"],
      ['scripts/fields.txt', undefined],
      ['scripts/fill.py', 'a Python script'],
      ['scripts/setup', 'a script with an interpreter line'],
      ['SKILL.md', undefined],
    ]);
    expect(loaded.files.find((file) => file.path === 'scripts/fill.py')!.bytes).toBe(16);
    expect(loaded.reports.map((report) => [report.path.slice(dir.length + 1), report.diagnostics.map((diagnostic) => diagnostic.code)])).toEqual([
      ['SKILL.md', ['runs-command']],
      ['bin/tool', ['runnable-file']],
      ['scripts/fields.py', ['runnable-file']],
      ['scripts/fill.py', ['runnable-file']],
      ['scripts/setup', ['runnable-file']],
    ]);
  });

  it.each([
    ['a name other than its folder', { 'SKILL.md': skillText('name: forms\ndescription: Use to fill PDF forms.\n') }, 'SKILL.md skill-name-mismatch'],
    ['hidden text in a file it carries', { 'references/forms.md': '# Forms\u202e\n' }, 'references/forms.md bidi-control'],
    ['a file over the size limit', { 'assets/huge.bin': 'x'.repeat(SKILL_MAX_FILE_BYTES + 1) }, 'assets/huge.bin file-too-large'],
    ['no SKILL.md', { 'SKILL.md': undefined }, 'SKILL.md unreadable-file'],
  ] as const)('refuses %s, naming the file', async (_case, files, finding) => {
    const dir = skillFolder();
    for (const [path, text] of Object.entries(files)) {
      if (text === undefined) rmSync(join(dir, path));
      else writeFiles(dir, { [path]: text });
    }
    const loaded = await loadSkillFolder(dir);
    const errors = loaded.reports.flatMap((report) =>
      report.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => `${report.path.slice(dir.length + 1)} ${diagnostic.code}`),
    );
    expect(errors).toEqual([finding]);
    expect(loaded.skill).toBeUndefined();
  });

  it('refuses a symbolic link, whatever it points at, and reads nothing through it', async () => {
    const dir = skillFolder();
    symlinkSync('/etc/passwd', join(dir, 'references/passwd.md'));
    const loaded = await loadSkillFolder(dir);
    expect(loaded.reports.find((report) => report.path.endsWith('passwd.md'))?.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'references/passwd.md is a symbolic link: a skill holds folders and regular files only',
    ]);
    expect(loaded.files.map((file) => file.path)).not.toContain('references/passwd.md');
    expect(loaded.skill).toBeUndefined();
  });
});
