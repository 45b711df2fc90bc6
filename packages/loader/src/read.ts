import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type Diagnostic, error, LineIndex } from './diagnostic.js';

/** The largest definition we read: real agents stay under 64 KB. */
export const MAX_FILE_BYTES: number = 1024 * 1024;

/**
 * Reads a definition as UTF-8 text, reading at most MAX_FILE_BYTES + 1 bytes
 * whatever the file's size (a file that grows while read is cut there).
 * Never throws: a file that cannot be read, is too large, binary or not UTF-8
 * becomes a diagnostic. The reads are synchronous: for files this small the
 * promise-based file handles cost several times the reading itself.
 */
export async function readAgentText(path: string, { noFollow = false }: { noFollow?: boolean } = {}): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  return readAgentTextSync(path, noFollow);
}

function readAgentTextSync(path: string, noFollow: boolean): { text: string } | { diagnostic: Diagnostic } {
  let bytes: Uint8Array;
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, forever. Not following a link:
    // a registry's files are read before the walk that refuses links has answered, and nothing is read through one.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (noFollow ? constants.O_NOFOLLOW : 0));
    const info = fstatSync(fd);
    if (!info.isFile()) return { diagnostic: error('unreadable-file', `${path} is ${kindOf(info)}, not an agent file`) };
    // Sized from the file, one byte more to notice growth, and never more than the limit allows.
    const buffer = Buffer.allocUnsafe(Math.min(info.size, MAX_FILE_BYTES) + 1);
    let bytesRead = 0;
    for (let read = -1; read !== 0 && bytesRead < buffer.length; bytesRead += read) {
      read = readSync(fd, buffer, bytesRead, buffer.length - bytesRead, bytesRead);
    }
    bytes = buffer.subarray(0, bytesRead);
  } catch (problem) {
    const code = (problem as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : code === 'ELOOP'
              ? 'it is a symbolic link'
              : String((problem as Error).message);
    return { diagnostic: error('unreadable-file', `cannot read ${path}: ${reason}`) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return decodeAgentBytes(bytes);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
}

/** Checks size, NUL bytes and UTF-8 validity, and locates the first bad byte. */
export function decodeAgentBytes(bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  if (bytes.length > MAX_FILE_BYTES) {
    return { diagnostic: error('file-too-large', `the file is larger than ${MAX_FILE_BYTES / 1024} KiB; agent definitions are text of a few KB`) };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { diagnostic: error('binary-file', 'the file contains a NUL byte: it is binary, not a text agent definition', locateByte(bytes, nul)) };
  }
  // isUtf8 (simdutf) then toString is several times faster than a fatal TextDecoder; both refuse the same bytes.
  // A BOM stays in the text: the frontmatter check reports it.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  const bad = firstInvalidUtf8(bytes);
  return {
    diagnostic: error(
      'invalid-utf8',
      `the file is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} at offset ${bad}); save it as UTF-8`,
      locateByte(bytes, bad),
    ),
  };
}

function locateByte(bytes: Uint8Array, offset: number) {
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, offset));
  return new LineIndex(before).position(before.length);
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index]!;
    const continuations = lead < 0x80 ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : -1;
    if (continuations < 0) return index;
    // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let next = 1; next <= continuations; next++) {
      const byte = bytes[index + next];
      if (byte === undefined || byte < (next === 1 ? low : 0x80) || byte > (next === 1 ? high : 0xbf)) return index;
    }
    index += continuations + 1;
  }
  return bytes.length;
}
