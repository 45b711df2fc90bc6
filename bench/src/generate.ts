import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentPackageManifest } from '@agents/compiler';
import { CATEGORIES, COLORS, DEFAULT_SCOPE, packageName, SKILL_FILE, skillDir, skillPackageName } from '@agents/schema';
import { CLI, REPO } from './paths.js';

const SEED = readFileSync(join(REPO, 'agents', 'development', 'data-platform-engineer', 'agent.md'), 'utf8');
const BODY = SEED.slice(SEED.indexOf('\n---', 4) + 4);
const TOOLS = ['Read', 'Grep', 'Glob', 'Edit', 'Write', 'Bash(git diff:*)', 'WebSearch', 'TodoWrite'];
const MODELS = ['sonnet', 'opus', 'haiku', 'inherit'];

export interface Agent {
  name: string;
  category: string;
  dir: string;
}

export function agentName(index: number): string {
  return `synthetic-agent-${String(index).padStart(4, '0')}`;
}

/** One skill for every five agents (1,000 beside 5,000), each named by the agent of its number. */
const SKILL_EVERY = 5;
const skillName = (index: number) => `synthetic-skill-${String(index).padStart(4, '0')}`;
/** The skill agent `index` names, if any: the agents 0, 5, 10… each preload one of their own. */
const skillOf = (index: number, withSkills: boolean) => (withSkills && index % SKILL_EVERY === 0 ? skillName(index / SKILL_EVERY) : undefined);

/** A realistic definition (the seed's body, about 6 KB) that passes validation; with `skill`, it preloads it. */
export function agentMarkdown(index: number, category: string, revision = 0, skill?: string): string {
  const name = agentName(index);
  const tools = TOOLS.filter((_, position) => (index + position) % 3 !== 0).join(', ');
  return `---
name: ${name}
description: "Use for synthetic task ${index}${revision ? `, revision ${revision}` : ''}: data pipelines, streaming and analytics at scale."
tools: ${tools}
model: ${MODELS[index % MODELS.length]}
color: ${COLORS[index % COLORS.length]}
category: ${category}
${skill === undefined ? '' : `skills: [${skill}]\n`}---
${BODY.replaceAll('data-platform-engineer', name)}`;
}

/** A skill as collections write them: its SKILL.md (about 2 KB of instructions) and a script it runs. */
function skillFiles(name: string, index: number): Record<string, string> {
  const steps = Array.from({ length: 20 }, (_, step) => `${step + 1}. Check the pipeline's stage ${step + 1} for late data, schema drift and duplicate keys.`);
  return {
    [SKILL_FILE]: `---\nname: ${name}\ndescription: Use to check synthetic pipeline ${index} before a release.\n---\n\n# Checks\n\n${steps.join('\n')}\n\nRun scripts/check.py with the pipeline's name.\n`,
    'scripts/check.py': 'import sys\nprint(f"checked {sys.argv[1]}")\n',
  };
}

export interface GenerateOptions {
  /** The obvious design: each agent package builds itself (`node build-one.mjs`) through turbo. */
  perPackageBuild?: boolean;
  /** Without the skills (one per SKILL_EVERY agents, each preloaded by one agent): the obvious design compiles agents only. */
  withoutSkills?: boolean;
}

/**
 * A throwaway registry of `count` agents in `root`: a pnpm workspace with
 * turbo, changesets, a lockfile and one package per agent, as this
 * repository has them.
 */
