import type { Agent } from '@agents/schema';
import { toCodex } from './codex.js';
import { toCopilot } from './copilot.js';
import { toCursor } from './cursor.js';
import type { ClientId, Conversion } from './fidelity.js';

/** Where a client reads agents from, in a project and for the user (under the home folder). */
export interface ClientInfo {
  id: ClientId;
  name: string;
  projectDir: string;
  userDir: string;
  convert(agent: Agent): Conversion;
}

export const CLIENTS: readonly ClientInfo[] = [
  { id: 'copilot', name: 'GitHub Copilot', projectDir: '.github/agents', userDir: '.copilot/agents', convert: toCopilot },
  { id: 'cursor', name: 'Cursor', projectDir: '.cursor/agents', userDir: '.cursor/agents', convert: toCursor },
  { id: 'codex', name: 'OpenAI Codex', projectDir: '.codex/agents', userDir: '.codex/agents', convert: toCodex },
];

/** The agent for every client: a file, or why there is none; each with what became of every field. */
export const convertForClients = (agent: Agent): Conversion[] => CLIENTS.map((client) => client.convert(agent));
