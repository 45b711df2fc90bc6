import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ResponsesApiStandIn {
  /** For a Codex model provider's `base_url`. */
  url: string;
  /** The model-visible instructions of each request a spawned role made (its text carries `marker`). */
  childInputs: string[];
  close(): Promise<void>;
}

interface Item {
  type: string;
  output?: string;
}

/**
 * A local stand-in for OpenAI's Responses API, for Codex run offline. Its main session spawns the role
 * `role` (Codex's `spawn_agent`), waits for it, and ends; the role, known by `marker` in its instructions,
 * runs `command` (Codex's `exec_command`) and ends. What the command could do is then on disk: whether
 * Codex applied the role's own sandbox. Listens on 127.0.0.1 only.
 */
export async function startResponsesApiStandIn(role: string, marker: string, command: string): Promise<ResponsesApiStandIn> {
  const childInputs: string[] = [];
  let sequence = 0;
  const call = (name: string, args: unknown, namespace?: string) => ({
    type: 'function_call',
    id: `fc_${sequence}`,
    call_id: `call_${sequence}`,
    name,
    ...(namespace && { namespace }),
    arguments: JSON.stringify(args),
  });
  const message = (text: string) => ({ type: 'message', role: 'assistant', id: `msg_${sequence}`, content: [{ type: 'output_text', text }] });
  const next = (body: { input?: Item[]; tools?: { name?: string }[] }) => {
    const input = JSON.stringify(body.input ?? '');
    const outputs = (body.input ?? []).filter((item) => item.type === 'function_call_output');
    if (input.includes(marker)) {
      childInputs.push(input);
      return outputs.length === 0 ? call('exec_command', { cmd: command }) : message('done');
    }
    // Codex offers spawn_agent and wait_agent in its multi_agent_v1 namespace.
    if (outputs.length === 0) return call('spawn_agent', { agent_type: role, message: 'Run your task.' }, 'multi_agent_v1');
    if (outputs.length === 1) {
      const agent = (JSON.parse(outputs[0]!.output ?? '{}') as { agent_id?: string }).agent_id;
      return call('wait_agent', { targets: [agent], timeout_ms: 120_000 }, 'multi_agent_v1');
    }
    return message('done');
  };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      if (!request.url?.endsWith('/responses')) {
        response.writeHead(404).end('{}');
        return;
      }
      const id = `resp_${++sequence}`;
      const item = next(JSON.parse(text || '{}'));
      const events = [
        { type: 'response.created', response: { id } },
        { type: 'response.output_item.done', item },
        { type: 'response.completed', response: { id, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } } },
      ];
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of events) response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    childInputs,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
