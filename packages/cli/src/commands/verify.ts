import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { annotation, EXIT, type Output, toJson } from '@agents/kit';
import { describePublisher, fetchPackument, loadNpmConfig, type NpmConfig, RegistryError, samePublisher } from '@agents/npm-client';
import { printable } from '@agents/schema';
import { defineCommand } from '../command.js';
import { booleanFlag, flags, formatFlag, noArguments } from '../flags.js';
import { fileState } from '../install/files.js';
import { type LockEntry, readLock } from '../install/lock.js';
import { folderState, shownSkillFolder } from '../install/skills.js';
import { agentFile, clientName, lockedTargets, type Target } from '../install/target.js';
import { verifierFor } from '../install/trust.js';
import { shownPath } from '../shown-path.js';

/**
 * - edited: the file is not what was installed (its sha256 differs from the lock's);
 * - missing: the lock records a file that is not there;
 * - unknown: a file in an agents folder that no lock records;
 * - registry: the registry does not serve the locked version as locked (gone, other integrity, signature or provenance failing, another publisher).
 */
type Problem = 'edited' | 'missing' | 'unknown' | 'registry';

interface Finding {
  client: Target['client'];
  scope: Target['scope'];
  /** An agent, or a skill installed with the agents that name it. */
  kind: 'agent' | 'skill';
  name: string;
  path: string;
  problem: Problem;
  message: string;
}

export const verify = defineCommand({
  name: 'verify',
  summary: 'Check installed agents against their locks, and the locks against the registry (for CI)',
  usage: 'agents verify [--user] [--offline] [--json] [--format text|json|github]',
  description: `For every folder with an agents.lock.json (each client's; --user: the user's):
each installed file against the lock (sha256): edited or missing; each file in
the agents folder that no lock records (unknown); and each lock entry against
the registry: the locked version is still served with the locked integrity, its
signature and provenance verify, and its publisher is the locked one. The
skills installed with the agents (.claude/skills/, .agents/skills/) are checked the same
way, file by file. --offline skips the registry. Exit 1 on any finding, for CI.`,
  options: {
    user: flags.user,
    offline: booleanFlag('Check the files against the locks only, not the locks against the registry'),
    json: flags.json,
    format: formatFlag('text (default), json, or github (annotations on a pull request)'),
  },
  positionals: noArguments('agents verify takes no arguments'),
  exitCodes: '0 everything matches, 1 a file is edited, missing or unknown, or the registry does not match a lock, 2 usage error.',
  examples: ['agents verify', 'agents verify --format github', 'agents verify --offline --json'],
  async run({ user, offline, json, format }, output) {
    const targets = lockedTargets({ user, cwd: output.cwd });
    if (targets.length === 0 && !json && format === 'text') {
      output.out(`No agents lock here (${user ? '~/.claude' : '.claude'}/agents.lock.json or another client's): nothing to verify.`);
      return EXIT.ok;
    }
    const config = offline || targets.length === 0 ? undefined : await loadNpmConfig(output.cwd);
    const findings: Finding[] = [];
    let checked = 0;
    let checkedSkills = 0;
    // Clients that read the shared .agents/skills/ each lock the one folder there: it is checked once.
    const skillsChecked = new Set<string>();
    for (const where of targets) {
      const lock = await readLock(where.lockPath);
      const entries = Object.entries(lock.agents);
      const skills = (where.skillsDir === undefined ? [] : Object.entries(lock.skills)).filter(([name, entry]) => {
        const key = JSON.stringify([join(where.skillsDir!, name), entry.version, entry.integrity]);
        return !skillsChecked.has(key) && skillsChecked.add(key);
      });
      checked += entries.length;
      checkedSkills += skills.length;
      const finding = (name: string, problem: Problem, message: string, kind: Finding['kind'] = 'agent'): Finding => ({
        client: where.client,
        scope: where.scope,
        kind,
        name,
        path: kind === 'agent' ? shownPath(agentFile(where, name), output.cwd) : shownSkillFolder(where, name, output.cwd),
        problem,
        message: printable(message),
      });
      for (const [name, entry] of skills) {
        const state = await folderState(join(where.skillsDir!, name), entry).catch(() => 'modified' as const);
        if (state === 'modified') findings.push(finding(name, 'edited', `skill ${name} was edited since ${entry.version} was installed`, 'skill'));
        if (state === 'missing')
          findings.push(
            finding(name, 'missing', `skill ${name} ${entry.version} is in the lock but its folder is missing (agents install writes it)`, 'skill'),
          );
      }
      for (const [name, entry] of entries) {
        const { state } = await fileState(agentFile(where, name), entry).catch(() => ({ state: 'modified' as const }));
        if (state === 'modified') findings.push(finding(name, 'edited', `${name} was edited since ${entry.version} was installed`));
        if (state === 'missing')
          findings.push(finding(name, 'missing', `${name} ${entry.version} is in the lock but its file is missing (agents install writes it)`));
      }
      for (const file of await readdir(where.agentsDir).catch(() => [] as string[])) {
        const name = file.slice(0, -where.extension.length);
        if (file.endsWith(where.extension) && !file.startsWith('.') && !(name in lock.agents)) {
          findings.push(finding(name, 'unknown', `${file} is in ${shownPath(where.agentsDir, output.cwd)} but in no lock`));
        }
      }
      if (config !== undefined) {
        const asked = [...entries.map(([name, entry]) => ['agent', name, entry] as const), ...skills.map(([name, entry]) => ['skill', name, entry] as const)];
        const problems = await Promise.all(
          asked.map(([kind, name, entry]) => registryProblem(entry, config).then((problem) => [kind, name, problem] as const)),
        );
        for (const [kind, name, problem] of problems) if (problem !== undefined) findings.push(finding(name, 'registry', problem, kind));
      }
    }
    report(findings, { checked, checkedSkills, targets, format: json ? 'json' : format, offline }, output);
    return findings.length === 0 ? EXIT.ok : EXIT.failure;
  },
});

