import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOwnCache } from '@agents/compiler';
import { agentMarkdown, CLI, CORPUS, makeRegistry, REPO_ROOT, sharedMissing, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const JS_FRONTMATTER = '---js\n{ name: (globalThis.process.mainModule.require("fs").writeFileSync("PWNED", "x"), "evil") }\n---\nBody\n';

describe('agents validate', () => {
  it('validates the repository registry', async () => {
    const run = await agents(['validate']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('✔ 0 errors');
    expect(run.status).toBe(0);
  });

  it('finishes quietly, with its exit code, when the reader of its output has gone (agents validate | true)', async () => {
    const stderr = join(tempDir('agents-pipe-'), 'stderr');
    // `true` reads nothing and exits at once: every write of the command meets a closed pipe.
    const status = execFileSync('bash', ['-c', `"${process.execPath}" "${CLI}" validate 2>"${stderr}" | true; echo "\${PIPESTATUS[0]}"`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(readFileSync(stderr, 'utf8')).toBe('');
    expect(status.trim()).toBe('0');
  });

  it('reports ---js frontmatter at line 1 in the exact JSON shape, exit 1, and runs nothing', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'evil.md': JS_FRONTMATTER });
    const run = await agents(['validate', 'evil.md', '--format', 'json'], dir);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      files: [
        {
          path: 'evil.md',
          name: null,
          diagnostics: [{ severity: 'error', code: 'frontmatter-language', message: expect.stringContaining('"js"'), line: 1, column: 1 }],
        },
      ],
      summary: { files: 1, errors: 1, warnings: 0 },
    });
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('reads a folder that holds a SKILL.md as a skill: SKILL.md and every file it carries, with what can run; its other Markdown is no agent', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.claude/agents/reviewer.md': agentMarkdown('reviewer'),
      '.claude/skills/pdf-forms/SKILL.md': '---\nname: pdf-forms\ndescription: Use to fill PDF forms.\n---\n\nFields first: !`python3 scripts/fields.py`\n',
      '.claude/skills/pdf-forms/scripts/fields.py': 'print("fields")\n',
      '.claude/skills/pdf-forms/references/forms.md': '# Forms\n\nNo frontmatter: a reference, not an agent.\n',
    });
    const run = await agents(['validate', '.claude'], dir);
    expect(run.stdout.split('\n')).toEqual([
      '.claude/skills/pdf-forms/SKILL.md:6:15  warning  runs-command  Claude Code runs this shell command when the skill is invoked, before the model reads it: !`python3 scripts/fields.py`',
      ".claude/skills/pdf-forms/scripts/fields.py:1:1  warning  runnable-file  scripts/fields.py can run: the skill's instructions run a command that names it (a Python script)",
      '✔ 0 errors, 2 warnings in 3 files',
      '',
    ]);
    expect(run.status).toBe(0);

    writeFiles(dir, { '.claude/skills/pdf-forms/references/forms.md': '# Forms\u200b\n' });
    const json = await agents(['validate', '.claude/skills/pdf-forms/SKILL.md', '--format', 'json'], dir);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).files.map((file: { path: string; name: string }) => [file.path, file.name])).toEqual([
      ['.claude/skills/pdf-forms/SKILL.md', 'pdf-forms'],
      ['.claude/skills/pdf-forms/references/forms.md', 'pdf-forms'],
      ['.claude/skills/pdf-forms/scripts/fields.py', 'pdf-forms'],
    ]);
  });

  it('prints path:line:col  severity  code  message and a summary in text', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'agents/a.md': '---\nname: a\ndescription: Use when: x\n---\nBody\n',
      'agents/b.md': agentMarkdown('b').replace('tools: Read', 'tools: Raed'),
    });
    const run = await agents(['validate', 'agents'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(/^agents\/a\.md:3:22 {2}error {4}yaml-syntax {2}YAML does not parse/),
      expect.stringMatching(/^agents\/b\.md:4:1 {2}warning {2}unknown-tool {2}"Raed" is not a Claude Code tool \(did you mean "Read"\?\)$/),
      '✖ 1 error, 1 warning in 2 files',
      '',
    ]);
  });

  it('annotates pull requests with --format github', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'x,y.md': '---\nname: X\ndescription: "50%"\n---\nBody\n' });
    const run = await agents(['validate', 'x,y.md', '--format', 'github'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^::error file=x%2Cy\.md,line=2,col=1,title=invalid-name::"name" must be lowercase/);
    expect(run.stdout).toContain('1 error, 0 warnings in 1 file');
  });

  // Raw escape sequences in a key and in a file name: the gate reports them, and its messages quote them.
  const TERMINAL_ATTACK = '---\nname: a\ndescription: b\ntools: Read\n"x\u001b]8;;https://evil.example\u0007y\u009b2J\u001b[8m": 1\n---\nBody\n';
  it.each(['text', 'json', 'github'])('lets no control character from an agent file reach the terminal (--format %s)', async (format) => {
    const dir = tempDir();
    writeFiles(dir, { 'evil\u001b[31m.md': TERMINAL_ATTACK });
    const run = await agents(['validate', '.', '--format', format], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('unknown-key');
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    if (format === 'json') {
      // The data is intact: only its spelling in the output is escaped.
      const [file] = JSON.parse(run.stdout).files;
      expect(file.path).toBe('evil\u001b[31m.md');
      expect(file.diagnostics.map((d: { message: string }) => d.message).join()).toContain('\u009b2J');
    } else {
      expect(run.stdout).toContain('evil\\x1b[31m.md');
      expect(run.stdout).toContain('x\\x1b]8;;https://evil.example\\x07yU+009B2J\\x1b[8m');
    }
  });

  it('reports a named pipe or a device among agent files at once, instead of waiting on it', async () => {
    const dir = tempDir();
    execFileSync('mkfifo', [join(dir, 'pipe.md')]);
    writeFiles(dir, { 'ok.md': agentMarkdown('ok') });
    const run = await agents(['validate', '.', '/dev/null'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^pipe\.md:1:1 {2}error {4}unreadable-file {2}.*pipe\.md is a named pipe, not an agent file$/m);
    expect(run.stdout).toMatch(/null:1:1 {2}error {4}unreadable-file {2}\/dev\/null is a device, not an agent file$/m);
  });

  it('validates the agent files of a built registry, not what the build generated for other clients', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    expect((await agents(['build'], root)).status).toBe(0);
    expect(existsSync(join(root, 'agents/development/reviewer/clients/cursor.md'))).toBe(true);
    const run = await agents(['validate', 'agents'], root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('0 errors, 0 warnings in 1 file');
  });

  it('keeps parses between runs, as the build does: an unchanged file is not parsed again', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    expect((await agents(['validate'], root)).stdout).toContain('0 errors, 0 warnings');
    // Rewritten as this machine's build writes it, so that a validation that reuses a parse shows it.
    const parsesFile = join(root, 'node_modules/.cache/agents/parses.json');
    const cache = JSON.parse(readFileSync(parsesFile, 'utf8')) as { agents: Record<string, { diagnostics: object[] }> };
    for (const parse of Object.values(cache.agents))
      parse.diagnostics.push({ severity: 'warning', code: 'unknown-field', message: 'from the kept parse', line: 1, column: 1 });
    await writeOwnCache(parsesFile, cache);
    expect((await agents(['validate'], root)).stdout).toContain('from the kept parse');
  });

  it('applies the registry rules to files inside a registry', async () => {
    const root = makeRegistry([{ folder: 'reviewer', markdown: agentMarkdown('critic') }]);
    const run = await agents(['validate', 'agents/development/reviewer', '--format', 'json'], root);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.files[0].path).toBe('agents/development/reviewer/agent.md');
    expect(report.files[0].diagnostics).toEqual([expect.objectContaining({ code: 'name-mismatch', line: 2 })]);
  });

  it.each([
    ['a missing path', ['validate', 'nowhere.md'], 'nowhere.md: no such file or folder'],
    ['an unknown format', ['validate', '--format', 'xml'], '--format: must be one of text, json, github'],
    [
      'an unknown option',
      ['validate', '--formt', 'json'],
      'agents validate: unknown option --formt (did you mean "--format"?)\nRun "agents validate --help" for usage.',
    ],
    ['an unknown command', ['frobnicate'], 'unknown command "frobnicate"\n'],
    ['a misspelled command', ['ad', 'x'], 'unknown command "ad" (did you mean "add"?)'],
    ['no agent to add', ['add'], 'agents add: name at least one agent, e.g. agents add data-platform-engineer\n'],
    ['no registry and no path', ['validate'], 'no registry here'],
  ])('exits 2 on %s, without a stack trace', async (_, args, message) => {
    const run = await agents(args, tempDir());
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['--help'], ['-h']])('prints help with examples for %s', async (flag) => {
    const run = await agents(['validate', flag]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: agents validate');
    expect(run.stdout).toContain('Examples:');
  });

  const skip = sharedMissing(CORPUS);
  // 26 whose YAML Claude Code rejects, 8 names outside the format, 15 tool lists Claude Code reads otherwise.
  it.skipIf(skip !== undefined)('validates the 671 corpus files without a crash: 49 files with errors', async () => {
    const run = await agents(['validate', CORPUS, '--format', 'json']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.summary.files).toBe(671);
    expect(report.files.filter((file: { diagnostics: { severity: string }[] }) => file.diagnostics.some((d) => d.severity === 'error'))).toHaveLength(49);
  });
});
