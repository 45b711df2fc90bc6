import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages } from '@agents/loader';
import { REPO_ROOT } from '@agents/test-support';
import { describe, expect, it } from 'vitest';

/** The dependency list of docs/architecture.md: package → the packages it depends on. */
function documentedDependencies(): Map<string, string[]> {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
  const block = /```dependencies\n([\s\S]*?)```/.exec(doc)?.[1];
  if (block === undefined) throw new Error('docs/architecture.md has no ```dependencies block');
  return new Map(
    block
      .trim()
      .split('\n')
      .filter((line) => !line.includes('('))
      .map((line) => {
        const [name, deps = ''] = line.split('←').map((part) => part.trim());
        return [`@agents/${name}`, deps === '' ? [] : deps.split(',').map((dep) => `@agents/${dep.trim()}`)] as const;
      }),
  );
}

describe('docs/architecture.md', () => {
  it('lists every tool package with exactly the @agents dependencies of its package.json', async () => {
    const tools = (await workspacePackages(REPO_ROOT)).filter(
      (pkg) => !pkg.dir.includes(`${join(REPO_ROOT, 'agents')}/`) && pkg.name !== '@agents/test-support',
    );
    const actual = new Map(
      tools.map((pkg) => {
        const dependencies = (pkg.manifest.dependencies ?? {}) as Record<string, string>;
        return [
          pkg.name,
          Object.keys(dependencies)
            .filter((name) => name.startsWith('@agents/'))
            .sort(),
        ] as const;
      }),
    );
    expect(Object.fromEntries([...documentedDependencies()].map(([name, deps]) => [name, [...deps].sort()]))).toEqual(Object.fromEntries(actual));
  });
});
