import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadTarball,
  fetchPackument,
  loadNpmConfig,
  MAX_TARBALL_BYTES,
  MAX_UNPACKED_BYTES,
  type NpmConfig,
  type Packument,
  pickVersion,
  readFromTarball,
  readPackageFiles,
  type VersionManifest,
  withinRanges,
} from '../src/index.js';

/** A package tarball as npm packs one: `package/<path>` for each file. */
function tarball(files: Record<string, string | Buffer>): Buffer {
  const dir = tempDir('npm-client-tarball-');
  writeFiles(join(dir, 'package'), files);
  execFileSync('tar', ['-czf', 'package.tgz', 'package'], { cwd: dir });
  return readFileSync(join(dir, 'package.tgz'));
}

const sha512 = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

describe('readFromTarball reads one file of a package in memory', () => {
  const bytes = tarball({ 'agent.md': '---\nname: a\n---\n', 'package.json': '{}' });

  it.each([
    ['a file it holds', 'agent.md', '---\nname: a\n---\n'],
    ['a file it does not hold', 'missing.md', undefined],
  ])('%s', async (_, path, content) => {
    expect((await readFromTarball(bytes, path))?.toString('utf8')).toBe(content);
  });

  it('leaves a file over the size asked for unread', async () => {
    expect(await readFromTarball(tarball({ 'agent.md': 'x'.repeat(2048) }), 'agent.md', 1024)).toBeUndefined();
  });

  it('reads megabytes of zeros after the end of the archive as nothing, and at once (they once took it minutes)', async () => {
    expect(await readFromTarball(gzipSync(Buffer.alloc(MAX_UNPACKED_BYTES + 1024 * 1024)), 'agent.md')).toBeUndefined();
  });

  it.each([
    ['bytes that are not a tarball', () => randomBytes(4096), 'damaged-tarball'],
    // A gzip bomb: a file of zeros that unpacks past the limit is abandoned there.
    [
      'a tarball that unpacks past the limit',
      () => {
        const dir = tempDir('npm-client-bomb-');
        mkdirSync(join(dir, 'package'));
        // A sparse file: its megabytes of zeros take no room on the disk.
        writeFileSync(join(dir, 'package', 'padding.bin'), '');
        truncateSync(join(dir, 'package', 'padding.bin'), MAX_UNPACKED_BYTES + 1024 * 1024);
        execFileSync('tar', ['-czf', 'package.tgz', 'package'], { cwd: dir });
        return readFileSync(join(dir, 'package.tgz'));
      },
      'too-large',
    ],
  ])('refuses %s with a RegistryError', async (_, make, code) => {
    await expect(readFromTarball(make(), 'agent.md')).rejects.toMatchObject({ name: 'RegistryError', code });
  });
});

describe('readPackageFiles reads every file of a package in memory, or refuses it whole', () => {
  /** A tarball made with tar itself, from a folder `prepare` fills. */
  function tarOf(prepare: (dir: string) => void, args: string[] = []): Buffer {
    const dir = tempDir('npm-client-skill-');
    mkdirSync(join(dir, 'package'));
    prepare(join(dir, 'package'));
    execFileSync('tar', ['-czf', 'package.tgz', ...args, 'package'], { cwd: dir });
    return readFileSync(join(dir, 'package.tgz'));
  }

  it('reads each regular file by its path in the package', async () => {
    const files = await readPackageFiles(tarball({ 'SKILL.md': 'skill', 'scripts/run.py': 'print(1)', 'package.json': '{}' }), 1024);
    expect([...files].map(([path, bytes]) => [path, bytes.toString('utf8')]).sort()).toEqual([
      ['SKILL.md', 'skill'],
      ['package.json', '{}'],
      ['scripts/run.py', 'print(1)'],
    ]);
  });

  it.each([
    ['a symbolic link', (dir: string) => symlinkSync('/etc/passwd', join(dir, 'passwd.md')), [], /passwd\.md is a symbolic link, not a file/],
    ['a path that leaves the package', (dir: string) => writeFileSync(join(dir, 'x'), 'x'), ['--transform', 's,package/x,package/../x,'], /leaves the package/],
    ['a file over the limit', (dir: string) => writeFileSync(join(dir, 'big.bin'), 'x'.repeat(2048)), [], /big\.bin is over/],
  ])('refuses %s, naming it', async (_, prepare, args, message) => {
    await expect(readPackageFiles(tarOf(prepare, args), 1024)).rejects.toMatchObject({
      name: 'RegistryError',
      code: 'bad-entry',
      message: expect.stringMatching(message),
    });
  });
});

describe('pickVersion resolves a spec as npm does', () => {
  const manifest = (version: string): VersionManifest => ({ name: '@agents/a', version, dist: { tarball: '', integrity: '' } }) as VersionManifest;
  const packument = {
    name: '@agents/a',
    'dist-tags': { latest: '1.2.0', next: '2.0.0-beta.1' },
    versions: Object.fromEntries(['1.0.0', '1.2.0', '1.3.0', '2.0.0-beta.1'].map((version) => [version, manifest(version)])),
  } as unknown as Packument;

  it.each([
    ['a dist-tag', 'latest', '1.2.0'],
    ['another dist-tag', 'next', '2.0.0-beta.1'],
    ['an exact version', '1.0.0', '1.0.0'],
    ['a range, to its highest version', '^1.0.0', '1.3.0'],
    ['a range nothing satisfies', '^3.0.0', undefined],
    ['a spec that is not a range', 'not a range!', undefined],
  ])('%s: %s → %s', async (_, spec, version) => {
    expect((await pickVersion(packument, spec))?.version).toBe(version);
  });
});

