import { createHash } from 'node:crypto';
import { printable } from '@agents/schema';
import type { ReadEntry } from 'tar';
import { type NpmConfig, packumentUrl, redactUrl } from './config.js';
import { RegistryError } from './errors.js';

export interface VersionManifest {
  name: string;
  version: string;
  dist: {
    tarball: string;
    integrity?: string;
    shasum?: string;
    /** The registry's signatures over `<name>@<version>:<integrity>`. */
    signatures?: { keyid: string; sig: string }[];
    /** Where the registry serves the version's attestations (provenance). */
    attestations?: { url: string; provenance?: { predicateType: string } };
  };
}

export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, VersionManifest>;
}

/** The largest tarball we download: an agent package is a few KB, and its agent.md at most 1 MiB. */
export const MAX_TARBALL_BYTES: number = 8 * 1024 * 1024;
/** The most a tarball may unpack to: beyond it, a gzip bomb. */
export const MAX_UNPACKED_BYTES: number = 32 * 1024 * 1024;
/** The largest package document we read (abbreviated documents of agent packages are a few KB a version). */
const MAX_PACKUMENT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a response body as it streams, aborting at `limit` bytes whatever Content-Length says or omits:
 * memory stays bounded by the limit, whatever the server sends.
 */
async function readCapped(response: RegistryResponse, limit: number, what: string): Promise<Buffer> {
  const tooLarge = () => new RegistryError('too-large', `${what} is larger than ${limit / 1024 / 1024} MiB: too large for an agent package; not installed`);
  const chunks: Buffer[] = [];
  let size = 0;
  if (Number(response.headers.get('content-length') ?? 0) > limit) size = limit + 1;
  else {
    // Leaving the loop early stops the download.
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limit) break;
      chunks.push(Buffer.from(chunk));
    }
  }
  if (size > limit) {
    response.body.destroy?.();
    throw tooLarge();
  }
  return Buffer.concat(chunks, size);
}

/** What a response is to the readers below: a status, headers, and a body to read as a stream. */
interface RegistryResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  body: AsyncIterable<Uint8Array> & { destroy?(): void };
}

/**
 * A GET through npm's own client (npm-registry-fetch): npm's credentials for the URL, its proxy, CA and
 * TLS settings, its retries. Everything is asked online (a release a minute ago counts); an HTTP error
 * is an answer, read by the caller, except a refusal, which gets advice.
 */
async function get(url: string, config: NpmConfig, accept: string): Promise<RegistryResponse> {
  const { default: npmFetch } = await import('npm-registry-fetch');
  // A registry written as https://user:password@host/ authenticates with basic auth, as npm does, also for
  // the tarballs it serves from the same host; the credentials never travel in a URL.
  const inRegistry = credentialsIn(url) ?? credentialsIn(config.registryServing(url), new URL(url).origin);
  let response: RegistryResponse;
  try {
    response = (await npmFetch(withoutCredentials(url), {
      ...config.flat,
      headers: { accept },
      // Every answer comes from the registry, never from npm's cache: a check that a registry can no longer
      // answer fails as such, and a run spends its time on the checks rather than on writing the cache
      // (a tenth of an `agents install` of 100 agents).
      cache: undefined,
      preferOnline: true,
      ...(inRegistry ? { forceAuth: { auth: inRegistry } } : {}),
    })) as unknown as RegistryResponse;
  } catch (problem) {
    const { statusCode, code } = problem as { statusCode?: number; code?: string };
    if (statusCode === 401 || statusCode === 403) {
      const { host, origin } = new URL(url);
      throw new RegistryError('forbidden', `${origin} refused access (${statusCode}): set a token for it in .npmrc, e.g. //${host}/:_authToken=\${NPM_TOKEN}`);
    }
    if (statusCode !== undefined) return { status: statusCode, ok: false, headers: { get: () => null }, body: (async function* () {})() };
    throw unreachable(url, code ?? printable((problem as Error).message));
  }
  return response;
}

const unreachable = (url: string, why: string) =>
  new RegistryError('unreachable', `cannot reach ${new URL(url).origin} (${why}): check your network, and the registry and proxy in .npmrc`);

/** Basic-auth credentials written in a URL (`user:password@`), as npm's `_auth`; only for the given origin when one is given. */
function credentialsIn(url: string, origin?: string): string | undefined {
  const parsed = new URL(url);
  if ((parsed.username === '' && parsed.password === '') || (origin !== undefined && parsed.origin !== origin)) return undefined;
  return Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64');
}

