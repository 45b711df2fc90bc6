import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXIT, toJson } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { clientPackagePath } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { flags } from '../flags.js';
import { readLock } from '../install/lock.js';
import { fetchFromRegistry } from '../install/place.js';
import { agentFile, parseSpec, type TargetClient, target, targetFlags } from '../install/target.js';
import { shownPath } from '../shown-path.js';

export const diff = defineCommand({
  name: 'diff',
  summary: 'Compare an installed agent file with the version installed and with the latest',
  usage: 'agents diff <name> [--user] [--json] [--client <client>]',
  description: `Shows, as unified diffs, how .claude/agents/<name>.md differs from the
package version it was installed from (your edits), and from the latest
version on the registry (what agents update --force would write).
(To compare agents between git revisions of the registry, see agents changes.)`,
  options: {
    user: flags.user,
    json: flags.json,
    client: {
      ...flags.client,
      schema: flags.client.schema.refine((clients) => clients.length === 1, { message: 'agents diff compares one client at a time' }),
    },
  },
  positionals: z.array(z.string()).length(1, { message: 'name one agent, e.g. agents diff data-platform-engineer' }),
  exitCodes: '0 shown, 1 the agent is not installed or cannot be fetched, 2 usage error.',
  examples: ['agents diff data-platform-engineer'],
  async run({ user, json, client, positionals }, output) {
    const { name } = parseSpec(positionals[0]!);
    const [each] = client as [TargetClient];
    const where = target({ user, cwd: output.cwd, client: each });
    const hint = targetFlags(where);
    const entry = (await readLock(where.lockPath)).agents[name];
    if (entry === undefined) throw new CliError('not-installed', `${name} was not installed by agents${hint} (agents list${hint} shows what was)`);
    const path = agentFile(where, name);
    const shown = shownPath(path, output.cwd);
    const local = await readFile(path, 'utf8').catch(() => '');
    const config = await loadNpmConfig(output.cwd);
    const [installed, latest] = await output.progress(
      `Fetching ${entry.package}`,
      Promise.all([
        entry.source === 'node_modules'
          ? fromNodeModules(output.cwd, entry.package, name, hint, each)
          : fetchFromRegistry({ name, packageName: entry.package, range: entry.version }, config, each).then((agent) => agent.content.toString('utf8')),
        fetchFromRegistry({ name, packageName: entry.package, range: 'latest' }, config, each),
      ]),
    );
    const latestText = latest.content.toString('utf8');
    const { createTwoFilesPatch } = await import('diff');
    const patch = (from: string, label: string) => createTwoFilesPatch(label, `${shown} (local)`, from, local);
    const report = {
      name,
      path: shown,
      installed: {
        version: entry.version,
        changed: installed !== undefined && installed !== local,
        patch: installed === undefined ? null : patch(installed, `${entry.package}@${entry.version}`),
      },
      latest: { version: latest.version, changed: latestText !== local, patch: patch(latestText, `${entry.package}@${latest.version} (latest)`) },
    };
    if (json) {
      output.out(toJson(report));
      return EXIT.ok;
    }
    output.out(report.installed.changed ? report.installed.patch! : `${shown} is ${entry.package}@${entry.version} as installed: no local edits.`);
    output.out('');
    if (!report.latest.changed) output.out(`${shown} is the same as the latest version (${latest.version}).`);
    // The installed version is the latest: the patch above says it all.
    else if (installed === latestText) output.out(`${entry.package}@${entry.version} is the latest version: updating would undo exactly the edits above.`);
    else output.out(report.latest.patch);
    return EXIT.ok;
  },
});

/** The agent.md of the package npm installed, which agents sync copied: a clear error when node_modules no longer has it. */
async function fromNodeModules(cwd: string, packageName: string, name: string, hint: string, client: TargetClient): Promise<string> {
  const file = client === 'claude-code' ? 'agent.md' : clientPackagePath(client);
  try {
    return await readFile(createRequire(join(cwd, 'package.json')).resolve(`${packageName}/${file}`), 'utf8');
  } catch {
    throw new CliError(
      'not-installed',
      `${name} was installed by agents sync from node_modules, and ${packageName} is no longer there: run npm install, then agents diff ${name}${hint} again`,
    );
  }
}
