import { type Agent, CLIENTS, type ClientId } from '@agents/schema';
import { toCodex } from './codex.js';
import { toCopilot } from './copilot.js';
import { toCursor } from './cursor.js';
import type { Conversion } from './fidelity.js';

const CONVERTERS: Record<ClientId, (agent: Agent) => Conversion> = { copilot: toCopilot, cursor: toCursor, codex: toCodex };

/** The agent for every client (schema's CLIENTS, in order): a file, or why there is none; each with what became of every field. */
export const convertForClients = (agent: Agent): Conversion[] => CLIENTS.map((client) => CONVERTERS[client.id](agent));
