import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';

/**
 * Installs a package from the npm registry into a folder of its own under node_modules/.cache/<cache>,
 * once (a marker file names the spec, and a folder holds one spec at a time); returns the folder. For the real clients
 * the conformance scripts run, which are large downloads and no dependency of the workspace.
 */
export function installOnce(cache: string, spec: string, folder: string, extraArgs: string[] = []): string {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', cache, folder);
  const marker = join(dir, `.installed-${spec.replace(/[/@]/g, '_')}`);
  if (!existsSync(marker)) {
    // A folder holds one spec at a time, installed afresh: npm, installing another package over the one there, prunes
    // the old one's platform package without adding the new one's (seen when droid replaced @factory/cli-linux-x64).
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"private":true}');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...extraArgs, spec], { cwd: dir, stdio: 'pipe' });
    writeFileSync(marker, '');
  }
  return dir;
}
