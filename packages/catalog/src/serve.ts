import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { createGzip } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.json', '.svg', '.txt']);

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** The file a request path names inside `root`, or undefined when it would leave it. */
function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined;
}

async function respond(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const notFound = () => {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  let path = resolveInside(root, pathname);
  if (path === undefined) return notFound();
  let info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) {
    // As GitHub Pages does: a folder without its slash redirects, so the page's relative links resolve.
    if (!pathname.endsWith('/')) {
      response.writeHead(301, { location: `${pathname}/` }).end();
      return;
    }
    path = join(path, 'index.html');
    info = await stat(path).catch(() => undefined);
  }
  if (info === undefined && extname(path) === '') {
    // As GitHub Pages does: a page is served at its address without `.html` too.
    path = `${path}.html`;
    info = await stat(path).catch(() => undefined);
  }
  if (!info?.isFile()) return notFound();
  const extension = extname(path);
  const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  response.writeHead(200, {
    'content-type': TYPES[extension] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : { 'content-length': info.size }),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const file = createReadStream(path);
  (gzip ? file.pipe(createGzip()) : file).pipe(response);
}

/** Serves the built site on 127.0.0.1 only, compressed as a static host would; port 0 picks a free one. */
export function serveSite(root: string, port: number): Promise<RunningServer> {
  const server = createServer((request, response) => {
    respond(root, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
