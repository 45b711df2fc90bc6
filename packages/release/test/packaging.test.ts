import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspacePackages } from '@agents/loader';
import { agentMarkdown, REPO_ROOT, tempDir, writeFiles } from '@agents/test-support';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { describe, expect, it } from 'vitest';
import { packList, packTarball, publicPackages, publishedManifest } from '../src/index.js';

/** Files npm adds to every tarball whatever `files` says. */
const ALWAYS_PACKED = new Set(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']);

const packages = await publicPackages(REPO_ROOT);

/**
 * What `npm pack` would put in each package's tarball: asked once, of one npm for every package (each folder
 * packed as on its own; an npm per package cost a second each), for every test that compares with it.
 */
let npmPacked: Map<string, string[]> | undefined;
function npmPackList(dir: string): string[] {
  if (npmPacked === undefined) {
    const folders = packages.map((pkg) => `./${relative(REPO_ROOT, pkg.dir)}`);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...folders], { cwd: REPO_ROOT, encoding: 'utf8' })) as {
      name: string;
      files: { path: string }[];
    }[];
    npmPacked = new Map(packages.map((pkg) => [pkg.dir, packed.find((tarball) => tarball.name === pkg.name)!.files.map((file) => file.path)]));
  }
  return npmPacked.get(dir)!;
}

describe('what each public package would publish (after pnpm build)', () => {
  it('covers the tools and every agent', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(['@agents/cli', '@agents/loader', '@agents/schema', '@agents/data-platform-engineer']),
    );
  });

  it.each(packages.map((pkg) => [pkg.name, pkg.dir]))('%s packs only the files it whitelists', (_, dir) => {
    const whitelist = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).files as string[]).map((entry) => entry.replace(/\/$/, ''));
    const paths = npmPackList(dir);
    for (const path of paths) {
      const listed = whitelist.some((entry) => path === entry || path.startsWith(`${entry}/`));
      expect(listed || ALWAYS_PACKED.has(path), `${path} is not whitelisted`).toBe(true);
      expect(path, 'no dotfiles').not.toMatch(/(^|\/)\./);
      expect(path, 'no tests, sources or source maps').not.toMatch(/(^|\/)(test|tests|__tests__|src)\/|\.test\.|\.map$|(?<!\.d)\.ts$/);
    }
    expect(paths).toContain('package.json');
    expect(paths.some((path) => path.startsWith('dist/'))).toBe(true);
    // Every published package carries the licence it is published under.
    expect(paths).toContain('LICENSE');
    expect(readFileSync(join(dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
  });

  it.each(packages.map((pkg) => [pkg.name, pkg.dir]))('%s has no publint error', async (_, dir) => {
    const { messages } = await publint({ pkgDir: dir, strict: true });
    expect(messages.filter((message) => message.type === 'error')).toEqual([]);
  });

  it.each(packages.map((pkg) => [pkg.name, pkg.dir]))('%s resolves its types (arethetypeswrong, ESM)', async (_, dir) => {
    // The tarball the publisher would publish, checked by attw's own library (one TypeScript for every package).
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const tarball = await packTarball(dir, manifest, await packList(dir, manifest));
    // ./agent.md is the definition as a file to copy, not a module: it has no types to resolve.
    const result = await checkPackage(createPackageFromTarballData(tarball), { excludeEntrypoints: ['./agent.md'] });
    if (!('problems' in result)) throw new Error(`attw found no types to check in ${dir}`);
    // The packages are ESM only: as attw's esm-only profile, ignore how CommonJS resolvers see them.
    const problems = result.problems.filter((problem) => !('resolutionKind' in problem) || !['node10', 'node16-cjs'].includes(problem.resolutionKind));
    expect(problems).toEqual([]);
  });

  it.each(packages.map((pkg) => [pkg.name, pkg.dir]))('%s: the in-process packer packs what npm pack packs', async (_, dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(await packList(dir, manifest)).toEqual([...npmPackList(dir)].sort());
  });

  it('rewrites workspace ranges as pnpm publish does, in the tarball too', async () => {
    const workspace = await workspacePackages(REPO_ROOT);
    const versions = new Map(workspace.map((pkg) => [pkg.name, pkg.version]));
    const cli = workspace.find((pkg) => pkg.name === '@agents/cli')!;
    const manifest = publishedManifest(cli.manifest, versions);
    expect(manifest.dependencies).toMatchObject({
      '@agents/loader': `^${versions.get('@agents/loader')}`,
      '@agents/schema': `^${versions.get('@agents/schema')}`,
    });
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    const tarball = await packTarball(cli.dir, manifest, await packList(cli.dir, cli.manifest));
    const listing = execFileSync('tar', ['-tzf', '-'], { input: tarball, encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing).toContain('package/package.json');
    expect(listing).toContain('package/bin/agents.js');
    const packedManifest = JSON.parse(execFileSync('tar', ['-xzOf', '-', 'package/package.json'], { input: tarball, encoding: 'utf8' }));
    expect(packedManifest.dependencies['@agents/loader']).toBe(`^${versions.get('@agents/loader')}`);
  });

  it.each([
    ['a symbolic link to a secret of the machine', (path: string) => symlinkSync('/etc/hostname', path)],
    ['a named pipe', (path: string) => execFileSync('mkfifo', [path])],
  ])('refuses a package folder holding %s, naming the file, whatever npm would have made of it', async (_, make) => {
    const dir = tempDir();
    const manifest = { name: '@agents/leaky', version: '1.0.0', files: ['dist', 'agent.md'] };
    writeFiles(dir, { 'package.json': JSON.stringify(manifest), 'agent.md': agentMarkdown('leaky'), 'dist/index.js': 'export {};\n' });
    make(join(dir, 'dist', 'leak.txt'));
    await expect(packList(dir, manifest)).rejects.toThrow('@agents/leaky: dist/leak.txt:1:1 is a');
    await expect(packList(dir, manifest)).rejects.toMatchObject({ code: 'irregular-file' });
  });

  it('refuses a workspace range that names no workspace package', () => {
    expect(() => publishedManifest({ name: 'x', version: '1.0.0', dependencies: { y: 'workspace:^' } }, new Map())).toThrow('not a package of this workspace');
  });
});
