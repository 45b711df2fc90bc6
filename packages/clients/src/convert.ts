import { type Agent, CLIENTS, type ClientId } from '@agents/schema';
import { toAntigravity } from './antigravity.js';
import { toCodex } from './codex.js';
import { toCopilot } from './copilot.js';
import { toCursor } from './cursor.js';
import { toFactory } from './factory.js';
import type { Conversion } from './fidelity.js';
import { toGemini } from './gemini.js';
import { toOpenCode } from './opencode.js';

const CONVERTERS: Record<ClientId, (agent: Agent) => Conversion> = {
  copilot: toCopilot,
  opencode: toOpenCode,
  cursor: toCursor,
  codex: toCodex,
  gemini: toGemini,
  antigravity: toAntigravity,
  factory: toFactory,
};

/** The agent for every client (schema's CLIENTS, in order): a file, or why there is none; each with what became of every field. */
export const convertForClients = (agent: Agent): Conversion[] => CLIENTS.map((client) => CONVERTERS[client.id](agent));

/** The agent for one client. */
export const convertForClient = (agent: Agent, client: ClientId): Conversion => CONVERTERS[client](agent);
