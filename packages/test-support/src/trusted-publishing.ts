import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
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
  close(): Promise<void>;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A local stand-in for the two services of npm's trusted publishing, on 127.0.0.1: GitHub Actions'
 * OIDC provider (`ACTIONS_ID_TOKEN_REQUEST_URL`: a signed ID token for an audience, to a job that shows
 * its request token) and npm's exchange (`POST /-/npm/v1/oidc/token/exchange/package/<name>`: checks
 * the ID token's signature, expiry and audience, and that the package has a trusted publisher, then
 * answers with a token that Verdaccio accepts, made by `issueToken` for that one exchange: a user of its own).
 * Everything else is passed to Verdaccio, which serves @agents/* to logged-in users only.
 */
export async function startTrustedPublishingStandIn(verdaccio: string, issueToken: (user: string) => Promise<string>): Promise<TrustedPublishingStandIn> {
  const secret = randomBytes(32);
  const requestToken = randomBytes(16).toString('hex');
  const upstream = new URL(verdaccio);
  const trusted = new Set<string>();
  const failNext = new Set<string>();
  const exchanged: string[] = [];
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
        (token) => json(outgoing, 201, { token }),
        (problem: Error) => json(outgoing, 500, { message: problem.message }),
      );
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
