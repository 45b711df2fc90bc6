import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test controls of the stand-in, and what it saw. */
export interface TrustedPublishingStandIn {
  /** The registry's URL as npm's configuration names it: the stand-in, in front of Verdaccio. */
  url: string;
  /** The environment of a GitHub Actions job with `id-token: write`, pointing at the stand-in. */
  jobEnv: NodeJS.ProcessEnv;
  /** Packages with a trusted publisher (what `npm trust` configures on npm's registry). */
  trusted: Set<string>;
  /** Packages whose next exchange fails (a registry that stumbles on one package). */
  failNext: Set<string>;
  /** The next ID token is issued expired. */
  expireNextIdToken(): void;
  idTokensIssued(): number;
  exchanges(): string[];
  /** Versions staged (`npm stage publish`), waiting for approval. */
  staged(): { id: string; packageName: string; version: string }[];
  /** What `npm stage approve <id>` does with a maintainer's 2FA: the staged version goes live. */
  approve(id: string): Promise<void>;
  close(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

const readBody = async (incoming: IncomingMessage) => {
  let body = '';
  for await (const chunk of incoming) body += chunk;
  return body;
};

/**
 * A local stand-in for the two services of npm's trusted publishing, on 127.0.0.1: GitHub Actions'
 * OIDC provider (`ACTIONS_ID_TOKEN_REQUEST_URL`: a signed ID token for an audience, to a job that shows
 * its request token) and npm's exchange (`POST /-/npm/v1/oidc/token/exchange/package/<name>`: checks
 * the ID token's signature, expiry and audience, and that the package has a trusted publisher, then
 * answers with a token that Verdaccio accepts, made by `issueToken` for that one exchange: a user of its own).
 * Staged publishing as npm's registry has it (`POST /-/stage/package/<name>` with a token for that
 * package, `GET /-/stage?package=<name>`; `approve` publishes a staged version to Verdaccio).
 * Everything else is passed to Verdaccio, which serves @agents/* to logged-in users only.
 */
export async function startTrustedPublishingStandIn(verdaccio: string, issueToken: (user: string) => Promise<string>): Promise<TrustedPublishingStandIn> {
  const secret = randomBytes(32);
  const requestToken = randomBytes(16).toString('hex');
  const upstream = new URL(verdaccio);
  const trusted = new Set<string>();
  const failNext = new Set<string>();
  const exchanged: string[] = [];
  /** The package each exchanged token publishes. */
  const tokenPackage = new Map<string, string>();
  const staged = new Map<string, { packageName: string; version: string; body: string; token: string }>();
  let idTokens = 0;
  let expireNext = false;
  let url = '';

  const sign = (claims: Record<string, unknown>) => {
    const body = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    return `${body}.${base64url(createHmac('sha256', secret).update(body).digest())}`;
  };
  /** The claims of an ID token this stand-in signed, or why it is refused. */
  const verify = (token: string): { claims: Record<string, unknown> } | { refused: string } => {
    const [header, payload, signature] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return { refused: 'not a JWT' };
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { refused: 'bad signature' };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return { refused: 'the ID token has expired' };
    if (claims.aud !== `npm:${new URL(url).host}`) return { refused: `wrong audience ${String(claims.aud)}` };
    return { claims };
  };
  const json = (response: import('node:http').ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server: Server = createServer((incoming, outgoing) => {
    const path = new URL(incoming.url ?? '/', 'http://stand-in');
    if (path.pathname === '/_github/id-token') {
      if (incoming.headers.authorization !== `Bearer ${requestToken}`) return json(outgoing, 401, { message: 'bad request token' });
      idTokens++;
      const exp = Math.floor(Date.now() / 1000) + (expireNext ? -60 : 300);
      expireNext = false;
      return json(outgoing, 200, { value: sign({ iss: 'stand-in', aud: path.searchParams.get('audience'), repository: 'acme/agents', exp }) });
    }
    const exchange = /^\/-\/npm\/v1\/oidc\/token\/exchange\/package\/(.+)$/.exec(path.pathname);
    if (exchange && incoming.method === 'POST') {
      const name = decodeURIComponent(exchange[1]!);
      const verified = verify((incoming.headers.authorization ?? '').replace(/^Bearer /, ''));
      if ('refused' in verified) return json(outgoing, 401, { message: verified.refused });
      if (!trusted.has(name)) return json(outgoing, 404, { message: `no trusted publisher is configured for ${name}` });
      if (failNext.delete(name)) return json(outgoing, 500, { message: 'internal error' });
      exchanged.push(name);
      issueToken(`oidc-${exchanged.length}-${randomBytes(4).toString('hex')}`).then(
        (token) => {
          tokenPackage.set(token, name);
          json(outgoing, 201, { token });
        },
        (problem: Error) => json(outgoing, 500, { message: problem.message }),
      );
      return;
    }
    const stage = /^\/-\/stage\/package\/(.+)$/.exec(path.pathname);
    if ((stage && incoming.method === 'POST') || (path.pathname === '/-/stage' && incoming.method === 'GET')) {
      const name = stage ? decodeURIComponent(stage[1]!) : (path.searchParams.get('package') ?? '');
      const token = (incoming.headers.authorization ?? '').replace(/^Bearer /, '');
      if (tokenPackage.get(token) !== name) return json(outgoing, 403, { message: `this token does not publish ${name}` });
      if (!stage) {
        const items = [...staged].filter(([, item]) => item.packageName === name).map(([id, { packageName, version }]) => ({ id, packageName, version }));
        return json(outgoing, 200, { items, total: items.length });
      }
      readBody(incoming).then((body) => {
        const version = Object.keys((JSON.parse(body) as { versions: Record<string, unknown> }).versions)[0]!;
        const id = randomUUID();
        staged.set(id, { packageName: name, version, body, token });
        json(outgoing, 201, { stageId: id });
      });
      return;
    }
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => incoming.socket.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    jobEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: `${url}_github/id-token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
    trusted,
    failNext,
    expireNextIdToken: () => {
      expireNext = true;
    },
    idTokensIssued: () => idTokens,
    exchanges: () => [...exchanged],
    staged: () => [...staged].map(([id, { packageName, version }]) => ({ id, packageName, version })),
    approve: async (id) => {
      const item = staged.get(id);
      if (item === undefined) throw new Error(`nothing is staged as ${id}`);
      const response = await fetch(new URL(item.packageName.replace('/', '%2f'), upstream), {
        method: 'PUT',
        headers: { authorization: `Bearer ${item.token}`, 'content-type': 'application/json' },
        body: item.body,
      });
      if (!response.ok) throw new Error(`Verdaccio refused the approved ${item.packageName}@${item.version}: ${response.status} ${await response.text()}`);
      staged.delete(id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
