import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXIT, type Output, toJson } from '@agents/kit';
import { loadNpmConfig } from '@agents/npm-client';
import { clientPackagePath } from '@agents/schema';
import { z } from 'zod';
import { defineCommand } from '../command.js';
import { CliError } from '../errors.js';
import { flags } from '../flags.js';
import { readLock } from '../install/lock.js';
import { fetchFromRegistry } from '../install/place.js';
import { fetchAddedSkill, shownSkillFolder } from '../install/skills.js';
import { agentFile, parseSpec, skillOfSpec, type Target, type TargetClient, target, targetFlags } from '../install/target.js';
import { shownPath } from '../shown-path.js';

export const diff = defineCommand({
  name: 'diff',
  summary: 'Compare an installed agent file with the version installed and with the latest',
  usage: 'agents diff <name> [--user] [--json] [--client <client>]',
  description: `Shows, as unified diffs, how .claude/agents/<name>.md differs from the
package version it was installed from (your edits), and from the latest
version on the registry (what agents update --force would write). skill-<name>
compares an installed skill's folder, file by file, the same way.
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
  examples: ['agents diff data-platform-engineer', 'agents diff skill-pdf-forms'],
  async run({ user, json, client, positionals }, output) {
    const spec = parseSpec(positionals[0]!);
    const { name } = spec;
    const [each] = client as [TargetClient];
    const where = target({ user, cwd: output.cwd, client: each });
    const hint = targetFlags(where);
    const skill = skillOfSpec(spec);
    if (skill !== undefined) return diffSkill(where, skill, json, output);
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

/**
 * `agents diff skill-<name>`: an installed skill's folder against the version the lock records and the latest,
 * as one unified diff per file that differs (a file added or removed on either side included).
 */
async function diffSkill(where: Target, name: string, json: boolean, output: Output): Promise<number> {
  const hint = targetFlags(where);
  const entry = (await readLock(where.lockPath)).skills[name];
  if (entry === undefined || where.skillsDir === undefined)
    throw new CliError('not-installed', `skill ${name} was not installed by agents${hint} (agents list${hint} shows what was)`);
  const shown = shownSkillFolder(where, name, output.cwd);
  const dir = join(where.skillsDir, name);
  const config = await loadNpmConfig(output.cwd);
  const [installed, latest] = await output.progress(
    `Fetching ${entry.package}`,
    Promise.all([entry.version, 'latest'].map((range) => fetchAddedSkill({ packageName: entry.package, range }, config))),
  );
  const paths = [...new Set([...Object.keys(entry.files), ...installed!.files.keys(), ...latest!.files.keys()])].sort();
  const local = new Map(await Promise.all(paths.map(async (path) => [path, await readFile(join(dir, path), 'utf8').catch(() => '')] as const)));
  const { createTwoFilesPatch } = await import('diff');
  const patch = (from: Map<string, Buffer>, label: string) =>
    paths
      .filter((path) => (from.get(path)?.toString('utf8') ?? '') !== local.get(path))
      .map((path) => createTwoFilesPatch(`${label}/${path}`, `${shown}${path} (local)`, from.get(path)?.toString('utf8') ?? '', local.get(path)!))
      .join('');
  const report = {
    name,
    path: shown,
    installed: { version: entry.version, changed: patch(installed!.files, '') !== '', patch: patch(installed!.files, `${entry.package}@${entry.version}`) },
    latest: { version: latest!.version, changed: patch(latest!.files, '') !== '', patch: patch(latest!.files, `${entry.package}@${latest!.version} (latest)`) },
  };
  if (json) {
    output.out(toJson(report));
    return EXIT.ok;
  }
  output.out(report.installed.changed ? report.installed.patch : `${shown} is ${entry.package}@${entry.version} as installed: no local edits.`);
  output.out('');
  output.out(report.latest.changed ? report.latest.patch : `${shown} is the same as the latest version (${latest!.version}).`);
  return EXIT.ok;
}
