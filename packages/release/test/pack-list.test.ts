import { packageEntries } from '@agents/loader';
import { tempDir, writeFiles } from '@agents/test-support';
import packlist from 'npm-packlist';
import { describe, expect, it } from 'vitest';
import { type Manifest, packList, plainPackList } from '../src/pack.js';

const npmPackList = async (dir: string, manifest: Manifest) =>
  (await packlist({ path: dir, package: manifest, isProjectRoot: false, edgesOut: new Map() })).sort();

const AGENT_FILES = ['agent.md', 'agent.json', 'clients', 'dist', 'CHANGELOG.md'];
/** A package folder to pack: its files and its manifest. */
interface PackageCase {
  manifest: Manifest;
  files: Record<string, string>;
}

const agentPackage = (extra: Record<string, string> = {}, manifest: Partial<Manifest> = {}): PackageCase => ({
  manifest: { name: '@agents/reviewer', version: '1.0.0', main: './dist/index.js', files: AGENT_FILES, ...manifest },
  files: {
    'agent.md': '---\nname: reviewer\n---\nBody\n',
    'agent.json': '{}',
    'clients/opencode.md': 'x',
    'clients/copilot.agent.md': 'x',
    'dist/index.js': 'export default {};\n',
    'dist/index.d.ts': 'export {};\n',
    'README.md': '# reviewer\n',
    LICENSE: 'MIT\n',
    ...extra,
  },
});

// Each case: files on disk and a manifest; whether the plain path takes it (else npm-packlist does); the list must be npm's either way.
const CASES: [string, PackageCase, boolean][] = [
  ['an agent package as the build writes it', agentPackage({ 'CHANGELOG.md': '# changes\n' }), true],
  [
    'a category package: its agents’ folders beside its own files',
    {
      manifest: { name: '@agents/development', version: '0.1.0', main: './dist/index.js', files: ['dist', 'clients'] },
      files: {
        'dist/index.js': 'x',
        'clients/opencode/reviewer.md': 'x',
        'README.md': 'x',
        LICENSE: 'x',
        'reviewer/agent.md': 'x',
        'reviewer/dist/index.js': 'x',
      },
    },
    true,
  ],
  [
    'a skill package',
    {
      manifest: { name: '@agents/skill-pdf', version: '1.0.0', files: ['CHANGELOG.md', 'SKILL.md', 'scripts', 'references'] },
      files: { 'SKILL.md': 'x', 'scripts/check.py': 'x', 'references/forms/guide.md': 'x', LICENSE: 'x' },
    },
    true,
  ],
  [
    'README, LICENCE and COPYING in any case and extension, not backups',
    agentPackage({ 'Readme.markdown': 'x', 'licence.txt': 'x', COPYING: 'x', 'license.md~': 'x', 'notes.md': 'x' }),
    true,
  ],
  ['no files field', agentPackage({}, { files: undefined }), false],
  ['a glob in files', agentPackage({}, { files: ['dist/*.js', 'agent.md'] }), false],
  ['a bin', agentPackage({ 'bin/cli.js': 'x' }, { bin: { cli: 'bin/cli.js' } }), false],
  ['main outside files', agentPackage({ 'lib/main.js': 'x' }, { main: 'lib/main.js' }), false],
  ['a hidden file in a listed folder', agentPackage({ 'dist/.env': 'SECRET=1' }), false],
  ['an .npmrc', agentPackage({ 'clients/.npmrc': '//registry/:_authToken=x' }), false],
  ['a backup file', agentPackage({ 'dist/index.js.orig': 'x' }), false],
  ['an ignore file', agentPackage({ '.npmignore': 'dist/index.d.ts\n' }), false],
  ['a nested package.json', agentPackage({ 'dist/package.json': '{}' }), false],
  ['a lock file', agentPackage({ 'pnpm-lock.yaml': 'x', 'yarn.lock': 'x' }), false],
  ['a folder named as an entry in another case', agentPackage({ 'Dist/extra.js': 'x' }), false],
  ['a LICENSE folder', agentPackage({ 'license/full.txt': 'x' }), false],
  ['npm-debug.log in any case', agentPackage({ 'dist/NPM-DEBUG.LOG': 'x' }), false],
];

describe('packList: the plain path packs what npm packs', () => {
  it.each(CASES)('%s', async (_, { manifest, files }, plain) => {
    const dir = tempDir();
    writeFiles(dir, { ...files, 'package.json': JSON.stringify(manifest) });
    expect(plainPackList(manifest, packageEntries(dir)) !== undefined, 'taken by the plain path').toBe(plain);
    expect(await packList(dir, manifest)).toEqual(await npmPackList(dir, manifest));
  });
});
