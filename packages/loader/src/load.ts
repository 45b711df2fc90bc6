import { type ParseResult, parseAgent } from './parse.js';
import { readAgentText } from './read.js';

export interface LoadedAgent extends ParseResult {
  path: string;
  /** The file's text, when it could be read as text. */
  text: string | undefined;
}

/** Reads and parses an agent file. Never throws. */
export async function loadAgentFile(path: string): Promise<LoadedAgent> {
  const read = await readAgentText(path);
  if ('diagnostic' in read) {
    return { path, text: undefined, agent: undefined, diagnostics: [read.diagnostic], locate: () => ({ line: 1, column: 1 }) };
  }
  return { path, text: read.text, ...parseAgent(read.text) };
}
