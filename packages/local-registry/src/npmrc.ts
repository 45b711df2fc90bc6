import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SCOPE } from '@agents/schema';

/**
 * Writes an npm user config file that sends the packages of `scopes` (`@agents/*` by default) to
 * `registryUrl` with a token (Verdaccio takes any token as anonymous; npm refuses to publish with
 * none), and any other npm `settings`, and returns the environment that makes npm and pnpm use it.
 */
export async function registryEnvironment(
  registryUrl: string,
  dir: string,
  { scopes = [DEFAULT_SCOPE], settings = {} }: { scopes?: readonly string[]; settings?: Record<string, string> } = {},
): Promise<NodeJS.ProcessEnv> {
  const userconfig = join(dir, 'npmrc');
  const host = registryUrl.replace(/^https?:/, '');
  const extra = Object.entries(settings).map(([key, value]) => `${key}=${value}\n`);
  await writeFile(userconfig, [...scopes.map((scope) => `${scope}:registry=${registryUrl}\n`), `${host}:_authToken=local-registry\n`, ...extra].join(''));
  return { npm_config_userconfig: userconfig };
}