describe('pickVersion within other ranges: the newest version every user of a package admits', () => {
  const manifest = (version: string): VersionManifest => ({ name: '@agents/a', version, dist: { tarball: '', integrity: '' } }) as VersionManifest;
  const packument = {
    name: '@agents/a',
    'dist-tags': { latest: '2.0.0' },
    versions: Object.fromEntries(['1.0.0', '1.0.5', '1.2.0', '2.0.0'].map((version) => [version, manifest(version)])),
  } as unknown as Packument;

  it.each([
    ['a range, held to a narrower one', '^1.0.0', ['~1.0.0'], '1.0.5'],
    ['any version, held to two ranges', '*', ['>=1.0.0', '^1.0.0'], '1.2.0'],
    ['a dist-tag the ranges admit', 'latest', ['>=1.0.0'], '2.0.0'],
    ['a dist-tag they do not', 'latest', ['^1.0.0'], undefined],
    ['ranges that admit nothing together', '*', ['^1.0.0', '^2.0.0'], undefined],
    ['a dist-tag among the ranges holds to nothing', '^1.0.0', ['latest'], '1.2.0'],
  ])('%s: %s within %j → %s', async (_, spec, within, version) => {
    expect((await pickVersion(packument, spec, within))?.version).toBe(version);
  });

  it.each([
    ['1.0.5', ['~1.0.0', '^1.0.0'], true],
    ['1.2.0', ['~1.0.0', '^1.0.0'], false],
    ['2.0.0', [], true],
    ['2.0.0', ['latest'], true],
  ])('withinRanges(%s, %j) is %s', async (version, ranges, expected) => {
    expect(await withinRanges(version, ranges)).toBe(expected);
  });
});

describe('the registry, asked through npm-registry-fetch', () => {
  let server: Server;
  let config: NpmConfig;
  /** What the stand-in registry answers, by path. */
  const routes = new Map<string, { status: number; body: Buffer }>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const route = routes.get(request.url ?? '') ?? { status: 404, body: Buffer.from('{}') };
      response.writeHead(route.status, { 'content-length': route.body.length }).end(route.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const project = tempDir('npm-client-project-', 'file');
    writeFiles(project, { 'package.json': '{}', '.npmrc': `@agents:registry=${url}\nfetch-retries=0\n` });
    config = await loadNpmConfig(project, { HOME: project, npm_config_userconfig: join(project, 'none') });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const serve = (path: string, body: string | Buffer, status = 200) => routes.set(path, { status, body: Buffer.from(body) });
  const tarballManifest = (path: string, bytes: Buffer, integrity = sha512(bytes)): VersionManifest =>
    ({ name: '@agents/a', version: '1.0.0', dist: { tarball: new URL(path, config.registryFor('@agents/a')).href, integrity } }) as VersionManifest;

  it('reads a package document, and says a package that does not exist is not there', async () => {
    serve('/@agents%2fa', JSON.stringify({ name: '@agents/a', versions: { '1.0.0': {} } }));
    expect(await fetchPackument('@agents/a', config)).toMatchObject({ name: '@agents/a', 'dist-tags': {} });
    expect(await fetchPackument('@agents/absent', config)).toBeUndefined();
  });

  it.each([
    ['an answer that is not JSON', '<html>', 200, 'not-a-package-document'],
    ['a document without versions', '{"name":"@agents/b"}', 200, 'not-a-package-document'],
    ['an error status', '{}', 500, 'http-status'],
  ])('refuses %s', async (_, body, status, code) => {
    serve('/@agents%2fb', body, status);
    await expect(fetchPackument('@agents/b', config)).rejects.toMatchObject({ name: 'RegistryError', code });
  });

  it('downloads a tarball that matches its integrity', async () => {
    const bytes = tarball({ 'agent.md': 'x' });
    serve('/a-1.0.0.tgz', bytes);
    expect(await downloadTarball(tarballManifest('a-1.0.0.tgz', bytes), config)).toEqual({ bytes, integrity: sha512(bytes) });
  });

  it.each([
    ['a tarball that does not match its integrity', () => tarball({ 'agent.md': 'y' }), sha512(Buffer.from('other')), 'integrity'],
    ['a tarball over the size limit', () => randomBytes(MAX_TARBALL_BYTES + 1), undefined, 'too-large'],
  ])('refuses %s, before anything reads it', async (_, make, integrity, code) => {
    const bytes = make();
    serve('/b-1.0.0.tgz', bytes);
    await expect(downloadTarball(tarballManifest('b-1.0.0.tgz', bytes, integrity), config)).rejects.toMatchObject({ name: 'RegistryError', code });
  });
});
