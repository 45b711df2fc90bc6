import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_SCOPE } from '@agents/schema';
import { LocalRegistryError } from './errors.js';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  /** Where the registry keeps its packages. */
  storage: string;
  /** Stops the registry and removes its storage unless it was given. */
  stop(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** A folder to keep packages in (reused across restarts); a temporary one by default. */
  storage?: string;
  /** A port to listen on; a free one by default. */
  port?: number;
  /**
   * Serve `@agents/*` to logged-in users only (see createRegistryUser), to exercise npm credentials; or, with
   * `'publish'`, serve it to anyone and take publishes from logged-in users only, as npm's registry does.
   */
  requireLogin?: boolean | 'publish';
  /** The scopes published and read as `@agents` is (a company's own scope beside it); `@agents` alone by default. */
  scopes?: readonly string[];
}

const require = createRequire(import.meta.url);

/**
 * Verdaccio on 127.0.0.1: no uplinks (it never reaches out), `@agents/*`
 * published and read without a login, nothing else publishable.
 */
function config(storage: string, requireLogin: boolean | 'publish', scopes: readonly string[]): string {
  const who = requireLogin ? '$authenticated' : '$all';
  const reader = requireLogin === true ? '$authenticated' : '$all';
  return `storage: ${JSON.stringify(join(storage, 'packages'))}
auth:
  htpasswd: { file: ${JSON.stringify(join(storage, 'htpasswd'))}, max_users: ${requireLogin ? 100 : -1} }
uplinks: {}
packages:
${scopes.map((scope) => `  '${scope}/*': { access: ${reader}, publish: ${who}, unpublish: ${who} }\n`).join('')}  '**': { access: $all, publish: $authenticated }
web: { enable: false }
publish: { allow_offline: true }
max_body_size: 20mb
log: { type: stdout, format: pretty, level: warn }
`;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new LocalRegistryError('no-port', 'no free port on 127.0.0.1')),
      );
    });
  });
}

const running = new Set<ChildProcess>();
// A registry must not outlive the process that started it, however that process ends.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts Verdaccio and resolves once it answers. */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const ownStorage = options.storage === undefined;
  const storage = options.storage ?? (await mkdtemp(join(tmpdir(), 'agents-registry-')));
  const port = options.port ?? (await freePort());
  const configPath = join(storage, 'config.yaml');
  await writeFile(configPath, config(storage, options.requireLogin ?? false, options.scopes ?? [DEFAULT_SCOPE]));

  // Verdaccio's exports no longer list its bin: resolve it beside its package.json.
  const bin = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const child = spawn(process.execPath, [bin, '--config', configPath, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  running.add(child);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));

  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (ownStorage) await rm(storage, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, () => child.exitCode !== null, 30_000);
  } catch (problem) {
    await stop();
    throw new LocalRegistryError('not-started', `the local registry did not start: ${(problem as Error).message}\n${log.trim()}`, { cause: problem });
  }
  return { url, port, storage, stop };
}

async function waitUntilUp(url: string, hasExited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new LocalRegistryError('not-started', 'Verdaccio exited');
    try {
      const response = await fetch(new URL('-/ping', url));
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new LocalRegistryError('not-started', `no answer from ${url} within ${timeoutMs / 1000} s`);
}

/** Creates a user on a local registry and returns its token (Verdaccio's htpasswd sign-up, as npm adduser does it). */
export async function createRegistryUser(registryUrl: string, name: string, password: string): Promise<string> {
  const response = await fetch(new URL(`-/user/org.couchdb.user:${encodeURIComponent(name)}`, registryUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || body.token === undefined)
    throw new LocalRegistryError('user', `cannot create ${name} on ${registryUrl}: ${body.error ?? response.status}`);
  return body.token;
}
