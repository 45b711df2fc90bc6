import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentManifest, makeRegistry, runCli, tempDir, writeFiles } from './fixtures.js';

/** Builds an agent package with the registry's own build, and publishes it with the real npm client. */
export function publishBuilt(registryUrl: string, token: string, name: string, version: string, markdown: string): void {
  const root = makeRegistry([{ folder: name, markdown, manifest: agentManifest(name, { version }) }]);
  const build = runCli(['build'], root);
  if (build.status !== 0) throw new Error(`agents build failed: ${build.stderr}`);
  const npmrc = join(root, 'publish.npmrc');
  writeFileSync(npmrc, `@agents:registry=${registryUrl}\n${registryUrl.replace(/^http:/, '')}:_authToken=${token}\n`);
  execFileSync('npm', ['publish', '--ignore-scripts'], {
    cwd: join(root, 'agents/development', name),
    env: { ...process.env, npm_config_userconfig: npmrc },
    stdio: 'pipe',
  });
}

/** Publishes a package as given, no build: agent.md and whatever other files a hostile package may hold. */
export function publishAsIs(
  registryUrl: string,
  name: string,
  markdown: string,
  files: Record<string, string> = {},
  scope = '@agents',
  version = '1.0.0',
): void {
  publishPackage(registryUrl, { name: `${scope}/${name}`, version, files: ['agent.md', 'clients'] }, { 'agent.md': markdown, ...files });
}

/** Publishes `files` with `manifest` as its package.json, with the real npm client and no build or gate of ours. */
export function publishPackage(
  registryUrl: string,
  manifest: { name: string; version: string; [field: string]: unknown },
  files: Record<string, string>,
): void {
  const dir = tempDir();
  writeFiles(dir, { 'package.json': JSON.stringify(manifest), ...files });
  const scope = manifest.name.split('/')[0];
  writeFileSync(join(dir, '.npmrc'), `${scope}:registry=${registryUrl}\n${registryUrl.replace(/^http:/, '')}:_authToken=any\n`);
  execFileSync('npm', ['publish', '--ignore-scripts'], { cwd: dir, env: { ...process.env, npm_config_userconfig: join(dir, '.npmrc') }, stdio: 'pipe' });
}

/** A project whose .npmrc points the @agents scope at the registry. */
export function registryProject(registryUrl: string, extraNpmrc = ''): string {
  const dir = tempDir('agents-project-');
  writeFiles(dir, { 'package.json': JSON.stringify({ name: 'project', private: true }), '.npmrc': `@agents:registry=${registryUrl}\n${extraNpmrc}` });
  return dir;
}

/** A user of their own: no user npmrc, no npm cache shared with other tests or the machine (npx sets npm_config_cache). */
export const isolatedUser = (dir: string): NodeJS.ProcessEnv => ({
  HOME: join(dir, 'home'),
  CLAUDE_CONFIG_DIR: '',
  npm_config_userconfig: join(dir, 'no-user.npmrc'),
  npm_config_cache: join(dir, 'npm-cache'),
});
