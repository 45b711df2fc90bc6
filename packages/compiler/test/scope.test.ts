import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentManifest, agentMarkdown, makeRegistry, skillFiles, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { buildRegistry, scaffoldAgent } from '../src/index.js';

/** A registry whose root package.json publishes under @acme, with one agent of that scope. */
function acmeRegistry(): string {
  const root = makeRegistry([{ folder: 'reviewer', manifest: agentManifest('reviewer', { name: '@acme/reviewer' }) }]);
  writeFiles(root, { 'package.json': JSON.stringify({ name: 'acme-agents', private: true, license: 'MIT', agents: { scope: '@acme' } }) });
  return root;
}
const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

describe('a registry that publishes under its own scope (agents.scope)', () => {
  it('builds packages, category packages, READMEs and a marketplace that all speak its scope', async () => {
    const root = acmeRegistry();
    expect(await buildRegistry(root)).toMatchObject({ status: 'built', agents: 1 });

    const category = JSON.parse(read(root, 'agents/development/package.json'));
    expect(category).toMatchObject({ name: '@acme/development', dependencies: { '@acme/reviewer': 'workspace:*' } });
    expect(read(root, 'agents/development/dist/index.js')).toContain("from '@acme/reviewer';");
    expect(read(root, 'agents/development/README.md')).toContain('npx @agents/cli add @acme/development --client <client>');

    const readme = read(root, 'agents/development/reviewer/README.md');
    expect(readme).toMatch(/^# @acme\/reviewer\n/);
    expect(readme).toContain('npm install @acme/reviewer');
    expect(readme).toContain('`npx @agents/cli add @acme/reviewer --client <client>`');
    expect(readme).not.toContain('@agents/reviewer');
    expect(readme).not.toContain('| skills |');

    const marketplace = JSON.parse(read(root, '.claude-plugin/marketplace.json'));
    expect(marketplace.name).toBe('acme');
    expect(marketplace.metadata.description).toContain('published to npm as @acme/<name>');
  });

  it("lists in an agent's README the skills it names, each with its package", async () => {
    const root = acmeRegistry();
    writeFiles(root, {
      'agents/development/reviewer/agent.md': agentMarkdown('reviewer', 'development', 'skills: [pdf-forms]\n'),
      'agents/development/reviewer/package.json': JSON.stringify(
        agentManifest('reviewer', { name: '@acme/reviewer', dependencies: { '@acme/skill-pdf-forms': 'workspace:^' } }),
      ),
      ...Object.fromEntries(
        Object.entries(skillFiles('pdf-forms')).map(([path, text]) => [
          path,
          path.endsWith('package.json') ? text.replace('@agents/skill-pdf-forms', '@acme/skill-pdf-forms') : text,
        ]),
      ),
    });
    expect(await buildRegistry(root)).toMatchObject({ status: 'built' });
    expect(read(root, 'agents/development/reviewer/README.md')).toContain('| skills | `pdf-forms` (`@acme/skill-pdf-forms`, installed with it) |\n');
  });

  it('scaffolds a new agent into its scope, with the changeset that releases it and its new category package', async () => {
    const root = acmeRegistry();
    await buildRegistry(root);
    const made = await scaffoldAgent(root, { name: 'planner', category: 'development', description: 'Use to plan work.' });
    expect(made.categoryPackage).toBe('@acme/development');
    expect(JSON.parse(read(root, 'agents/development/planner/package.json')).name).toBe('@acme/planner');
    expect(JSON.parse(read(root, 'agents/development/package.json')).dependencies).toEqual({ '@acme/planner': 'workspace:*', '@acme/reviewer': 'workspace:*' });
    expect(read(root, '.changeset/new-agent-planner.md')).toMatch(/^---\n"@acme\/planner": major\n"@acme\/development": major\n---/);
  });
});
