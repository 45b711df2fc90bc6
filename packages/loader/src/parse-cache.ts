import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent } from '@agents/schema';
import { type Diagnostic, type Position, START } from './diagnostic.js';
import type { ParseResult } from './parse.js';

/**
 * A parse as a cache keeps it: parsing is a pure function of a file's text, so
 * a result can be reused for the same text, by the same parser.
 */
export interface CachedParse {
  agent: Agent | undefined;
  diagnostics: Diagnostic[];
  /** Where the top-level keys the registry's rules point at are. */
  keys: Record<string, Position>;
}

/** Parses remembered by the SHA-256 of a file's text (see `parserFingerprint` for when they may be kept). */
export interface ParseCache {
  get(hash: string): CachedParse | undefined;
  set(hash: string, parse: CachedParse): void;
}

/** The keys registry rules locate their findings at. */
const LOCATED_KEYS = ['name', 'category'];

export const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

export function toCachedParse(parsed: ParseResult): CachedParse {
  return { agent: parsed.agent, diagnostics: parsed.diagnostics, keys: Object.fromEntries(LOCATED_KEYS.map((key) => [key, parsed.locate([key])])) };
}

export function fromCachedParse(cached: CachedParse): ParseResult {
  return { agent: cached.agent, diagnostics: cached.diagnostics, locate: (path) => (path.length === 1 ? cached.keys[String(path[0])] : undefined) ?? START };
}

/** The code of the package a module belongs to: its package.json (with the exact versions of its dependencies) and its module files. */
async function packageCode(moduleFile: string): Promise<string[]> {
  const dir = dirname(moduleFile);
  const files = (await readdir(dir)).filter((file) => /\.[cm]?[jt]s$/.test(file)).sort();
  return Promise.all([join(dir, '..', 'package.json'), ...files.map((file) => join(dir, file))].map((path) => readFile(path, 'utf8').catch(() => '')));
}

/**
 * A hash of the parser itself: this package's and the schema package's code
 * and manifests. A cache made by another parser must be dropped, or a new rule
 * would not see files parsed before it existed.
 */
export const parserFingerprint = (): Promise<string> => codeFingerprint([import.meta.url, import.meta.resolve('@agents/schema')]);

/**
 * A hash of the code of the packages the given modules (file URLs) belong to: what a cache of their results
 * must be dropped with (the parser's, the compiler's).
 */
export async function codeFingerprint(moduleUrls: readonly string[]): Promise<string> {
  try {
    const hash = createHash('sha256');
    for (const url of moduleUrls) for (const part of await packageCode(fileURLToPath(url))) hash.update(part).update('\0');
    return hash.digest('hex');
  } catch {
    // Code that cannot be read cannot be fingerprinted: a value no cache holds, so everything is made anew.
    return `unknown code ${randomUUID()}`;
  }
}