/** The URL without credentials: they travel in the Authorization header. */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/**
 * The registry's document for a package, undefined when it does not exist: abbreviated (what installing
 * needs), or `full`, which has each version's publication time, to tell whether a signing key had expired.
 */
export async function fetchPackument(name: string, config: NpmConfig, { full = false }: { full?: boolean } = {}): Promise<Packument | undefined> {
  const registry = config.registryFor(name);
  const response = await get(
    packumentUrl(registry, name).href,
    config,
    full ? 'application/json' : 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8',
  );
  if (response.status === 404) return undefined;
  if (!response.ok) throw new RegistryError('http-status', `${redactUrl(registry)} answered ${response.status} for ${name}`);
  const body = await readCapped(response, MAX_PACKUMENT_BYTES, `the registry's document for ${name}`);
  try {
    const packument = JSON.parse(body.toString('utf8')) as Packument;
    if (typeof packument?.versions !== 'object' || packument.versions === null) throw new Error('it has no versions');
    packument['dist-tags'] = typeof packument['dist-tags'] === 'object' && packument['dist-tags'] !== null ? packument['dist-tags'] : {};
    return packument;
  } catch (problem) {
    throw new RegistryError(
      'not-a-package-document',
      `${redactUrl(registry)} sent a document for ${name} that is not a package document (${printable((problem as Error).message)})`,
    );
  }
}

/** A small JSON document of the registry (its keys, a version's attestations); undefined when it has none (404). */
export async function getJson<T>(url: string, config: NpmConfig): Promise<T | undefined> {
  const response = await get(url, config, 'application/json');
  if (response.status === 404) return undefined;
  if (!response.ok) throw new RegistryError('http-status', `${redactUrl(new URL(url).origin)} answered ${response.status} for ${redactUrl(url)}`);
  const body = await readCapped(response, MAX_PACKUMENT_BYTES, redactUrl(url));
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new RegistryError('not-a-package-document', `${redactUrl(url)} is not JSON`);
  }
}

/**
 * A dist-tag (`latest`), an exact version, or a semver range, as npm resolves it; with `within`, the newest
 * such version that every range of `within` also admits (see withinRanges).
 */
export async function pickVersion(packument: Packument, spec: string, within: readonly string[] = []): Promise<VersionManifest | undefined> {
  const named = packument['dist-tags'][spec] ?? (packument.versions[spec] ? spec : undefined);
  if (named !== undefined) return within.length === 0 || (await withinRanges(named, within)) ? packument.versions[named] : undefined;
  // Loaded here, not at start-up: validate and build never need it.
  const semver = await import('semver');
  if (semver.validRange(spec) === null) return undefined;
  const best = semver.maxSatisfying(Object.keys(packument.versions).filter(admittedBy(semver, within)), spec);
  return best === null ? undefined : packument.versions[best];
}

/** Whether every range of `ranges` admits `version`; a dist-tag (`latest`) or anything else not a range holds it to nothing. */
export async function withinRanges(version: string, ranges: readonly string[]): Promise<boolean> {
  return ranges.length === 0 || admittedBy(await import('semver'), ranges)(version);
}

const admittedBy =
  ({ satisfies, validRange }: typeof import('semver'), ranges: readonly string[]) =>
  (version: string) =>
    ranges.every((range) => validRange(range) === null || satisfies(version, range));

/** Downloads a version's tarball and checks it against the registry's integrity before anything reads it. */
export async function downloadTarball(manifest: VersionManifest, config: NpmConfig): Promise<{ bytes: Buffer; integrity: string }> {
  const response = await get(manifest.dist.tarball, config, 'application/octet-stream');
  if (!response.ok) throw new RegistryError('http-status', `cannot download ${manifest.name}@${manifest.version}: ${response.status}`);
  const bytes = await readCapped(response, MAX_TARBALL_BYTES, `the tarball of ${manifest.name}@${manifest.version}`);
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  const expected = manifest.dist.integrity;
  if (expected?.startsWith('sha512-') ? expected !== integrity : manifest.dist.shasum !== createHash('sha1').update(bytes).digest('hex')) {
    throw new RegistryError('integrity', `${manifest.name}@${manifest.version}: the tarball does not match the registry's integrity; not installed`);
  }
  return { bytes, integrity };
}

