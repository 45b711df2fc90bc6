import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * npm's configuration, read by npm's own library (@npmcli/config) exactly as npm reads it: the
 * environment (npm_config_*), the project's .npmrc (its local prefix: the nearest folder with a
 * package.json or node_modules, else the working folder), the user's and the global npmrc; scoped
 * registries; _auth, _authToken, username and _password; proxy, https-proxy, noproxy, cafile, ca,
 * strict-ssl. `flat` is npm's flat options, what npm passes to npm-registry-fetch and libnpmpublish.
 */
export interface NpmConfig {
  flat: Record<string, unknown>;
  registryFor(packageName: string): string;
  /** The configured registry (the default one or a scope's) that serves this URL, its tarballs included; the default one when none does. */
  registryServing(url: string): string;
  /** The Authorization header npm would send to this URL, if any (for requests made without npm-registry-fetch). */
  authorization(url: string): string | undefined;
}

/** A URL as messages show it: a password or token in it (`https://user:secret@host/`) never printed. */
export function redactUrl(url: string): string {
  // The user information ends at the last "@" before the path, as URL parsers read it: a password may hold a literal "@".
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1***@');
}

/** Where a registry serves a package's document (a scoped name's slash escaped, as npm does). */
export function packumentUrl(registryUrl: string, name: string): URL {
  return new URL(name.replace('/', '%2f'), registryUrl);
}

/** No builtin npmrc: npm's own ships with npm, and this is not npm. */
const NO_BUILTIN_CONFIG = dirname(dirname(fileURLToPath(import.meta.url)));

export async function loadNpmConfig(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<NpmConfig> {
  // Loaded on use: validate and build never read npm's configuration.
  const [{ default: Config }, { default: definitions }, { default: npmFetch }] = await Promise.all([
    import('@npmcli/config'),
    import('@npmcli/config/lib/definitions/index.js'),
    import('npm-registry-fetch'),
  ]);
  // A copy of the environment: loading sets npm_config_* variables in the one it is given.
  const config = new Config({ ...definitions, npmPath: NO_BUILTIN_CONFIG, argv: [process.execPath, 'agents'], cwd, env: { ...env }, warn: false });
  await config.load();
  const flat = config.flat as Record<string, unknown>;
  const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
  const registryFor = (packageName: string) => {
    const scope = packageName.startsWith('@') ? packageName.slice(0, packageName.indexOf('/')) : undefined;
    return withSlash(String((scope && flat[`${scope}:registry`]) ?? flat.registry));
  };
  const registries = [flat.registry, ...Object.entries(flat).flatMap(([key, value]) => (/^@[^:]+:registry$/.test(key) ? [value] : []))].map((url) =>
    withSlash(String(url)),
  );
  // The longest that prefixes the URL (a registry at a path of a host), else one of the same origin (tarballs may be served elsewhere on it).
  const registryServing = (url: string) => {
    const { origin } = new URL(url);
    const sameOrigin = registries.filter((registry) => new URL(registry).origin === origin);
    const prefixing = sameOrigin.filter((registry) => url.startsWith(registry)).sort((a, b) => b.length - a.length);
    return prefixing[0] ?? sameOrigin[0] ?? registries[0]!;
  };
  return {
    flat,
    registryFor,
    registryServing,
    authorization(url) {
      const auth = npmFetch.getAuth(url, { ...flat, registry: registryServing(url) });
      if (auth.token) return `Bearer ${auth.token}`;
      return auth.auth ? `Basic ${auth.auth}` : undefined;
    },
  };
}