export function generateRegistry(root: string, count: number, options: GenerateOptions = {}): Agent[] {
  const agents: Agent[] = [];
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  write('pnpm-workspace.yaml', 'packages:\n  - agents/*\n  - agents/*/*\n  - skills/*\n');
  write('LICENSE', readFileSync(join(REPO, 'LICENSE'), 'utf8'));
  write('.changeset/config.json', readFileSync(join(REPO, '.changeset', 'config.json'), 'utf8'));
  write('.gitignore', 'node_modules/\n.turbo/\nagents/*/*/dist/\nagents/*/*/agent.json\nagents/*/*/README.md\nagents/*/*/LICENSE\n');
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'bench-registry',
        private: true,
        license: 'MIT',
        packageManager: 'pnpm@10.34.8',
        scripts: { 'build:agents': `node ${JSON.stringify(CLI)} build` },
      },
      null,
      2,
    ),
  );
  const tasks = options.perPackageBuild
    ? { build: { inputs: ['agent.md', 'package.json'], outputs: ['dist/**', 'clients/**', 'agent.json', 'README.md', 'LICENSE'] } }
    : // As in this repository: agents build hashes content itself, so turbo does not archive its thousands of outputs.
      { '//#build:agents': { cache: false } };
  // turbo's strict environment mode hides other variables from tasks; the memory hook needs these (not hashed).
  write('turbo.json', JSON.stringify({ globalPassThroughEnv: ['NODE_OPTIONS', 'AGENTS_BENCH_RSS'], tasks }, null, 2));
  if (options.perPackageBuild) write('build-one.mjs', buildOneScript());

  for (let index = 0; index < count; index++) {
    const category = CATEGORIES[index % CATEGORIES.length]!;
    const name = agentName(index);
    const dir = `agents/${category}/${name}`;
    const manifest = { ...agentPackageManifest(packageName(DEFAULT_SCOPE, name), category, `Synthetic agent ${index}.`, 'MIT'), version: '1.0.0' };
    if (options.perPackageBuild) Object.assign(manifest, { scripts: { build: 'node ../../../build-one.mjs' } });
    const skill = skillOf(index, !options.withoutSkills && !options.perPackageBuild);
    if (skill !== undefined) {
      const skillPackage = skillPackageName(DEFAULT_SCOPE, skill);
      Object.assign(manifest, { dependencies: { [skillPackage]: 'workspace:^' } });
      for (const [path, content] of Object.entries(skillFiles(skill, index / SKILL_EVERY))) write(`${skillDir(skill)}/${path}`, content);
      const skillManifest = { name: skillPackage, version: '1.0.0', description: `Synthetic skill ${index / SKILL_EVERY}.`, license: 'MIT' };
      const files = ['CHANGELOG.md', 'SKILL.md', 'scripts'];
      write(
        `${skillDir(skill)}/package.json`,
        `${JSON.stringify({ ...skillManifest, keywords: ['agent-skill'], files, publishConfig: { access: 'public' } }, null, 2)}\n`,
      );
    }
    write(`${dir}/agent.md`, agentMarkdown(index, category, 0, skill));
    write(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    agents.push({ name, category, dir: join(root, dir) });
  }
  // turbo reads the workspace from pnpm's lockfile; no package has dependencies, so this is quick.
  execFileSync('pnpm', ['install', '--lockfile-only', '--offline'], { cwd: root, stdio: 'pipe' });
  execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: root });
  commitAll(root, 'registry');
  return agents;
}

export function commitAll(root: string, message: string): void {
  execFileSync('git', ['add', '--all'], { cwd: root });
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@agents.invalid', 'commit', '--quiet', '--allow-empty', '-m', message], { cwd: root });
}

/** The obvious design's build of one package: a node process that loads the loader and compiles its own agent. */
function buildOneScript(): string {
  const loader = join(REPO, 'packages', 'loader', 'dist', 'index.js');
  const compiler = join(REPO, 'packages', 'compiler', 'dist', 'index.js');
  return `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadAgentFile } from ${JSON.stringify(loader)};
import { compileAgent } from ${JSON.stringify(compiler)};
const loaded = await loadAgentFile('agent.md');
if (!loaded.agent) { console.error(loaded.diagnostics); process.exit(1); }
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const [path, content] of Object.entries(compileAgent(loaded.agent, version, loaded.text, ${JSON.stringify(DEFAULT_SCOPE)}))) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
`;
}
