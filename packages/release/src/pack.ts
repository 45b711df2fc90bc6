/// <reference path="./npm-packlist.d.ts" />
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { irregularFiles } from '@agents/loader';
import packlist from 'npm-packlist';
import { create } from 'tar';
import { ReleaseError } from './errors.js';

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  main?: string;
  bin?: string | Record<string, string>;
  [field: string]: unknown;
}

/** npm's fixed timestamp for tarball entries, so packing is reproducible. */
const NPM_MTIME = new Date('1985-10-26T08:15:00.000Z');
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * What `npm pack` puts in the tarball, computed by npm's own library (npm-packlist, which npm pack
 * uses), so the release packs exactly what npm would. A symbolic link or special file in the folder is
 * refused first: npm would leave it out silently, and a packer that follows it publishes what it points at.
 */
export async function packList(dir: string, manifest: Manifest): Promise<string[]> {
  const irregular = irregularFiles(dir);
  if (irregular.length > 0) {
    const listed = irregular.map(({ path, kind }) => `${relative(dir, path)}:1:1 is ${kind}`).join('; ');
    throw new ReleaseError('irregular-file', `${manifest.name}: ${listed}: a package holds regular files only; nothing of it was published`);
  }
  const files = await packlist({ path: dir, package: manifest, isProjectRoot: false, edgesOut: new Map() });
  return files.sort();
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
