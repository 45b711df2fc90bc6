import { createHash } from 'node:crypto';
import type { ReadEntry } from 'tar';
import { printable } from '@agents/loader';
import { CliError } from '../errors.js';
import { type NpmConfig, redactUrl, withoutCredentials } from './config.js';

export interface VersionManifest {
  name: string;
  version: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, VersionManifest>;
}

/** The largest tarball we download: an agent package is a few KB, and its agent.md at most 1 MiB. */
export const MAX_TARBALL_BYTES = 8 * 1024 * 1024;
/** The most a tarball may unpack to: beyond it, a gzip bomb. */
export const MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** The largest package document we read (abbreviated documents of agent packages are a few KB a version). */
const MAX_PACKUMENT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a response body as it streams, aborting at `limit` bytes whatever Content-Length says or omits:
 * memory stays bounded by the limit, whatever the server sends.
 */
async function readCapped(response: Response, limit: number, what: string): Promise<Buffer> {
  const tooLarge = () => new CliError(`${what} is larger than ${limit / 1024 / 1024} MiB: too large for an agent package; not installed`);
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early cancels the download.
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) break;
    chunks.push(Buffer.from(chunk));
  }
  if (size > limit) throw tooLarge();
  return Buffer.concat(chunks, size);
}

async function get(url: string, config: NpmConfig, accept: string): Promise<Response> {
  const authorization = config.authorization(url);
  let response: Response;
  try {
    response = await fetch(withoutCredentials(url), { headers: { accept, ...(authorization ? { authorization } : {}) } });
  } catch (problem) {
    const cause = (problem as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${new URL(url).origin} (${cause?.code ?? cause?.message ?? (problem as Error).message}): check your network and the registry in .npmrc`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new CliError(`${new URL(url).origin} refused access (${response.status}): set a token for it in .npmrc, e.g. ${new URL(url).host === 'registry.npmjs.org' ? '//registry.npmjs.org/' : `//${new URL(url).host}/`}:_authToken=\${NPM_TOKEN}`);
  }
  return response;
}

/** The registry's document for a package (abbreviated: what installing needs); undefined when it does not exist. */
export async function fetchPackument(name: string, config: NpmConfig): Promise<Packument | undefined> {
  const registry = config.registryFor(name);
  const response = await get(new URL(name.replace('/', '%2f'), registry).href, config, 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8');
  if (response.status === 404) return undefined;
  if (!response.ok) throw new CliError(`${redactUrl(registry)} answered ${response.status} for ${name}`);
  const body = await readCapped(response, MAX_PACKUMENT_BYTES, `the registry's document for ${name}`);
  try {
    const packument = JSON.parse(body.toString('utf8')) as Packument;
    if (typeof packument?.versions !== 'object' || packument.versions === null) throw new Error('it has no versions');
    packument['dist-tags'] = typeof packument['dist-tags'] === 'object' && packument['dist-tags'] !== null ? packument['dist-tags'] : {};
    return packument;
  } catch (problem) {
    throw new CliError(`${redactUrl(registry)} sent a document for ${name} that is not a package document (${printable((problem as Error).message)})`);
  }
}

/** A dist-tag (`latest`), an exact version, or a semver range, as npm resolves it. */
export async function pickVersion(packument: Packument, spec: string): Promise<VersionManifest | undefined> {
  const tagged = packument['dist-tags'][spec];
  if (tagged) return packument.versions[tagged];
  if (packument.versions[spec]) return packument.versions[spec];
  // Loaded here, not at start-up: validate and build never need it.
  const { maxSatisfying, validRange } = await import('semver');
  if (validRange(spec) === null) return undefined;
  const best = maxSatisfying(Object.keys(packument.versions), spec);
  return best === null ? undefined : packument.versions[best];
}

/** Downloads a version's tarball and checks it against the registry's integrity before anything reads it. */
export async function downloadTarball(manifest: VersionManifest, config: NpmConfig): Promise<{ bytes: Buffer; integrity: string }> {
  const response = await get(manifest.dist.tarball, config, 'application/octet-stream');
  if (!response.ok) throw new CliError(`cannot download ${manifest.name}@${manifest.version}: ${response.status}`);
  const bytes = await readCapped(response, MAX_TARBALL_BYTES, `the tarball of ${manifest.name}@${manifest.version}`);
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  const expected = manifest.dist.integrity;
  if (expected?.startsWith('sha512-') ? expected !== integrity : manifest.dist.shasum !== createHash('sha1').update(bytes).digest('hex')) {
    throw new CliError(`${manifest.name}@${manifest.version}: the tarball does not match the registry's integrity; not installed`);
  }
  return { bytes, integrity };
}

/**
 * Reads one file out of a package tarball in memory (`package/<path>`), without writing anything to disk.
 * The tarball is unpacked as a stream and abandoned at MAX_UNPACKED_BYTES: a gzip bomb costs no more.
 */
export async function readFromTarball(bytes: Buffer, path: string, maxBytes = 1024 * 1024 + 1): Promise<Buffer | undefined> {
  const [{ Parser }, { createGunzip }] = await Promise.all([import('tar'), import('node:zlib')]);
  return new Promise((resolve, reject) => {
    let found: Buffer | undefined;
    const parser = new Parser({
      onReadEntry(entry: ReadEntry) {
        // The top folder of an npm tarball is "package" by convention, not by rule.
        if (entry.type !== 'File' || entry.path.replace(/^[^/]+\//, '') !== path || entry.size > maxBytes) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => (found = Buffer.concat(chunks)));
      },
    });
    const fail = (problem: Error) => {
      gunzip.destroy();
      reject(problem instanceof CliError ? problem : new CliError(`the package tarball is damaged: ${printable(problem.message)}`));
    };
    const gunzip = createGunzip();
    let unpacked = 0;
    gunzip.on('data', (chunk: Buffer) => {
      unpacked += chunk.length;
      if (unpacked > MAX_UNPACKED_BYTES) fail(new CliError(`the package tarball unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB: not an agent package; not installed`));
      else parser.write(chunk);
    });
    gunzip.on('end', () => parser.end());
    gunzip.on('error', fail);
    parser.on('error', fail);
    parser.on('end', () => resolve(found));
    gunzip.end(bytes);
  });
}