/**
 * Reads one file out of a package tarball in memory (`package/<path>`), without writing anything to disk;
 * undefined when the package has no such regular file, or it is over `maxBytes`.
 */
export async function readFromTarball(bytes: Buffer, path: string, maxBytes: number = 1024 * 1024 + 1): Promise<Buffer | undefined> {
  return (await readTarball(bytes, { select: (file) => file === path, maxFileBytes: maxBytes, onlyFiles: false })).get(path);
}

/**
 * Every regular file of a package tarball, by its path in the package (`package/scripts/x.py` → `scripts/x.py`),
 * read in memory, for a package whose files are all used (a skill's). Refused, so that nothing is installed:
 * a link or any entry that is neither a file nor a folder, a path that would leave the package, a file over
 * `maxFileBytes`.
 */
export async function readPackageFiles(bytes: Buffer, maxFileBytes: number): Promise<Map<string, Buffer>> {
  return readTarball(bytes, { select: () => true, maxFileBytes, onlyFiles: true });
}

/**
 * The tarball unpacked as a stream and abandoned at MAX_UNPACKED_BYTES (a gzip bomb costs no more), the
 * files `select` picks kept in memory. With `onlyFiles`, anything but regular files and folders is an error;
 * without, it is skipped (as a file over the size is).
 */
async function readTarball(
  bytes: Buffer,
  { select, maxFileBytes, onlyFiles }: { select: (path: string) => boolean; maxFileBytes: number; onlyFiles: boolean },
): Promise<Map<string, Buffer>> {
  const [{ Parser }, { createGunzip }] = await Promise.all([import('tar'), import('node:zlib')]);
  return new Promise((resolve, reject) => {
    const found = new Map<string, Buffer>();
    const parser = new Parser({
      onReadEntry(entry: ReadEntry) {
        // The top folder of an npm tarball is "package" by convention, not by rule.
        const path = entry.path.replace(/^[^/]+\//, '');
        const kind = entry.type === 'File' || entry.type === 'OldFile' ? 'file' : entry.type === 'Directory' ? 'folder' : 'other';
        const leaves = path.startsWith('/') || path.split('/').some((part) => part === '..');
        if (onlyFiles && (kind === 'other' || leaves || (kind === 'file' && entry.size > maxFileBytes))) {
          const what = entry.type === 'SymbolicLink' ? 'a symbolic link' : entry.type === 'Link' ? 'a hard link' : `a ${entry.type} entry`;
          const why = kind === 'other' ? `is ${what}, not a file` : leaves ? 'leaves the package' : `is over ${maxFileBytes / 1024 / 1024} MiB`;
          fail(new RegistryError('bad-entry', `the package tarball's ${printable(entry.path)} ${why}; not installed`));
          return;
        }
        if (kind !== 'file' || leaves || entry.size > maxFileBytes || !select(path)) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => found.set(path, Buffer.concat(chunks)));
      },
    });
    let failed = false;
    const fail = (problem: Error) => {
      if (failed) return;
      failed = true;
      gunzip.destroy();
      reject(
        problem instanceof RegistryError ? problem : new RegistryError('damaged-tarball', `the package tarball is damaged: ${printable(problem.message)}`),
      );
    };
    const gunzip = createGunzip();
    let unpacked = 0;
    // The archive's end (two zero blocks) ends the reading: tar's parser copies everything written after it
    // into one growing buffer, so megabytes of zeros (a few kilobytes compressed) would take it minutes.
    let archiveEnded = false;
    parser.on('eof', () => {
      archiveEnded = true;
      gunzip.destroy();
      parser.end();
    });
    gunzip.on('data', (chunk: Buffer) => {
      if (archiveEnded || failed) return;
      unpacked += chunk.length;
      if (unpacked > MAX_UNPACKED_BYTES)
        fail(
          new RegistryError(
            'too-large',
            `the package tarball unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB: not an agent package; not installed`,
          ),
        );
      else parser.write(chunk);
    });
    gunzip.on('end', () => {
      if (!archiveEnded) parser.end();
    });
    gunzip.on('error', fail);
    parser.on('error', fail);
    parser.on('end', () => {
      if (!failed) resolve(found);
    });
    gunzip.end(bytes);
  });
}