/** Whether the registry still serves the locked version as the lock records it; a message when not. */
async function registryProblem(entry: Pick<LockEntry, 'package' | 'version' | 'integrity' | 'publisher'>, config: NpmConfig): Promise<string | undefined> {
  const id = `${entry.package}@${entry.version}`;
  try {
    const packument = await fetchPackument(entry.package, config, { full: true });
    const manifest = packument?.versions[entry.version];
    if (packument === undefined || manifest === undefined) return `${id} is no longer on the registry`;
    const integrity = manifest.dist.integrity;
    if (entry.integrity !== null && integrity !== entry.integrity) return `${id}: the registry's integrity ${integrity} is not the locked ${entry.integrity}`;
    // The signature covers the integrity, and the attestation names it: the tarball itself need not be fetched.
    const { publisher } = await verifierFor(config).verify(packument, manifest, integrity ?? '');
    if (entry.publisher !== undefined && !samePublisher(entry.publisher, publisher)) {
      return `${id} is now attested as built by ${describePublisher(publisher)}, not the locked ${describePublisher(entry.publisher)}`;
    }
    return undefined;
  } catch (problem) {
    if (problem instanceof RegistryError) return problem.message;
    throw problem;
  }
}

function report(
  findings: readonly Finding[],
  run: { checked: number; checkedSkills: number; targets: readonly Target[]; format: string; offline: boolean },
  output: Output,
): void {
  if (run.format === 'json') {
    output.out(toJson({ ok: findings.length === 0, checked: run.checked, checkedSkills: run.checkedSkills, registry: !run.offline, findings }));
    return;
  }
  if (run.format === 'github') {
    for (const finding of findings)
      output.out(annotation('error', { file: finding.path, line: 1, title: `agents verify: ${finding.problem}` }, finding.message));
  } else {
    for (const finding of findings) {
      const where = run.targets.length > 1 || finding.client !== 'claude-code' ? `${clientName(finding.client)}: ` : '';
      output.out(`${output.style('red', '✖')} ${where}${finding.message}`);
    }
  }
  const against = run.offline ? 'their locks' : 'their locks and the registry';
  const what = `${run.checked} agent${run.checked === 1 ? '' : 's'}${run.checkedSkills > 0 ? ` and ${run.checkedSkills} skill${run.checkedSkills === 1 ? '' : 's'}` : ''}`;
  output.out(
    findings.length === 0
      ? `${what} match ${against}.`
      : `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${what} checked against ${against}.`,
  );
}
