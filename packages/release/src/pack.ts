import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { create } from 'tar';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  main?: string;
  bin?: string | Record<string, string>;
  [field: string]: unknown;
}

/** Names npm never packs, wherever they are. */
const NEVER = new Set(['.git', 'node_modules', '.npmrc', '.DS_Store', 'npm-debug.log', '.turbo', 'package-lock.json', 'pnpm-lock.yaml']);
/** npm packs these from the package root whatever `files` says. */
const ALWAYS = /^(readme|license|licence)(\..*)?$/i;
/** npm's fixed timestamp for tarball entries, so packing is reproducible. */
const NPM_MTIME = new Date('1985-10-26T08:15:00.000Z');
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.filter((entry) => !NEVER.has(entry.name)).map((entry) => (entry.isDirectory() ? filesUnder(root, join(dir, entry.name)) : [relative(root, join(dir, entry.name))])),
  );
  return nested.flat();
}

/**
 * What `npm pack` puts in the tarball, for the packages of this workspace:
 * package.json, README and LICENSE, `main`, `bin`, and the paths `files`
 * lists (plain paths; globs are refused rather than guessed).
 */
export async function packList(dir: string, manifest: Manifest): Promise<string[]> {
  const listed = new Set<string>(['package.json']);
  for (const entry of await readdir(dir)) if (ALWAYS.test(entry)) listed.add(entry);
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const path of [...(manifest.files ?? []), ...bins, ...(manifest.main ? [manifest.main] : [])]) {
    if (/[*?[\]{}!]/.test(path)) throw new Error(`${manifest.name}: "files" entry "${path}" is a glob; list plain paths`);
    const full = join(dir, path);
    const info = await stat(full).catch(() => undefined);
    if (info?.isDirectory()) for (const file of await filesUnder(dir, full)) listed.add(file);
    else if (info?.isFile()) listed.add(relative(dir, full));
  }
  return [...listed].sort();
}

/** pnpm's rewrite of workspace ranges at publish: workspace:^ → ^1.2.3, workspace:~ → ~1.2.3, workspace:* → 1.2.3. */
export function publishedManifest(manifest: Manifest, workspaceVersions: ReadonlyMap<string, string>): Manifest {
  const copy: Manifest = structuredClone(manifest);
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = copy[field] as Record<string, string> | undefined;
    for (const [name, range] of Object.entries(dependencies ?? {})) {
      if (!range.startsWith('workspace:')) continue;
      const version = workspaceVersions.get(name);
      if (version === undefined) throw new Error(`${manifest.name}: ${name} is "${range}" but not a package of this workspace`);
      const wanted = range.slice('workspace:'.length);
      dependencies![name] = wanted === '*' ? version : wanted === '^' || wanted === '~' ? `${wanted}${version}` : wanted;
    }
  }
  return copy;
}

/** A gzipped npm tarball (`package/…`) of the pack list, with the published manifest as package.json. */
export async function packTarball(dir: string, manifest: Manifest, files: string[]): Promise<Buffer> {
  const staging = await mkdtemp(join(tmpdir(), 'agents-pack-'));
  try {
    for (const file of files.filter((path) => path !== 'package.json')) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await copyFile(join(dir, file), join(staging, file));
    }
    await writeFile(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const chunks: Buffer[] = [];
    const stream = create({ cwd: staging, gzip: true, portable: true, prefix: 'package', mtime: NPM_MTIME }, files);
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
