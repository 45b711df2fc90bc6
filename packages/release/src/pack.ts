/// <reference path="./npm-packlist.d.ts" />
import { relative } from 'node:path';
import { type PackageEntries, packageEntries } from '@agents/loader';
import packlist from 'npm-packlist';
import { ReleaseError } from './errors.js';
import { gzippedTarball, readPackedFile, type TarEntry } from './tarball.js';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  main?: string;
  bin?: string | Record<string, string>;
  [field: string]: unknown;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * What `npm pack` puts in the tarball, so the release packs exactly what npm would: for a package of the
 * registry's plain shape (see plainPackList) from the one walk of its folder, else by npm's own library
 * (npm-packlist, which npm pack uses). A symbolic link or special file in the folder is refused first: npm
 * would leave it out silently, and a packer that follows it publishes what it points at.
 */
export async function packList(dir: string, manifest: Manifest): Promise<string[]> {
  const entries = packageEntries(dir);
  if (entries.irregular.length > 0) {
    const listed = entries.irregular.map(({ path, kind }) => `${relative(dir, path)}:1:1 is ${kind}`).join('; ');
    throw new ReleaseError('irregular-file', `${manifest.name}: ${listed}: a package holds regular files only; nothing of it was published`);
  }
  const files = plainPackList(manifest, entries) ?? (await packlist({ path: dir, package: manifest, isProjectRoot: false, edgesOut: new Map() }));
  return files.sort();
}

/** Top-level files npm packs whatever `files` says (npm-packlist's strict rules; case-insensitive, as it matches). */
const ALWAYS_PACKED = /^(?:package\.json|(?:readme|copying|license|licence)(?:\..*[^~$])?)$/i;
/** A `files` entry that names one top-level file or folder: no glob, no path, nothing hidden or negated. */
const PLAIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Manifest fields that add files npm packs, or rules npm-packlist applies: a package with any is left to npm-packlist. */
const PACKING_FIELDS = ['bin', 'browser', 'bundleDependencies', 'bundledDependencies', 'patchedDependencies', 'directories'];
/**
 * Files and folders that npm's default rules could leave out, wherever they are or at the top (npm-packlist's
 * `defaults` and strict rules, matched without regard to case as it matches them), and nested package.json files.
 */
const NPM_IGNORED =
  /(?:^|\/)(?:\.[^/]*|CVS|npm-debug\.log|[^/]*\.orig)(?:\/|$)|^(?:build\/config\.gypi|archived-packages\/|[^/]*\.lock|yarn\.lock|package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|bun\.lockb)|\/package\.json$/i;

/**
 * The pack list of a package of the registry's plain shape, the same as npm-packlist's (a test holds them
 * together): a `files` list of top-level names, no field that packs more (`bin`, `browser`, bundled
 * dependencies…), `main` within `files`, and no file that any of npm's ignore rules could touch (a hidden
 * file, a nested package.json or node_modules, a lock file, `*.orig`…). Then npm packs the files under
 * those names and package.json, README, LICENSE and COPYING at the top. Anything else is undefined, and
 * left to npm-packlist: at 6,000 packages its rule matching took longer than publishing them.
 */
export function plainPackList(manifest: Manifest, entries: PackageEntries): string[] | undefined {
  const { files } = manifest;
  if (!Array.isArray(files) || !files.every((entry) => typeof entry === 'string' && PLAIN_NAME.test(entry))) return undefined;
  if (PACKING_FIELDS.some((field) => manifest[field] !== undefined)) return undefined;
  if (entries.neverPacked.some((path) => path !== 'node_modules')) return undefined;
  if (entries.files.some((path) => NPM_IGNORED.test(path))) return undefined;
  const listed = new Set(files);
  // npm matches `files` without regard to case: a folder named otherwise than its entry is left to it.
  const lowerCase = new Set(files.map((entry) => entry.toLowerCase()));
  if (entries.top.some((name) => !listed.has(name) && lowerCase.has(name.toLowerCase()))) return undefined;
  // A folder named as a file npm always packs (a LICENSE/ folder) is npm-packlist's to judge.
  if (entries.files.some((path) => path.includes('/') && ALWAYS_PACKED.test(path.split('/', 1)[0]!) && !listed.has(path.split('/', 1)[0]!))) return undefined;
  const packed = entries.files.filter((path) => listed.has(path.split('/', 1)[0]!) || (!path.includes('/') && ALWAYS_PACKED.test(path)));
  if (typeof manifest.main === 'string' && !packed.includes(manifest.main.replace(/^\.\//, ''))) return undefined;
  return packed;
}

/** pnpm's rewrite of workspace ranges at publish: workspace:^ → ^1.2.3, workspace:~ → ~1.2.3, workspace:* → 1.2.3. */
export function publishedManifest(manifest: Manifest, workspaceVersions: ReadonlyMap<string, string>): Manifest {
  const copy: Manifest = structuredClone(manifest);
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = copy[field] as Record<string, string> | undefined;
    for (const [name, range] of Object.entries(dependencies ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const version = workspaceVersions.get(name);
      if (version === undefined) throw new ReleaseError('workspace', `${manifest.name}: ${name} is "${range}" but not a package of this workspace`);
      const wanted = range.slice('workspace:'.length);
      dependencies![name] = wanted === '*' ? version : wanted === '^' || wanted === '~' ? `${wanted}${version}` : wanted;
    }
  }
  return copy;
}

/** A gzipped npm tarball (`package/…`) of the pack list, with the published manifest as package.json. */
export async function packTarball(dir: string, manifest: Manifest, files: string[]): Promise<Buffer> {
  // Each file read when its turn comes, not all of them first.
  function* entries(): Generator<TarEntry> {
    for (const path of files) {
      yield path === 'package.json' ? { path, content: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mode: 0o644 } : readPackedFile(dir, path);
    }
  }
  return gzippedTarball(entries());
}
