import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const SCOPE = '@agents';
const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';

/**
 * The parts of npm's configuration that fetching a package needs: which
 * registry serves a scope, and the credentials for a registry URL. Read the
 * way npm reads it (environment, project .npmrc, user .npmrc, global npmrc),
 * without starting npm, which costs a third of a second.
 */
export interface NpmConfig {
  registryFor(packageName: string): string;
  /** Every setting, the most specific layer winning: npm's flat options, as npm-registry-fetch takes them. */
  settings(): Record<string, string>;
  /** The Authorization header npm would send to this URL, if any: credentials in the URL itself first. */
  authorization(url: string): string | undefined;
}

/** A URL as messages show it: a password or token in it (`https://user:secret@host/`) never printed. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** The URL without credentials, which fetch refuses in a URL: they travel in the Authorization header. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/** Parses one npmrc file: `key=value` lines, `;` and `#` comments, `${VAR}` expanded from the environment. */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv): Map<string, string> {
  const settings = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals === -1) continue;
    const key = line.slice(0, equals).trim();
    let value = line.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    settings.set(expand(key, env), expand(value, env));
  }
  return settings;
}

function expand(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/(\\*)\$\{([^${}]+)\}/g, (whole, escapes: string, name: string) =>
    escapes.length % 2 === 1 ? whole.slice(1) : `${escapes}${env[name] ?? ''}`,
  );
}

/**
 * npm's "local prefix", whose .npmrc is the project's: the nearest folder from `cwd` up that has a
 * package.json or node_modules, and `cwd` itself when none has (as @npmcli/config decides it).
 */
function projectRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'node_modules'))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

function readIfPresent(path: string | undefined, env: NodeJS.ProcessEnv): Map<string, string> {
  if (path === undefined) return new Map();
  try {
    return parseNpmrc(readFileSync(path, 'utf8'), env);
  } catch {
    return new Map();
  }
}

/** `npm_config_@agents:registry` and the like; npm turns underscores after the first character into hyphens. */
function fromEnvironment(env: NodeJS.ProcessEnv): Map<string, string> {
  const settings = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !/^npm_config_/i.test(name)) continue;
    const key = name.slice('npm_config_'.length);
    settings.set(key.startsWith('//') ? key : key.replace(/(?!^)_/g, '-').toLowerCase(), value);
  }
  return settings;
}

/** Strips the protocol and keeps host and path with a trailing slash: how npm keys credentials. */
function nerfDart(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.endsWith('/') ? parsed.pathname : parsed.pathname.replace(/[^/]*$/, '');
  return `//${parsed.host}${path}`;
}

function basicAuthIn(url: string): string | undefined {
  const { username, password } = new URL(url);
  if (username === '' && password === '') return undefined;
  return `Basic ${Buffer.from(`${decodeURIComponent(username)}:${decodeURIComponent(password)}`).toString('base64')}`;
}

export function loadNpmConfig(cwd: string, env: NodeJS.ProcessEnv = process.env): NpmConfig {
  const project = projectRoot(cwd);
  const layers = [
    fromEnvironment(env),
    readIfPresent(join(project, '.npmrc'), env),
    readIfPresent(env.npm_config_userconfig ?? env.NPM_CONFIG_USERCONFIG ?? join(homedir(), '.npmrc'), env),
    readIfPresent(env.npm_config_globalconfig ?? join(dirname(dirname(process.execPath)), 'etc', 'npmrc'), env),
  ];
  const get = (key: string) => layers.find((layer) => layer.has(key))?.get(key);
  const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

  return {
    settings() {
      return Object.assign({}, ...[...layers].reverse().map((layer) => Object.fromEntries(layer)));
    },
    registryFor(packageName) {
      const scope = packageName.startsWith('@') ? packageName.slice(0, packageName.indexOf('/')) : undefined;
      return withSlash((scope && get(`${scope}:registry`)) ?? get('registry') ?? DEFAULT_REGISTRY);
    },
    authorization(url) {
      // A registry written as https://user:password@host/ authenticates as npm does it: basic auth, also
      // for the tarballs it serves under the same address.
      const inUrl = basicAuthIn(url);
      if (inUrl) return inUrl;
      const key = nerfDart(url);
      for (const [name, value] of layers.flatMap((layer) => [...layer])) {
        if ((name === 'registry' || name.endsWith(':registry')) && basicAuthIn(value) && key.startsWith(nerfDart(value))) return basicAuthIn(value);
      }
      // The most specific credentials first: //host/path/to/, then //host/path/, then //host/.
      for (let key = nerfDart(url); key.length > 2; key = key.replace(/[^/]*\/$/, '')) {
        const token = get(`${key}:_authToken`);
        if (token) return `Bearer ${token}`;
        const basic = get(`${key}:_auth`);
        if (basic) return `Basic ${basic}`;
        const username = get(`${key}:username`);
        const password = get(`${key}:_password`);
        if (username && password) return `Basic ${Buffer.from(`${username}:${Buffer.from(password, 'base64').toString()}`).toString('base64')}`;
        if (key === '//') break;
      }
      return undefined;
    },
  };
}
