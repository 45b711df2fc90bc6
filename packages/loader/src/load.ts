import { type ParseResult, parseAgent } from './parse.js';
import { cachedParse, fromCachedParse, type ParseCache, toCachedParse } from './parse-cache.js';
import { readAgentText } from './read.js';

export interface LoadedAgent extends ParseResult {
  path: string;
  /** The file's text, when it could be read as text. */
  text: string | undefined;
}

/**
 * Reads and parses an agent file, reusing the cache's parse of the same text when given one; with `noFollow`,
 * a symbolic link is not read through. Never throws.
 */
export async function loadAgentFile(path: string, cache?: ParseCache, { noFollow = false }: { noFollow?: boolean } = {}): Promise<LoadedAgent> {
  const read = await readAgentText(path, { noFollow });
  if ('diagnostic' in read) {
    return { path, text: undefined, agent: undefined, diagnostics: [read.diagnostic], locate: () => ({ line: 1, column: 1 }) };
  }
  return { path, text: read.text, ...cachedParse(read.text, cache, parseAgent, { to: toCachedParse, from: fromCachedParse }) };
}
