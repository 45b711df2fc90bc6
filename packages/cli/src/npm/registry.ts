import { createHash } from 'node:crypto';
import type { ReadEntry } from 'tar';
import { CliError } from '../errors.js';
import type { NpmConfig } from './config.js';

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

/** The largest tarball we accept: an agent package is a few KB. */
const MAX_TARBALL_BYTES = 16 * 1024 * 1024;

async function get(url: string, config: NpmConfig, accept: string): Promise<Response> {
  const authorization = config.authorization(url);
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept, ...(authorization ? { authorization } : {}) } });
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
  if (!response.ok) throw new CliError(`${registry} answered ${response.status} for ${name}`);
  return (await response.json()) as Packument;
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
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_TARBALL_BYTES) throw new CliError(`${manifest.name}@${manifest.version} is ${declared} bytes: too large for an agent package`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_TARBALL_BYTES) throw new CliError(`${manifest.name}@${manifest.version} is too large for an agent package`);
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  const expected = manifest.dist.integrity;
  if (expected?.startsWith('sha512-') ? expected !== integrity : manifest.dist.shasum !== createHash('sha1').update(bytes).digest('hex')) {
    throw new CliError(`${manifest.name}@${manifest.version}: the tarball does not match the registry's integrity; not installed`);
  }
  return { bytes, integrity };
}

/** Reads one file out of a package tarball in memory (`package/<path>`), without writing anything to disk. */
export async function readFromTarball(bytes: Buffer, path: string, maxBytes = 1024 * 1024 + 1): Promise<Buffer | undefined> {
  const { Parser } = await import('tar');
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
    parser.on('error', (problem: Error) => reject(new CliError(`the package tarball is damaged: ${problem.message}`)));
    parser.on('end', () => resolve(found));
    parser.end(bytes);
  });
}
