import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A client the conformance scripts install from the npm registry, pinned. */
interface Pin {
  package: string;
  version: string;
  /** Versions checked besides the pinned one (a newer one whose reading is known to differ). */
  also?: readonly string[];
}

/** A row of docs/clients.md's table: a client, its pin (none for a client checked against its documentation only), and how it is checked. */
interface ClientCheck {
  client: string;
  pin?: string;
  check: string;
}

/**
 * Every client's pinned version and how it is checked, in one place: conformance.json. The conformance
 * scripts (`pnpm test:claude`, `pnpm test:clients`) install these, the table of docs/clients.md is made from
 * them (`pnpm clients:table`; test/client-versions.test.ts says when it is out of date), the catalog's
 * clients page shows them, and the scheduled "Clients, latest" workflow runs the same scripts with the
 * latest version of each (AGENTS_CLIENTS=latest).
 */
const { pins: PINS, checks: CHECKS } = JSON.parse(readFileSync(new URL('../conformance.json', import.meta.url), 'utf8')) as {
  pins: Readonly<Record<string, Pin>>;
  checks: readonly ClientCheck[];
};

/** The clients pinned in conformance.json. */
export type PinnedClient = 'claudeCode' | 'agentSdk' | 'opencode' | 'opencode2' | 'gemini' | 'codex' | 'copilot' | 'factory';

const pinOf = (client: string): Pin => {
  const pin = PINS[client];
  if (pin === undefined) throw new Error(`conformance.json pins no client "${client}"`);
  return pin;
};

/** AGENTS_CLIENTS=latest: every client at the latest version on the registry, instead of its pin. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by the conformance tests, which turbo does not run
export const LATEST = process.env.AGENTS_CLIENTS === 'latest';

const latestVersions = new Map<string, string>();
/** The latest version of a package on the npm registry, asked once per run. */
function latestVersion(name: string): string {
  if (!latestVersions.has(name)) latestVersions.set(name, execFileSync('npm', ['view', name, 'version'], { encoding: 'utf8' }).trim());
  return latestVersions.get(name)!;
}

/** The versions of a client to check: its pin (and the others it is checked at), or the latest one. */
export function clientSpecs(client: PinnedClient): string[] {
  const pin = pinOf(client);
  const versions = LATEST ? [latestVersion(pin.package)] : [pin.version, ...(pin.also ?? [])];
  return versions.map((version) => `${pin.package}@${version}`);
}

/** The version of a client to check: its pin, or the latest one. */
export const clientSpec = (client: PinnedClient): string => clientSpecs(client)[0]!;

/** Each version of a client to check, with the folder it is installed in (`folder`, then `folder-<version>` for the others). */
export const clientInstalls = (client: PinnedClient, folder: string): [spec: string, folder: string][] =>
  clientSpecs(client).map((spec, index) => [spec, index === 0 ? folder : `${folder}-${spec.slice(spec.lastIndexOf('@') + 1)}`]);

/** For the scheduled check's issue: each pinned client, its pin and the latest version on the registry. */
export function pinsAgainstLatest(): string {
  const rows = Object.values(PINS).map((pin) => {
    const latest = latestVersion(pin.package);
    return `| \`${pin.package}\` | ${pin.version} | ${latest}${latest === pin.version ? '' : ' (newer)'} |`;
  });
  return ['| package | pinned | latest |', '|---|---|---|', ...rows].join('\n');
}

/** The table of docs/clients.md: each client, its pin, how it is checked. */
export function clientsTable(): string {
  const rows = CHECKS.map(({ client, pin, check }) => {
    const pinned = pin === undefined ? '—' : pinnedText(pinOf(pin));
    return `| ${client} | ${pinned} | ${check} |`;
  });
  return ['| client | pinned | check |', '|---|---|---|', ...rows].join('\n');
}

const pinnedText = (pin: Pin) => `\`${pin.package}\` ${pin.version}${pin.also?.length ? ` (and ${pin.also.join(', ')})` : ''}`;
