import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentMarkdown, makeRegistry, REPO_ROOT, SEED_PACKAGE, skillFiles, writeFiles, writePrompt, writeWorkspacePackages } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

describe('agents new', () => {
  it('scaffolds a valid agent package and the changeset that releases it as 1.0.0', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    const run = await agents(['new', 'terraform-reviewer', '--category', 'infrastructure', '--description', 'Use to review Terraform: plans, drift.'], root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Created agents/infrastructure/terraform-reviewer/agent.md');

    const dir = join(root, 'agents/infrastructure/terraform-reviewer');
    expect(readFileSync(join(dir, 'agent.md'), 'utf8')).toContain('description: "Use to review Terraform: plans, drift."');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({
      name: '@agents/terraform-reviewer',
      version: '0.0.0',
      publishConfig: { access: 'public' },
    });
    // A new category is released with its first agent.
    expect(readFileSync(join(root, '.changeset/new-agent-terraform-reviewer.md'), 'utf8')).toBe(
      '---\n"@agents/terraform-reviewer": major\n"@agents/infrastructure": major\n---\n\nAdd terraform-reviewer: Use to review Terraform: plans, drift.\n',
    );
    expect(JSON.parse(readFileSync(join(root, 'agents/infrastructure/package.json'), 'utf8')).dependencies).toEqual({
      '@agents/terraform-reviewer': 'workspace:*',
    });
    // The placeholder prompt is refused until it is written; then the agent is valid.
    const placeholder = await agents(['validate'], root);
    expect(placeholder.status).toBe(1);
    expect(placeholder.stdout).toMatch(
      /agents\/infrastructure\/terraform-reviewer\/agent\.md:13:1 +error +scaffold-placeholder +still holds the placeholder text of `agents new`/,
    );
    const agentFile = join(dir, 'agent.md');
    writeFileSync(agentFile, readFileSync(agentFile, 'utf8').replace(/## Instructions[\s\S]*/, '## Instructions\n\nReview plans for drift.\n'));
    const validation = await agents(['validate', '--format', 'json'], root);
    expect(JSON.parse(validation.stdout).summary.errors).toBe(0);
    expect(validation.status).toBe(0);
  });

  it('refuses a scaffold whose description was left as its placeholder, at its line', async () => {
    const root = makeRegistry([]);
    await agents(['new', 'helper', '--category', 'development'], root);
    const agentFile = join(root, 'agents/development/helper/agent.md');
    writeFileSync(agentFile, readFileSync(agentFile, 'utf8').replace(/## Instructions[\s\S]*/, 'Help.\n'));
    const run = await agents(['validate'], root);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/agent\.md:3:\d+ +error +scaffold-placeholder/);
  });

  it('adds the agent to an existing category package, which changesets then releases as a patch', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    await agents(['build'], root);
    const categoryPath = join(root, 'agents/development/package.json');
    writeFileSync(categoryPath, readFileSync(categoryPath, 'utf8').replace('"version": "0.0.0"', '"version": "1.2.0"'));
    expect((await agents(['new', 'helper', '--category', 'development', '--description', 'Use to help.'], root)).status).toBe(0);
    const category = JSON.parse(readFileSync(categoryPath, 'utf8'));
    expect(category.version).toBe('1.2.0');
    expect(category.dependencies).toEqual({ '@agents/helper': 'workspace:*', '@agents/reviewer': 'workspace:*' });
    expect(readFileSync(join(root, '.changeset/new-agent-helper.md'), 'utf8')).not.toContain('@agents/development');
    writePrompt(root, 'development', 'helper', 'Help.');
    const check = await agents(['build', '--check'], root);
    expect(check.stderr).not.toContain('agents/development/package.json');
    expect(check.stderr).not.toContain('scaffold-placeholder');
  });

  it('scaffolds a skill with --skill: SKILL.md, its package and changeset; validate refuses the placeholder until it is written, and an agent can then use it', async () => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'registry', private: true, license: 'MIT' }));
    const run = await agents(['new', 'pdf-forms', '--skill'], root);
    expect(run.stdout).toContain('✔ Created skills/pdf-forms/SKILL.md, skills/pdf-forms/package.json and .changeset/new-skill-pdf-forms.md');
    expect(run.stdout).toContain('"@agents/skill-pdf-forms":\n     "workspace:^"');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'skills/pdf-forms/package.json'), 'utf8'))).toMatchObject({
      name: '@agents/skill-pdf-forms',
      version: '0.0.0',
      license: 'MIT',
      files: ['CHANGELOG.md', 'SKILL.md'],
    });
    expect(readFileSync(join(root, '.changeset/new-skill-pdf-forms.md'), 'utf8')).toMatch(
      /^---\n"@agents\/skill-pdf-forms": major\n---\n\nAdd the skill pdf-forms: /,
    );
    const placeholder = await agents(['validate'], root);
    expect(placeholder.stdout).toMatch(/skills\/pdf-forms\/SKILL\.md:3:\d+ +error +scaffold-placeholder/);
    expect(placeholder.status).toBe(1);

    writeFileSync(
      join(root, 'skills/pdf-forms/SKILL.md'),
      '---\nname: pdf-forms\ndescription: Use to fill PDF forms.\n---\n\nRead each field, then fill it.\n',
    );
    writeFileSync(join(root, 'agents/development/reviewer/agent.md'), agentMarkdown('reviewer', 'development', 'skills: [pdf-forms]\n'));
    const manifestPath = join(root, 'agents/development/reviewer/package.json');
    writeFileSync(
      manifestPath,
      JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), dependencies: { '@agents/skill-pdf-forms': 'workspace:^' } }),
    );
    const valid = await agents(['validate'], root);
    expect(valid.stdout).toContain('✔ 0 errors');
    expect(valid.status).toBe(0);
  });

  it.each([
    ['a skill with a category', ['new', 'pdf-forms', '--skill', '--category', 'development'], '--skill and --category do not go together'],
    ["an agent's name for a skill", ['new', 'reviewer', '--skill'], 'an agent named "reviewer" exists already'],
    ["a skill's name for an agent", ['new', 'forms', '--category', 'development'], 'a skill named "forms" exists already: skills/forms'],
    ['an invalid skill name', ['new', 'PDF', '--skill'], 'is not a valid agent name'],
  ])('refuses %s with exit 2 and writes nothing', async (_, args, message) => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeFiles(root, skillFiles('forms'));
    const run = await agents(args, root);
    expect(run.stderr).toContain(message);
    expect(run.status).toBe(2);
    expect(existsSync(join(root, '.changeset'))).toBe(false);
  });

  it.each([
    ['the licence the registry declares', { license: 'Apache-2.0' }, 'Apache-2.0'],
    ['the LICENSE file, for a registry that declares none', {}, 'SEE LICENSE IN LICENSE'],
  ])('declares %s in the agent and the category package', async (_, root, license) => {
    const registry = makeRegistry([]);
    writeFileSync(join(registry, 'package.json'), JSON.stringify({ name: 'registry', private: true, ...root }));
    expect((await agents(['new', 'helper', '--category', 'development', '--description', 'Use to help.'], registry)).status).toBe(0);
    for (const manifest of ['agents/development/helper/package.json', 'agents/development/package.json']) {
      expect(JSON.parse(readFileSync(join(registry, manifest), 'utf8')).license, manifest).toBe(license);
    }
  });

  it('matches the shape of the package the registry already publishes', async () => {
    const root = makeRegistry([]);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'registry', private: true, license: 'MIT' }));
    await agents(['new', 'helper', '--category', 'development'], root);
    const scaffolded = JSON.parse(readFileSync(join(root, 'agents/development/helper/package.json'), 'utf8'));
    const seed = JSON.parse(readFileSync(join(SEED_PACKAGE, 'package.json'), 'utf8'));
    expect(Object.keys(scaffolded).sort()).toEqual(Object.keys(seed).sort());
    expect({ ...scaffolded, name: '', description: '', keywords: [], version: '' }).toEqual({ ...seed, name: '', description: '', keywords: [], version: '' });
  });

  it.each([
    ['a taken name', ['new', 'reviewer', '--category', 'quality'], 'exists already'],
    ['an invalid name', ['new', 'Bad_Name', '--category', 'development'], 'is not a valid agent name'],
    ['a path', ['new', '../escape', '--category', 'development'], 'is not a valid agent name'],
    ['a built-in name', ['new', 'general-purpose', '--category', 'development'], 'built-in agent'],
    ['a category name', ['new', 'security', '--category', 'development'], 'is the name of a category'],
    ['the name of a package of the repository', ['new', 'cli', '--category', 'development'], '"cli" is the name of a package of this repository (@agents/cli)'],
    [
      'the name of any other workspace package',
      ['new', 'tooling', '--category', 'development'],
      '"tooling" is the name of a package of this repository (@agents/tooling)',
    ],
    ['an unknown category', ['new', 'helper', '--category', 'nonsense'], '--category: "nonsense" is not a category: use one of development'],
    ['a misspelled category', ['new', 'helper', '--category', 'securty'], '(did you mean "security"?)'],
    ['no category', ['new', 'helper'], '--category: is required'],
  ])('refuses %s with exit 2 and writes nothing', async (_, args, message) => {
    const root = makeRegistry([{ folder: 'reviewer' }]);
    writeWorkspacePackages(root, ['cli', 'tooling']);
    const run = await agents(args, root);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(join(root, '.changeset'))).toBe(false);
  });
});

describe('the npm README of @agents/cli', () => {
  it.each(['add', 'sync', 'list', 'outdated', 'update', 'diff', 'remove', 'clients', 'new', 'validate', 'changes', 'build'])(
    'documents agents %s with the usage line of its --help',
    async (command) => {
      const readme = readFileSync(join(REPO_ROOT, 'packages/cli/README.md'), 'utf8');
      const usage = /^Usage: (.*)$/m.exec((await agents([command, '--help'])).stdout)![1]!;
      expect(readme).toContain(`### \`agents ${command}\`\n\`${usage}\``);
    },
  );
});

describe('agents --help', () => {
  const commands = ['add', 'sync', 'list', 'outdated', 'update', 'diff', 'remove', 'clients', 'new', 'validate', 'changes', 'build'];

  it('lists every command', async () => {
    const run = await agents(['--help']);
    expect(run.status).toBe(0);
    for (const command of commands) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it.each(commands)('agents %s --help has usage, exit codes and examples', async (command) => {
    const run = await agents([command, '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Usage: agents ${command}`);
    expect(run.stdout).toContain('Exit codes:');
    expect(run.stdout).toMatch(/Examples?:/);
  });

  it('prints its version', async () => {
    expect((await agents(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
