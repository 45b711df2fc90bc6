import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface RegistryProxy {
  url: string;
  /** Publishes (PUTs) that reached the registry and got an answer. */
  publishes(): number;
  /** Every request forwarded, as `METHOD /path` (decoded): what a release asked the registry. */
  requests(): string[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** After this many publishes, the registry goes away: further publishes are cut off, and `onLimit` runs. */
  publishLimit?: number;
  onLimit?: () => Promise<void>;
  /** Sees, and may change, each publish's document before Verdaccio gets it (which takes one attachment only, the tarball). */
  publishDocument?: (document: { _attachments: Record<string, { data: string; content_type: string }> }) => void;
}

/**
 * An HTTP proxy on 127.0.0.1:`port` in front of a registry, that can take the
 * registry away after a number of publishes: the way to interrupt a release
 * at a known point, with real clients on both sides.
 */
export async function startRegistryProxy(target: string, port: number, options: ProxyOptions = {}): Promise<RegistryProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let forwardedPublishes = 0;
  let completed = 0;
  let gone = false;
  const seen: string[] = [];

  const server: Server = createServer((incoming, outgoing) => {
    const isPublish = incoming.method === 'PUT';
    // Publishes run concurrently: the limit counts those let through, not those answered.
    if (gone || (isPublish && options.publishLimit !== undefined && forwardedPublishes >= options.publishLimit)) {
      incoming.socket.destroy();
      return;
    }
    if (isPublish) forwardedPublishes++;
    seen.push(`${incoming.method} ${decodeURIComponent(incoming.url ?? '/')}`);
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => {
          if (!isPublish) return;
          completed++;
          if (completed === options.publishLimit) {
            gone = true;
            void options.onLimit?.().then(() => shutdown());
          }
        });
      },
    );
    forwarded.on('error', () => incoming.socket.destroy());
    if (!(isPublish && options.publishDocument)) {
      incoming.pipe(forwarded);
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const document = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      options.publishDocument!(document);
      const body = JSON.stringify(document);
      forwarded.setHeader('content-length', Buffer.byteLength(body));
      forwarded.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const shutdown = () =>
    new Promise<void>((resolve) => {
      gone = true;
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    publishes: () => completed,
    requests: () => [...seen],
    close: () => (server.listening ? shutdown() : Promise.resolve()),
  };
}
