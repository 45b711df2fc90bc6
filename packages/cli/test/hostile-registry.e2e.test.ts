import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { agentMarkdown, REPO_ROOT, runCliAsync, tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A ustar header for one regular file: enough of the format for npm's tarballs and for tar's parser. */
function tarHeader(path: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii');
  field(0, 100, path);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  field(148, 8, '        ');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return header;
}
const padding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);

/** A valid agent package tarball, followed by `zeros` bytes of padding file: under a megabyte gzipped, however many it unpacks to. */
async function agentTarball(name: string, zeros = 0): Promise<Buffer> {
  const markdown = Buffer.from(agentMarkdown(name));
  const manifest = Buffer.from(JSON.stringify({ name: `@agents/${name}`, version: '1.0.0' }));
  const gzip = createGzip({ level: 1 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  for (const [path, content] of [
    ['package/package.json', manifest],
    ['package/agent.md', markdown],
  ] as const) {
    gzip.write(Buffer.concat([tarHeader(path, content.length), content, padding(content.length)]));
  }
  if (zeros > 0) {
    gzip.write(tarHeader('package/padding.bin', zeros));
    const block = Buffer.alloc(1024 * 1024);
    for (let written = 0; written < zeros; written += block.length) {
      if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
    }
  }
  gzip.end(Buffer.alloc(1024));
  await done;
  return Buffer.concat(chunks);
}

const integrity = (bytes: Buffer) => `sha512-${createHash('sha512').update(bytes).digest('base64')}`;

interface Route {
  packument: Record<string, unknown>;
  /** Sends the tarball; the default is the package's own bytes with their length. */
  tarball?: (response: import('node:http').ServerResponse) => void;
}

describe('a hostile registry', { timeout: 120_000 }, () => {
  let server: Server;
  let url: string;
  const routes = new Map<string, Route>();
  const packument = (name: string, version: string, bytes: Buffer, extra: Record<string, unknown> = {}) => ({
    name: `@agents/${name}`,
    'dist-tags': { latest: version },
    versions: { [version]: { name: `@agents/${name}`, version, dist: { tarball: `${url}tarballs/${name}.tgz`, integrity: integrity(bytes) } } },
    ...extra,
  });

  beforeAll(async () => {
    server = createServer((request, response) => {
      const name = decodeURIComponent(request.url ?? '')
        .replace(/^\/(@agents\/|tarballs\/)/, '')
        .replace(/\.tgz$/, '');
      const route = routes.get(name);
      if (route === undefined) return response.writeHead(404).end('{}');
      if (request.url?.startsWith('/tarballs/')) return route.tarball?.(response);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route.packument));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

    const bomb = await agentTarball('bomb', 512 * 1024 * 1024);
    routes.set('bomb', {
      packument: packument('bomb', '1.0.0', bomb),
      tarball: (response) => response.writeHead(200, { 'content-length': bomb.length }).end(bomb),
    });

    // Without Content-Length, it never ends: only the client's cap stops it.
    const endless = await agentTarball('endless');
    const block = Buffer.alloc(1024 * 1024, 1);
    routes.set('endless', {
      packument: packument('endless', '1.0.0', endless),
      tarball: (response) => {
        response.writeHead(200);
        const more = () => {
          while (!response.destroyed && response.write(block));
          if (!response.destroyed) response.once('drain', more);
        };
        response.on('close', () => response.destroy());
        more();
      },
    });

    const plain = await agentTarball('versioned');
    const hostileVersion = '1.0.0\u001b]8;;https://evil.example\u0007';
    routes.set('versioned', {
      packument: { ...packument('versioned', hostileVersion, plain), 'dist-tags': { latest: hostileVersion } },
      tarball: (response) => response.writeHead(200).end(plain),
    });
    routes.set('tagged', { packument: { ...packument('tagged', '1.0.0', plain), 'dist-tags': { latest: '\u001b[2J\u009b31m' } } });
    routes.set('impostor', {
      packument: packument('impostor', '1.0.0', plain, { name: '@agents/versioned' }),
      tarball: (response) => response.writeHead(200).end(plain),
    });
    (routes.get('impostor')!.packument.versions as Record<string, { name: string }>)['1.0.0']!.name = '@agents/versioned';
  }, 120_000);
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  /** Runs `agents <args>` in a fresh project pointed at the hostile registry, recording the process's peak memory. */
  async function run(args: string[]) {
    const dir = tempDir('agents-project-');
    writeFiles(dir, { 'package.json': '{"name":"project","private":true}', '.npmrc': `@agents:registry=${url}\n` });
    const rss = join(dir, 'rss.txt');
    const result = await runCliAsync(args, dir, {
      HOME: dir,
      npm_config_userconfig: join(dir, 'none'),
      npm_config_cache: join(dir, 'npm-cache'),
      NODE_OPTIONS: `--require ${join(REPO_ROOT, 'bench/rss-hook.cjs')}`,
      AGENTS_BENCH_RSS: rss,
    });
    const peakMb = Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)) / 1024;
    return { ...result, dir, peakMb };
  }

  it('stops a gzip bomb while unpacking it, and installs nothing', async () => {
    const result = await run(['add', 'bomb']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the package tarball unpacks to more than 32 MiB: not an agent package; not installed');
    expect(existsSync(join(result.dir, '.claude'))).toBe(false);
    expect(result.peakMb).toBeLessThan(200);
  });

  it('stops a download without Content-Length at the cap, and memory stays bounded', async () => {
    const result = await run(['add', 'endless']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the tarball of @agents/endless@1.0.0 is larger than 8 MiB');
    expect(existsSync(join(result.dir, '.claude'))).toBe(false);
    expect(result.peakMb).toBeLessThan(200);
  });

  it.each([
    ['a version that is not semver', 'versioned', 'is not a version of it'],
    ['a manifest of another package', 'impostor', 'with @agents/versioned@1.0.0, which is not a version of it'],
    ['a dist-tag with escape sequences, for a version it lacks', 'tagged@2', '(latest is \\x1b[2JU+009B31m)'],
  ])('refuses %s, printing no escape sequence', async (_, spec, message) => {
    const result = await run(['add', spec]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr + result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(existsSync(join(result.dir, '.claude'))).toBe(false);
  });
});
