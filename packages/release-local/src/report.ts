import type { Output } from '@agents/kit';
import type { ImportedPackage, VersionChange } from '@agents/release';
import { CLI_PACKAGE, cliSpec, packageName } from '@agents/schema';

/** What release:local prints, made of its results: each a pure function, the run prints them (release-local.ts). */
type Style = Output['style'];

/** A step's line: `N. title … done (1.2 s)` and what it found, indented; or `… failed`, before the failure is printed. */
export function stepLine(index: number, title: string, style: Style, outcome: { seconds: number; detail: string } | 'failed'): string {
  const head = `${style('bold', `${index}.`)} ${title} … `;
  if (outcome === 'failed') return `${head}${style('red', 'failed')}`;
  return `${head}${style('green', 'done')} ${style('dim', `(${outcome.seconds.toFixed(1)} s)`)}${outcome.detail ? `\n   ${outcome.detail}` : ''}`;
}

/** Uncommitted changes stay out of the release, which is of HEAD: said with the first five (`git status --porcelain`), or nothing. */
export function uncommittedWarning(status: string, style: Style): string | undefined {
  const uncommitted = status.split('\n').filter(Boolean);
  if (uncommitted.length === 0) return undefined;
  const one = uncommitted.length === 1;
  const shown = uncommitted.slice(0, 5).map((line) => `  ${line}`);
  if (uncommitted.length > 5) shown.push(`  … and ${uncommitted.length - 5} more`);
  return `${style(
    'yellow',
    `! ${uncommitted.length} uncommitted change${one ? ' is' : 's are'} not in this release (it releases HEAD); commit ${one ? 'it' : 'them'} to include ${one ? 'it' : 'them'}:`,
  )}\n${shown.join('\n')}\n`;
}

/** What versioning changed, one package a line (the detail of its step). */
export const versionedDetail = (versioned: readonly VersionChange[]): string =>
  versioned.length === 0 ? 'no pending changesets' : versioned.map((change) => `${change.name} ${change.from} → ${change.to}`).join('\n   ');

/** A release with its changelog entry, indented under it. */
export const releaseLines = (change: VersionChange, entry: string | undefined, style: Style): string =>
  `\n${style('bold', change.name)} ${change.from} → ${change.to}${entry ? `\n${entry.replace(/^/gm, '  ')}` : ''}`;

/** A package installed and imported: an agent's name, version and tools, a skill's files, or another package's count of exports. */
export function importedLines({ package: name, exports, agent, skillFiles }: ImportedPackage, style: Style): string {
  if (agent) return `\n${style('bold', agent.name)} ${agent.version}\ntools: ${agent.tools?.join(', ') ?? '(inherits every tool)'}`;
  if (skillFiles) return `\n${style('bold', name)}: a skill (${skillFiles.join(', ')})`;
  return `\n${style('bold', name)}: imported (${exports.length} exports)`;
}

/** How to use the registry a --keep run keeps: the packages of `scope`, e.g. its `agent`. */
export const keepInstructions = (registryUrl: string, scope: string, agent: string): string => `
The registry stays up at ${registryUrl}. Install from it in a project:
  echo "${scope}:registry=${registryUrl}" >> .npmrc
  npx ${CLI_PACKAGE} add ${cliSpec(scope, agent)}        (or: npm install ${packageName(scope, agent)})
To release a second version onto it, edit an agent, run pnpm changeset, commit, and run:
  pnpm release:local --registry ${registryUrl}
then "agents outdated" and "agents update" in that project see it. Press Ctrl-C to stop the registry.`;
