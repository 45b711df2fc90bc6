import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes an npm user config that sends `@agents/*` to `registryUrl` with a
 * token (Verdaccio takes any token as anonymous; npm refuses to publish with
 * none), and returns the environment that makes npm and pnpm use it.
 */
export async function registryEnvironment(registryUrl: string, dir: string, settings: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const userconfig = join(dir, 'npmrc');
  const host = registryUrl.replace(/^https?:/, '');
  const extra = Object.entries(settings).map(([key, value]) => `${key}=${value}\n`);
  await writeFile(userconfig, [`@agents:registry=${registryUrl}\n`, `${host}:_authToken=local-registry\n`, ...extra].join(''));
  return { npm_config_userconfig: userconfig };
}

/**
 * For publishing only: `changeset publish` asks `npm info --registry <npm_config_registry>`
 * whether a version exists, ignoring scoped registries, so the default registry
 * must be the local one too. Never use it for installs: pnpm would then fetch
 * every dependency's metadata from a registry that has only `@agents/*`.
 */
export function publishEnvironment(registryUrl: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...base, npm_config_registry: registryUrl };
}
