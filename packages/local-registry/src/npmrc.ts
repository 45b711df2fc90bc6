import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCOPE } from '@agents/schema';

/**
 * Writes an npm user config file that sends `@agents/*` to `registryUrl` with a
 * token (Verdaccio takes any token as anonymous; npm refuses to publish with
 * none), and returns the environment that makes npm and pnpm use it.
 */
export async function registryEnvironment(registryUrl: string, dir: string, settings: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const userconfig = join(dir, 'npmrc');
  const host = registryUrl.replace(/^https?:/, '');
  const extra = Object.entries(settings).map(([key, value]) => `${key}=${value}\n`);
  await writeFile(userconfig, [`${SCOPE}:registry=${registryUrl}\n`, `${host}:_authToken=local-registry\n`, ...extra].join(''));
  return { npm_config_userconfig: userconfig };
}
