import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@agents/local-registry';
import { agentMarkdown, isolatedUser, publishPackage, registryProject, tempDir } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents } from './in-process.js';

const SKILL_MD = '---\nname: pdf-forms\ndescription: Use to fill PDF forms.\n---\n\nRun scripts/fill.py on the form.\n';
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8'));
const skillFile = (dir: string, path: string) => join(dir, '.claude/skills/pdf-forms', path);

/** An agent package that names `skills` and depends on their packages, as the registry publishes one. */
function publishAgentWithSkills(registryUrl: string, name: string, skills: string[], dependencies: Record<string, string>): void {
  publishPackage(
    registryUrl,
    {
      name: `@agents/${name}`,
      version: '1.0.0',
      files: ['agent.md'],
      exports: { './agent.md': './agent.md', './package.json': './package.json' },
      dependencies,
    },
    {
      'agent.md': agentMarkdown(name, 'development', `skills: [${skills.join(', ')}]\n`),
    },
  );
}

describe('skills travel with their agents', { timeout: 120_000 }, () => {
  let registry: LocalRegistry;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    const skillFiles = { 'SKILL.md': SKILL_MD, 'scripts/fill.py': 'print("filled")\n' };
    publishPackage(registry.url, { name: '@agents/skill-pdf-forms', version: '1.0.0', files: ['SKILL.md', 'scripts'] }, skillFiles);
    publishPackage(
      registry.url,
      { name: '@agents/skill-hidden', version: '1.0.0', files: ['SKILL.md'] },
      {
        'SKILL.md': '---\nname: hidden\ndescription: Use to hide.\n---\n\nDo\u200b this.\n',
      },
    );
    const onPdfForms = { '@agents/skill-pdf-forms': '^1.0.0' };
    publishAgentWithSkills(registry.url, 'reviewer', ['pdf-forms'], onPdfForms);
    publishAgentWithSkills(registry.url, 'checker', ['pdf-forms'], onPdfForms);
    publishAgentWithSkills(registry.url, 'hider', ['hidden'], { '@agents/skill-hidden': '^1.0.0' });
    publishAgentWithSkills(registry.url, 'undeclared', ['pdf-forms'], {});
    publishPackage(
      registry.url,
      { name: '@agents/skill-git-steps', version: '1.0.0', files: ['SKILL.md'] },
      { 'SKILL.md': '---\nname: git-steps\ndescription: Use to commit.\nallowed-tools: Bash(git add:*) Bash(git commit:*)\n---\n\nStage, then commit.\n' },
    );
    publishAgentWithSkills(registry.url, 'committer', ['pdf-forms', 'git-steps'], { ...onPdfForms, '@agents/skill-git-steps': '^1.0.0' });
  }, 120_000);
  afterAll(() => registry?.stop());

  const run = (args: string[], dir: string) => agents(args, dir, isolatedUser(dir));

  it('agents add brings the skills an agent names into .claude/skills/, once for every agent that uses them; remove takes them with the last', async () => {
    const dir = registryProject(registry.url);
    const added = await run(['add', 'reviewer'], dir);
    expect(added.stdout).toBe(
      [
        '✔ reviewer 1.0.0 → .claude/agents/reviewer.md',
        '✔ skill pdf-forms 1.0.0 → .claude/skills/pdf-forms/ (for reviewer)',
        '  scripts/fill.py can run: a Python script',
        '',
      ].join('\n'),
    );
    expect(added.status).toBe(0);
    expect(readFileSync(skillFile(dir, 'SKILL.md'), 'utf8')).toBe(SKILL_MD);
    expect(readFileSync(skillFile(dir, 'scripts/fill.py'), 'utf8')).toBe('print("filled")\n');
    // npm's and the release's files are not the skill's.
    expect(existsSync(skillFile(dir, 'package.json'))).toBe(false);
    expect(lockOf(dir).skills).toEqual({
      'pdf-forms': {
        package: '@agents/skill-pdf-forms',
        version: '1.0.0',
        integrity: expect.stringMatching(/^sha512-/),
        publisher: null,
        files: { 'SKILL.md': expect.stringMatching(/^[0-9a-f]{64}$/), 'scripts/fill.py': expect.stringMatching(/^[0-9a-f]{64}$/) },
        usedBy: ['reviewer'],
        // The range the agent's package declares: no version outside it is installed while reviewer is.
        ranges: { reviewer: '^1.0.0' },
      },
    });

    expect((await run(['add', 'checker'], dir)).stdout).toContain('• skill pdf-forms 1.0.0 already in .claude/skills/pdf-forms/\n');
    expect(lockOf(dir).skills['pdf-forms']).toMatchObject({ usedBy: ['checker', 'reviewer'], ranges: { checker: '^1.0.0', reviewer: '^1.0.0' } });
    // Listed once, with both agents; its name and description counted once in the session's context.
    const listed = JSON.parse((await run(['list', '--json'], dir)).stdout);
    expect(listed.skills).toEqual([
      {
        name: 'pdf-forms',
        package: '@agents/skill-pdf-forms',
        version: '1.0.0',
        state: 'unmodified',
        path: '.claude/skills/pdf-forms/',
        usedBy: ['checker', 'reviewer'],
        publisher: null,
        contextTokens: expect.any(Number),
      },
    ]);
    expect(listed.contextTokens).toBe(listed.agents[0].contextTokens + listed.agents[1].contextTokens + listed.skills[0].contextTokens);
    expect((await run(['list'], dir)).stdout).toMatch(
      /\nskill +version +state +context +used by\npdf-forms +1\.0\.0 +unmodified +~\d+ +checker, reviewer\nThe agents' and skills' names/,
    );

    expect((await run(['remove', 'reviewer'], dir)).stdout).toBe('✔ removed reviewer (.claude/agents/reviewer.md)\n');
    expect(existsSync(skillFile(dir, 'SKILL.md'))).toBe(true);
    expect(lockOf(dir).skills['pdf-forms']).toMatchObject({ usedBy: ['checker'], ranges: { checker: '^1.0.0' } });
    expect((await run(['remove', 'checker'], dir)).stdout).toBe(
      '✔ removed checker (.claude/agents/checker.md)\n✔ removed skill pdf-forms (.claude/skills/pdf-forms/)\n',
    );
    expect(existsSync(join(dir, '.claude/skills/pdf-forms'))).toBe(false);
    expect(lockOf(dir)).toEqual({ lockfileVersion: 1, agents: {} });
  });

  it("installs skills once into the shared .agents/skills/ for the clients that read it, leaving out one that approves tools; the last client's agent takes them", async () => {
    const dir = registryProject(registry.url);
    const sharedLock = (client: string) => JSON.parse(readFileSync(join(dir, client, 'agents.lock.json'), 'utf8')).skills;
    const added = await run(['add', 'committer', '--client', 'copilot,opencode'], dir);
    expect(added.stdout).toBe(
      [
        '✔ committer 1.0.0 → .github/agents/committer.agent.md',
        "  dropped: model, category (agent.json's clients says why)",
        '✔ skill pdf-forms 1.0.0 → .agents/skills/pdf-forms/ (for committer)',
        '  scripts/fill.py can run: a Python script',
        '! skill git-steps 1.0.0 left out of .agents/skills/git-steps/: it approves Bash(git add:*), Bash(git commit:*) without asking, and this client would show it to every agent of the session (committer knows less, and can do no more)',
        '✔ committer 1.0.0 → .opencode/agents/committer.md',
        "  dropped: model, category (agent.json's clients says why)",
        '• skill pdf-forms 1.0.0 already in .agents/skills/pdf-forms/',
        '! skill git-steps 1.0.0 left out of .agents/skills/git-steps/: it approves Bash(git add:*), Bash(git commit:*) without asking, and this client would show it to every agent of the session (committer knows less, and can do no more)',
        '',
      ].join('\n'),
    );
    expect(added.status).toBe(0);
    expect(readFileSync(join(dir, '.agents/skills/pdf-forms/SKILL.md'), 'utf8')).toBe(SKILL_MD);
    expect(existsSync(join(dir, '.agents/skills/git-steps'))).toBe(false);
    expect(sharedLock('.github')).toEqual(sharedLock('.opencode'));
    expect(sharedLock('.github')['pdf-forms'].usedBy).toEqual(['committer']);
    // Claude Code preloads a skill into the agent that names it only: it gets both.
    await run(['add', 'committer'], dir);
    expect(existsSync(skillFile(dir, 'SKILL.md'))).toBe(true);
    expect(existsSync(join(dir, '.claude/skills/git-steps/SKILL.md'))).toBe(true);
    // Counted per folder: the shared folder's pdf-forms, recorded by Copilot's lock and OpenCode's, is one.
    expect((await run(['verify'], dir)).stdout).toBe('3 agents and 3 skills match their locks and the registry.\n');

    // Copilot's agent goes; OpenCode's still uses the shared folder, which stays.
    expect((await run(['remove', 'committer', '--client', 'copilot'], dir)).stdout).toBe('✔ removed committer (.github/agents/committer.agent.md)\n');
    expect(sharedLock('.github')).toBeUndefined();
    expect(existsSync(join(dir, '.agents/skills/pdf-forms/SKILL.md'))).toBe(true);
    expect((await run(['remove', 'committer', '--client', 'opencode'], dir)).stdout).toBe(
      '✔ removed committer (.opencode/agents/committer.md)\n✔ removed skill pdf-forms (.agents/skills/pdf-forms/)\n',
    );
    expect(existsSync(join(dir, '.agents/skills/pdf-forms'))).toBe(false);
    expect(existsSync(skillFile(dir, 'SKILL.md'))).toBe(true);

    // --user: the user's shared folder, ~/.agents/skills/.
    const user = await run(['add', 'committer', '--user', '--client', 'gemini'], dir);
    expect(user.stdout).toContain('✔ skill pdf-forms 1.0.0 → home/.agents/skills/pdf-forms/ (for committer)\n');
    expect(readFileSync(join(dir, 'home/.agents/skills/pdf-forms/SKILL.md'), 'utf8')).toBe(SKILL_MD);
    expect(existsSync(join(dir, '.agents/skills/pdf-forms'))).toBe(false);
  });

  it('agents add skill-<name> installs a skill on its own: it outlives the agents that name it, install restores it, remove skill-<name> takes it', async () => {
    const dir = registryProject(registry.url);
    const added = await run(['add', 'skill-pdf-forms@1.0.0'], dir);
    expect(added.stdout).toBe('✔ skill pdf-forms 1.0.0 → .claude/skills/pdf-forms/ (on its own)\n  scripts/fill.py can run: a Python script\n');
    expect(added.status).toBe(0);
    expect(lockOf(dir).skills['pdf-forms']).toMatchObject({ version: '1.0.0', usedBy: [], added: '1.0.0' });
    expect((await run(['add', 'reviewer'], dir)).stdout).toContain('• skill pdf-forms 1.0.0 already in .claude/skills/pdf-forms/\n');
    expect(lockOf(dir).skills['pdf-forms']).toMatchObject({ usedBy: ['reviewer'], added: '1.0.0' });
    await run(['remove', 'reviewer'], dir);
    expect(existsSync(skillFile(dir, 'SKILL.md'))).toBe(true);
    expect(JSON.parse((await run(['list', '--json'], dir)).stdout).skills).toEqual([
      expect.objectContaining({ name: 'pdf-forms', usedBy: [], added: '1.0.0' }),
    ]);
    expect((await run(['list'], dir)).stdout).toMatch(/\npdf-forms +1\.0\.0 +unmodified +~\d+ +\(added\)\n/);

    // A fresh clone that committed only the lock gets it back.
    const clone = registryProject(registry.url);
    mkdirSync(join(clone, '.claude'));
    writeFileSync(join(clone, '.claude/agents.lock.json'), readFileSync(join(dir, '.claude/agents.lock.json')));
    expect((await run(['install', '--frozen'], clone)).stdout).toBe(
      '✔ skill pdf-forms 1.0.0 → .claude/skills/pdf-forms/ (on its own)\n  scripts/fill.py can run: a Python script\n0 agents and 1 skill added on its own as locked.\n',
    );
    expect(readFileSync(skillFile(clone, 'SKILL.md'), 'utf8')).toBe(SKILL_MD);

    // Pinned at 1.0.0, it stays there; named at a version, it moves there, held back if that widens it.
    expect((await run(['update'], dir)).stdout).toContain('• skill pdf-forms 1.0.0 already in .claude/skills/pdf-forms/\n');
    const solo = (version: string, extra = '') => {
      const files = { 'SKILL.md': `---\nname: solo\ndescription: Use alone.\n${extra}---\n\nWork alone.\n` };
      publishPackage(registry.url, { name: '@agents/skill-solo', version, files: ['SKILL.md'] }, files);
    };
    solo('1.0.0');
    solo('1.0.1', 'allowed-tools: Bash(python3:*)\n');
    await run(['add', 'skill-solo@1.0.0'], dir);
    const held = await run(['update', 'skill-solo@1.0.1'], dir);
    expect(held.stdout).toBe('! skill solo: 1.0.1 approves without asking: Bash(python3:*); kept 1.0.0 (--accept-wider installs it)\n');
    expect(held.status).toBe(1);
    expect((await run(['update', 'skill-solo@1.0.1', '--accept-wider'], dir)).stdout).toBe(
      '✔ skill solo 1.0.1 → .claude/skills/solo/ (on its own, replaced)\n',
    );
    expect(lockOf(dir).skills.solo).toMatchObject({ version: '1.0.1', added: '1.0.1' });
    await run(['remove', 'skill-solo'], dir);
    expect((await run(['update', 'skill-git-steps'], dir)).stderr).toBe(
      'agents update: skill git-steps was not added on its own: it moves with the agents that name it\n',
    );

    expect((await run(['remove', 'skill-pdf-forms'], dir)).stdout).toBe('✔ removed skill pdf-forms (.claude/skills/pdf-forms/)\n');
    expect(existsSync(join(dir, '.claude/skills/pdf-forms'))).toBe(false);
    expect(lockOf(dir)).toEqual({ lockfileVersion: 1, agents: {} });
    const again = await run(['remove', 'skill-pdf-forms'], dir);
    expect(again.stderr).toBe('skill pdf-forms: not installed (no .claude/skills/pdf-forms/ in the lock)\n');
    expect(again.status).toBe(1);
    const factory = await run(['add', 'skill-pdf-forms', '--client', 'factory'], dir);
    expect(factory.stderr).toBe(
      'agents add: Factory reads no skills folder that agents installs into: leave it out of --client to add a skill\nRun "agents add --help" for usage.\n',
    );
    expect(factory.status).toBe(2);
    const noFolder = await run(['remove', 'skill-pdf-forms', '--client', 'factory'], dir);
    expect(noFolder.stderr).toBe('skill pdf-forms: Factory reads no skills folder that agents installs into\n');
    expect(noFolder.status).toBe(1);
  });

  it("keeps every client's lock true to the shared folder when one run moves a skill there for two clients", async () => {
    const dir = registryProject(registry.url);
    const steps = (version: string) =>
      publishPackage(
        registry.url,
        { name: '@agents/skill-shared-steps', version, files: ['SKILL.md'] },
        { 'SKILL.md': `---\nname: shared-steps\ndescription: Use for shared steps ${version}.\n---\n\nStep.\n` },
      );
    steps('1.0.0');
    publishAgentWithSkills(registry.url, 'stepper', ['shared-steps'], { '@agents/skill-shared-steps': '^1.0.0' });
    publishAgentWithSkills(registry.url, 'walker', ['shared-steps'], { '@agents/skill-shared-steps': '^1.0.0' });
    await run(['add', 'stepper', '--client', 'opencode'], dir);
    steps('1.1.0');
    // Copilot's placing moves the folder to 1.1.0 (and OpenCode's lock with it); OpenCode then finds it as placed, not edited.
    const added = await run(['add', 'walker', '--client', 'copilot,opencode'], dir);
    expect(added.stdout).toContain('✔ skill shared-steps 1.1.0 → .agents/skills/shared-steps/ (for walker, replaced)\n');
    expect(added.stdout).toContain('• skill shared-steps 1.1.0 already in .agents/skills/shared-steps/\n');
    expect(added.status).toBe(0);
    const locked = (client: string) => JSON.parse(readFileSync(join(dir, client, 'agents.lock.json'), 'utf8')).skills['shared-steps'];
    expect(locked('.opencode')).toMatchObject({ version: '1.1.0', usedBy: ['stepper', 'walker'] });
    expect(locked('.github')).toMatchObject({ version: '1.1.0', usedBy: ['walker'] });
    // One folder, locked by both clients: checked, counted and reported once.
    expect((await run(['verify'], dir)).stdout).toBe('3 agents and 1 skill match their locks and the registry.\n');
    writeFileSync(join(dir, '.agents/skills/shared-steps/SKILL.md'), 'edited\n');
    const verified = await run(['verify', '--offline', '--json'], dir);
    expect(JSON.parse(verified.stdout)).toMatchObject({ checked: 3, checkedSkills: 1 });
    expect(JSON.parse(verified.stdout).findings).toEqual([
      expect.objectContaining({ kind: 'skill', name: 'shared-steps', path: '.agents/skills/shared-steps/', problem: 'edited' }),
    ]);
  });

  it.each(['.agents', '.agents/skills', '.claude/skills'])('refuses to write a skill through a symbolic link at %s, naming where it points', async (linked) => {
    const dir = registryProject(registry.url);
    const elsewhere = tempDir('elsewhere-');
    mkdirSync(join(dir, linked, '..'), { recursive: true });
    symlinkSync(elsewhere, join(dir, linked));
    const refused = await run(['add', 'skill-pdf-forms', '--client', linked === '.claude/skills' ? 'claude-code' : 'opencode'], dir);
    expect(refused.stderr).toContain(`${join(dir, linked)} is a symbolic link to ${elsewhere}: refusing to write through it`);
    expect(refused.status).toBe(1);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('keeps a skill you edited, on add and on remove, unless --force', async () => {
    const dir = registryProject(registry.url);
    await run(['add', 'reviewer'], dir);
    expect((await run(['verify'], dir)).stdout).toBe('1 agent and 1 skill match their locks and the registry.\n');
    writeFileSync(skillFile(dir, 'SKILL.md'), `${SKILL_MD}\nMy own step.\n`);
    const verified = await run(['verify', '--offline', '--json'], dir);
    expect(JSON.parse(verified.stdout).findings).toEqual([
      expect.objectContaining({
        kind: 'skill',
        name: 'pdf-forms',
        path: '.claude/skills/pdf-forms/',
        problem: 'edited',
        message: 'skill pdf-forms was edited since 1.0.0 was installed',
      }),
    ]);
    expect(verified.status).toBe(1);
    // diff shows the edit, file by file, against the version installed (here also the latest).
    const diffed = await run(['diff', 'skill-pdf-forms'], dir);
    expect(diffed.stdout).toContain('--- @agents/skill-pdf-forms@1.0.0/SKILL.md\n+++ .claude/skills/pdf-forms/SKILL.md (local)\n');
    expect(diffed.stdout).toContain('+My own step.\n');
    expect(diffed.stdout).not.toContain('+++ .claude/skills/pdf-forms/scripts/fill.py');
    const diffJson = JSON.parse((await run(['diff', 'skill-pdf-forms', '--json'], dir)).stdout);
    expect(diffJson).toMatchObject({ name: 'pdf-forms', installed: { version: '1.0.0', changed: true }, latest: { version: '1.0.0', changed: true } });
    const again = await run(['add', 'checker'], dir);
    expect(again.stdout).toContain('! skill pdf-forms: kept your edits to .claude/skills/pdf-forms/; replace with --force\n');
    expect(again.status).toBe(1);
    await run(['remove', 'checker'], dir);
    const removed = await run(['remove', 'reviewer'], dir);
    expect(removed.stderr).toBe('skill pdf-forms: kept .claude/skills/pdf-forms/: you edited it since it was installed; delete it with --force\n');
    expect(removed.status).toBe(1);
    expect(readFileSync(skillFile(dir, 'SKILL.md'), 'utf8')).toContain('My own step.');
  });

  it("agents install restores the skills at the versions the lock records; agents update takes a newer one within the agent's range", async () => {
    const dir = registryProject(registry.url);
    await run(['add', 'reviewer'], dir);
    publishPackage(
      registry.url,
      { name: '@agents/skill-pdf-forms', version: '1.1.0', files: ['SKILL.md'] },
      { 'SKILL.md': `${SKILL_MD}\nThen check each field.\n` },
    );

    // A fresh clone that committed only the lock.
    const clone = registryProject(registry.url);
    mkdirSync(join(clone, '.claude'));
    writeFileSync(join(clone, '.claude/agents.lock.json'), readFileSync(join(dir, '.claude/agents.lock.json')));
    const installed = await run(['install', '--frozen'], clone);
    expect(installed.stdout).toContain('✔ skill pdf-forms 1.0.0 → .claude/skills/pdf-forms/ (for reviewer)\n');
    expect(installed.status).toBe(0);
    expect(readFileSync(skillFile(clone, 'SKILL.md'), 'utf8')).toBe(SKILL_MD);
    expect(readFileSync(join(clone, '.claude/agents.lock.json'), 'utf8')).toBe(readFileSync(join(dir, '.claude/agents.lock.json'), 'utf8'));

    const updated = await run(['update', 'reviewer'], dir);
    expect(updated.stdout).toContain('✔ skill pdf-forms 1.1.0 → .claude/skills/pdf-forms/ (for reviewer, replaced)\n');
    expect(readFileSync(skillFile(dir, 'SKILL.md'), 'utf8')).toContain('Then check each field.');
    // 1.1.0 ships no script: the file 1.0.0 brought is gone with it.
    expect(existsSync(skillFile(dir, 'scripts/fill.py'))).toBe(false);
    expect(Object.keys(lockOf(dir).skills['pdf-forms'].files)).toEqual(['SKILL.md']);

    // A newer version that approves a tool without asking is shown as wider.
    publishPackage(
      registry.url,
      { name: '@agents/skill-pdf-forms', version: '1.2.0', files: ['SKILL.md'] },
      { 'SKILL.md': SKILL_MD.replace('description:', 'allowed-tools: Bash(python3:*)\ndescription:') },
    );
    const outdated = await run(['outdated'], dir);
    expect(outdated.stdout).toMatch(/\nskill +current +wanted +latest +used by +change\npdf-forms +1\.1\.0 +- +1\.2\.0 +reviewer +wider\n/);
    expect(outdated.stdout).toContain('skill pdf-forms: approves without asking: Bash(python3:*)\n');
    expect(JSON.parse((await run(['outdated', '--json'], dir)).stdout).skills).toEqual([
      {
        name: 'pdf-forms',
        package: '@agents/skill-pdf-forms',
        current: '1.1.0',
        wanted: null,
        latest: '1.2.0',
        usedBy: ['reviewer'],
        widens: true,
        gains: 'approves without asking: Bash(python3:*)',
      },
    ]);
    // The agent's update would bring it: held back as a widening, as a new tool of the agent's own would be.
    const held = await run(['update', 'reviewer'], dir);
    expect(held.stdout).toBe(
      '! reviewer: 1.0.0 widens what the agent may do: skill pdf-forms approves without asking: Bash(python3:*); kept 1.0.0 (--accept-wider installs it)\n',
    );
    expect(held.status).toBe(1);
    expect(lockOf(dir).skills['pdf-forms'].version).toBe('1.1.0');
    expect((await run(['update', 'reviewer', '--accept-wider'], dir)).stdout).toContain(
      '✔ skill pdf-forms 1.2.0 → .claude/skills/pdf-forms/ (for reviewer, replaced)\n',
    );
  });

  it('agents sync installs the skills npm brought with an agent, from node_modules, read by the gate there', async () => {
    const dir = registryProject(registry.url);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', private: true, dependencies: { '@agents/reviewer': '1.0.0' } }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, ...isolatedUser(dir) }, stdio: 'pipe' });
    const { version } = JSON.parse(readFileSync(join(dir, 'node_modules/@agents/skill-pdf-forms/package.json'), 'utf8'));
    const synced = await run(['sync'], dir);
    expect(synced.stdout).toContain(`✔ skill pdf-forms ${version} → .claude/skills/pdf-forms/ (for reviewer)\n`);
    expect(synced.status).toBe(0);
    expect(readFileSync(skillFile(dir, 'SKILL.md'), 'utf8')).toBe(readFileSync(join(dir, 'node_modules/@agents/skill-pdf-forms/SKILL.md'), 'utf8'));
    expect(lockOf(dir).skills['pdf-forms']).toMatchObject({ version, integrity: expect.stringMatching(/^sha512-/), usedBy: ['reviewer'] });
    expect(existsSync(skillFile(dir, 'package.json'))).toBe(false);
  });

  describe('a skill used by agents that declare different ranges', () => {
    /** The version of csv-tools in a project's folder, as its SKILL.md says. */
    const csvVersion = (dir: string) => /\((.+)\)/.exec(readFileSync(join(dir, '.claude/skills/csv-tools/SKILL.md'), 'utf8'))?.[1];
    const conflict = (first: string, others: string) =>
      `agents add: skill csv-tools: no version of @agents/skill-csv-tools is within every range that holds it: ${first}, ${others}; nothing installed\n`;

    beforeAll(() => {
      for (const version of ['1.0.0', '1.1.0', '2.0.0'])
        publishPackage(
          registry.url,
          { name: '@agents/skill-csv-tools', version, files: ['SKILL.md'] },
          { 'SKILL.md': `---\nname: csv-tools\ndescription: Use to read CSV files (${version}).\n---\n\nRead the header first.\n` },
        );
      publishAgentWithSkills(registry.url, 'csv-old', ['csv-tools'], { '@agents/skill-csv-tools': '~1.0.0' });
      publishAgentWithSkills(registry.url, 'csv-any', ['csv-tools'], { '@agents/skill-csv-tools': '>=1.0.0' });
      publishAgentWithSkills(registry.url, 'csv-new', ['csv-tools'], { '@agents/skill-csv-tools': '^2.0.0' });
    });

    it('installs the newest version every installed agent admits, refuses one no version serves with them, and moves on when they go', async () => {
      const dir = registryProject(registry.url);
      await run(['add', 'csv-old'], dir);
      // csv-any on its own would bring 2.0.0; csv-old holds the skill to ~1.0.0.
      expect((await run(['add', 'csv-any'], dir)).stdout).toContain('• skill csv-tools 1.0.0 already in .claude/skills/csv-tools/\n');
      expect(lockOf(dir).skills['csv-tools']).toMatchObject({ version: '1.0.0', ranges: { 'csv-any': '>=1.0.0', 'csv-old': '~1.0.0' } });

      const refused = await run(['add', 'csv-new'], dir);
      expect(refused.stderr).toBe(conflict('csv-new needs ^2.0.0', 'csv-any (installed, 1.0.0) needs >=1.0.0, csv-old (installed, 1.0.0) needs ~1.0.0'));
      expect(refused.status).toBe(1);
      expect(existsSync(join(dir, '.claude/agents/csv-new.md'))).toBe(false);
      expect(csvVersion(dir)).toBe('1.0.0');

      await run(['remove', 'csv-old'], dir);
      expect(lockOf(dir).skills['csv-tools'].ranges).toEqual({ 'csv-any': '>=1.0.0' });
      expect((await run(['add', 'csv-new'], dir)).stdout).toContain('✔ skill csv-tools 2.0.0 → .claude/skills/csv-tools/ (for csv-new, replaced)\n');
      expect(csvVersion(dir)).toBe('2.0.0');
      // An added skill is held to its agents' ranges too.
      const added = await run(['add', 'skill-csv-tools@1.1.0'], dir);
      expect(added.stderr).toBe(
        conflict('agents add @agents/skill-csv-tools needs 1.1.0', 'csv-any (installed, 2.0.0) needs >=1.0.0, csv-new (installed, 2.0.0) needs ^2.0.0'),
      );
      expect(csvVersion(dir)).toBe('2.0.0');
    });

    it('settles one version for the agents of one run, or refuses them all', async () => {
      const dir = registryProject(registry.url);
      const both = await run(['add', 'csv-any', 'csv-old'], dir);
      expect(both.stdout).toContain('✔ skill csv-tools 1.0.0 → .claude/skills/csv-tools/ (for csv-any)\n');
      expect(both.stdout).toContain('• skill csv-tools 1.0.0 already in .claude/skills/csv-tools/\n');
      expect(csvVersion(dir)).toBe('1.0.0');
      expect(lockOf(dir).skills['csv-tools']).toMatchObject({ version: '1.0.0', usedBy: ['csv-any', 'csv-old'] });

      const fresh = registryProject(registry.url);
      const refused = await run(['add', 'csv-old', 'csv-new'], fresh);
      expect(refused.stderr).toBe(conflict('csv-old needs ~1.0.0', 'csv-new needs ^2.0.0'));
      expect(existsSync(join(fresh, '.claude'))).toBe(false);
    });

    it("holds the shared .agents/skills/ to the ranges of the agents another client's lock records there", async () => {
      const dir = registryProject(registry.url);
      await run(['add', 'csv-old', '--client', 'copilot'], dir);
      const refused = await run(['add', 'csv-new', '--client', 'opencode'], dir);
      expect(refused.stderr).toBe(conflict('csv-new needs ^2.0.0', 'csv-old (installed, 1.0.0) needs ~1.0.0'));
      expect(existsSync(join(dir, '.opencode'))).toBe(false);
      // Claude Code's own folder is another: there csv-new gets its version.
      expect((await run(['add', 'csv-new'], dir)).stdout).toContain('✔ skill csv-tools 2.0.0 → .claude/skills/csv-tools/ (for csv-new)\n');
    });

    it('agents sync refuses the two versions npm nests for agents whose ranges part, and writes nothing', async () => {
      const dir = registryProject(registry.url);
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'project', private: true, dependencies: { '@agents/csv-old': '1.0.0', '@agents/csv-new': '1.0.0' } }),
      );
      execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, ...isolatedUser(dir) }, stdio: 'pipe' });
      const synced = await run(['sync'], dir);
      expect(synced.stderr).toMatch(/^agents sync: skill csv-tools: its agents came with different versions of it, and one folder holds one: /);
      expect(synced.stderr).toContain('csv-new needs ^2.0.0');
      expect(synced.stderr).toContain('csv-old needs ~1.0.0');
      expect(synced.status).toBe(1);
      expect(existsSync(join(dir, '.claude'))).toBe(false);
    });
  });

  it('a project that refuses runnable skills (agents.refuseRunnableSkills) refuses an agent whose skill carries a script, and writes nothing', async () => {
    const dir = registryProject(registry.url);
    publishPackage(
      registry.url,
      { name: '@agents/skill-runner', version: '1.0.0', files: ['SKILL.md', 'scripts'] },
      {
        'SKILL.md': '---\nname: runner\ndescription: Use to run checks.\n---\n\nFirst: !`sh scripts/check.sh`\n',
        'scripts/check.sh': 'echo checked\n',
      },
    );
    publishAgentWithSkills(registry.url, 'runner-agent', ['runner'], { '@agents/skill-runner': '^1.0.0' });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'project', private: true, agents: { refuseRunnableSkills: true } }));
    const refused = await run(['add', 'runner-agent'], dir);
    expect(refused.stderr).toBe(
      'agents add: @agents/skill-runner@1.0.0 carries what a client can run (scripts/check.sh: the skill\'s instructions run a command that names it (a shell script); Claude Code runs this shell command when the skill is invoked, before the model reads it: !`sh scripts/check.sh`), and this project refuses such skills ("agents": { "refuseRunnableSkills": true }); nothing installed\n',
    );
    expect(refused.status).toBe(1);
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });

  it.each([
    [
      'a skill the gate refuses',
      'hider',
      /^agents add: @agents\/skill-hidden@1\.0\.0 is not a valid skill; nothing installed:\n {2}SKILL\.md:6:3 {2}hidden-character/,
    ],
    [
      'a skill the agent does not depend on',
      'undeclared',
      /^agents add: @agents\/undeclared@1\.0\.0 names the skill pdf-forms but does not depend on @agents\/skill-pdf-forms; nothing installed\n$/,
    ],
  ])('refuses an agent with %s, and writes nothing', async (_case, name, message) => {
    const dir = registryProject(registry.url);
    const refused = await run(['add', name], dir);
    expect(refused.stderr).toMatch(message);
    expect(refused.status).toBe(1);
    expect(existsSync(join(dir, '.claude'))).toBe(false);
  });
});
