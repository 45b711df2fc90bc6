import { once } from 'node:events';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { ReleaseError } from './errors.js';

/** npm's fixed timestamp for tarball entries, so packing is reproducible. */
const NPM_MTIME_SECONDS = Date.parse('1985-10-26T08:15:00.000Z') / 1000;
const BLOCK = 512;

/** A file of a tarball: its path inside it, its content and its permission bits. */
export interface TarEntry {
  path: string;
  content: Buffer;
  mode: number;
}

/**
 * A gzipped tar archive (POSIX ustar, with a PAX header for a path ustar cannot hold) of these files, as
 * npm's packer writes one: regular files only, under `package/`, with npm's fixed time and no owner.
 * Written in memory: a release packs thousands of packages, and staging their files on disk for a tar
 * program to read back cost more than publishing them. The entries are taken one at a time and compressed
 * as they come (on the thread pool): a category package of 5,000 agents holds tens of megabytes of files.
 */
export async function gzippedTarball(entries: Iterable<TarEntry>): Promise<Buffer> {
  const gzip = createGzip();
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(gzip, 'end');
  const write = async (block: Buffer) => {
    if (!gzip.write(block)) await once(gzip, 'drain');
  };
  for (const entry of entries) {
    const path = `package/${entry.path}`;
    const split = ustarPath(path);
    if (split === undefined) {
      const record = paxRecord('path', path);
      await write(header({ name: 'PaxHeader', size: record.length, mode: 0o644, type: 'x' }));
      await write(padded(record));
    }
    await write(header({ ...(split ?? { name: path.slice(-100) }), size: entry.content.length, mode: entry.mode, type: '0' }));
    await write(padded(entry.content));
  }
  gzip.end(Buffer.alloc(2 * BLOCK));
  await ended;
  return Buffer.concat(chunks);
}

/** A file of a package folder as it is packed: read without following a link or waiting on a pipe, and only if it is a regular file. */
export function readPackedFile(dir: string, path: string): TarEntry {
  const fd = openSync(join(dir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new ReleaseError('irregular-file', `${join(dir, path)} is not a regular file: a package holds regular files only`);
    const content = Buffer.alloc(info.size);
    let offset = 0;
    for (let read = -1; offset < content.length && read !== 0; offset += read) read = readSync(fd, content, offset, content.length - offset, offset);
    // As npm's tar writes it in portable mode: always readable and writable by its owner, never writable by others.
    // A file that shrank while it was read is packed as read, never with the rest of the buffer.
    return { path, content: content.subarray(0, offset), mode: ((info.mode & 0o7777) | 0o600) & ~0o22 };
  } finally {
    closeSync(fd);
  }
}

/** ustar's name and prefix fields for a path, or undefined when they cannot hold it. */
function ustarPath(path: string): { name: string; prefix?: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { name: path };
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  return undefined;
}

/** A PAX extended header record: `<length> <key>=<value>\n`, its length counting itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

function header({ name, prefix = '', size, mode, type }: { name: string; prefix?: string; size: number; mode: number; type: '0' | 'x' }): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, mode);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, NPM_MTIME_SECONDS);
  block.write(type, 156, 1, 'latin1');
  block.write('ustar\u000000', 257, 8, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  // The checksum is the sum of the header's bytes, its own field counted as spaces.
  block.fill(' ', 148, 156, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
  return block;
}

/** A number in octal, zero-padded, ending in NUL, in a field of `width` bytes. */
function octal(block: Buffer, offset: number, width: number, value: number): void {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'latin1');
}

/** Content padded with zeros to a whole number of blocks. */
function padded(content: Buffer): Buffer {
  const rest = content.length % BLOCK;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(BLOCK - rest)]);
}
