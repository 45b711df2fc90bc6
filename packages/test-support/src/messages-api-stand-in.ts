import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Put in an agent's body: the stand-in knows a subagent's requests by it. */
export const probeMarker = (name: string): string => `PROBE-MARKER:${name}:END`;
const MARKER = /PROBE-MARKER:([^:"\\]+):END/;

export interface MessagesApiStandIn {
  /** For ANTHROPIC_BASE_URL. */
  url: string;
  /**
   * The main session's first answer spawns each of these subagents (the Agent tool, one call each). With
   * `call`, each subagent's first answer calls that tool, with that input, before it ends.
   */
  spawn(names: readonly string[], call?: (name: string) => ToolCall): void;
  /** The tools each subagent was offered, by the name in its marker. */
  offered: Map<string, string[]>;
  /** The system prompt and messages of each subagent's first request, as JSON text, by the name in its marker (what it was given to read, preloaded skills included). */
  context: Map<string, string>;
  /** The tools the main session was offered. */
  mainTools(): string[];
  /** The messages of the main session's first request, as JSON text (Claude Code lists the agent types there). */
  mainMessages(): string;
  /** The system prompt and the tools (with their descriptions) of the main session's first request, as JSON text: what it was told it can use, skills included. */
  mainContext(): string;
  close(): Promise<void>;
}

export interface ToolCall {
  tool: string;
  input: unknown;
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

/** A streamed Messages API answer, as server-sent events. */
function stream(response: ServerResponse, content: Block[], stopReason: 'end_turn' | 'tool_use'): void {
  const events: [string, unknown][] = [
    [
      'message_start',
      {
        type: 'message_start',
        message: {
          id: 'msg_stand_in',
          type: 'message',
          role: 'assistant',
          model: 'stand-in',
          content: [],
          stop_reason: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
    ],
  ];
  content.forEach((block, index) => {
    const start = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
    const delta = block.type === 'text' ? { type: 'text_delta', text: block.text } : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) };
    events.push(['content_block_start', { type: 'content_block_start', index, content_block: start }]);
    events.push(['content_block_delta', { type: 'content_block_delta', index, delta }]);
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [event, data] of events) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  response.end();
}

/** The tool each client spawns a subagent with, and its input for one (Claude Code's Agent, formerly Task; Copilot's task). */
const claudeCodeSpawn = (name: string) => ({ subagent_type: name, description: `probe ${name}`, prompt: 'Say done.' });
const SPAWNERS: Readonly<Record<string, (name: string) => unknown>> = {
  Agent: claudeCodeSpawn,
  Task: claudeCodeSpawn,
  task: (name) => ({ agent_type: name, name, description: `probe ${name}`, prompt: 'Say done.', mode: 'sync' }),
};

/**
 * A local stand-in for Anthropic's Messages API, for Claude Code (or Copilot, through its Anthropic provider)
 * run offline: its main session answers its first turn by spawning the subagents it is told to, every later
 * turn with text; a subagent answers with text. It records the tools each request offers: what a subagent
 * can really use, as the client resolved its definition. Listens on 127.0.0.1 only.
 */
export async function startMessagesApiStandIn(): Promise<MessagesApiStandIn> {
  const offered = new Map<string, string[]>();
  const context = new Map<string, string>();
  let toSpawn: readonly string[] = [];
  let subagentCall: ((name: string) => ToolCall) | undefined;
  let mainTools: string[] = [];
  let mainMessages = '';
  let mainContext = '';
  const answer = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const json = (body === '' ? {} : JSON.parse(body)) as {
      system?: unknown;
      tools?: { name: string; description?: string }[];
      messages?: unknown[];
      stream?: boolean;
    };
    if (!request.url?.startsWith('/v1/messages') || request.url.includes('count_tokens')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ input_tokens: 1 }));
      return;
    }
    const tools = (json.tools ?? []).map((tool) => tool.name);
    const messages = JSON.stringify(json.messages ?? []);
    const subagent = MARKER.exec(JSON.stringify(json.system ?? ''));
    if (subagent !== null) {
      const name = subagent[1]!;
      if (!messages.includes('"tool_result"')) {
        offered.set(name, tools);
        context.set(name, `${JSON.stringify(json.system ?? '')}\n${messages}`);
      }
      if (subagentCall !== undefined && !messages.includes('"tool_result"')) {
        const { tool, input } = subagentCall(name);
        stream(response, [{ type: 'tool_use', id: `toolu_call_${name}`, name: tool, input }], 'tool_use');
        return;
      }
      stream(response, [{ type: 'text', text: 'done' }], 'end_turn');
      return;
    }
    const spawner = tools.find((tool) => SPAWNERS[tool] !== undefined);
    // The main session's first turn (no tool result yet) spawns them, once.
    const firstMainTurn = spawner !== undefined && !messages.includes('"tool_result"');
    if (firstMainTurn) {
      mainTools = tools;
      mainMessages = messages;
      mainContext = JSON.stringify({ system: json.system ?? null, tools: json.tools ?? [] });
    }
    if (firstMainTurn && toSpawn.length > 0) {
      const calls = toSpawn.map(
        (name, index): Block => ({
          type: 'tool_use',
          id: `toolu_probe_${index}`,
          name: spawner!,
          input: SPAWNERS[spawner!]!(name),
        }),
      );
      toSpawn = [];
      stream(response, calls, 'tool_use');
      return;
    }
    stream(response, [{ type: 'text', text: 'ok' }], 'end_turn');
  };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      try {
        answer(request, response, body);
      } catch (problem) {
        response.writeHead(500).end(String(problem));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spawn: (names, call) => {
      toSpawn = names;
      subagentCall = call;
    },
    offered,
    context,
    mainTools: () => mainTools,
    mainMessages: () => mainMessages,
    mainContext: () => mainContext,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
