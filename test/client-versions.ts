import { execFileSync } from 'node:child_process';

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
  pin?: keyof typeof PINS;
  check: string;
}

/**
 * Every client's pinned version, in one place: the conformance scripts (`pnpm test:claude`, `pnpm
 * test:clients`) install these, the table of docs/clients.md is made from them (`pnpm clients:table`;
 * test/client-versions.test.ts says when it is out of date), and the scheduled "Clients, latest"
 * workflow runs the same scripts with the latest version of each (AGENTS_CLIENTS=latest). A pin moves
 * only in a pull request whose conformance passes with the new version.
 */
const PINS = {
  claudeCode: { package: '@anthropic-ai/claude-code', version: '2.1.332' },
  agentSdk: { package: '@anthropic-ai/claude-agent-sdk', version: '0.3.332' },
  opencode: { package: 'opencode-ai', version: '1.18.33' },
  // OpenCode 2 is published under a new name; opencode-ai stays on the 1.18 line, and both are in use.
  opencode2: { package: '@opencode/cli', version: '2.1.2' },
  gemini: { package: '@google/gemini-cli', version: '0.61.0' },
  codex: { package: '@openai/codex', version: '0.169.0', also: ['0.171.0'] },
  // Copilot's CLI ships as a native binary in a platform package; offline (COPILOT_OFFLINE) it takes a stand-in model provider.
  copilot: { package: '@github/copilot', version: '1.0.102' },
  // Factory publishes droid as `droid`, its platform binary as an optional dependency (@factory/cli-<platform>); the
  // former name, @factory/cli (0.225.1), names a platform package the registry does not hold.
  factory: { package: 'droid', version: '0.215.0' },
} as const satisfies Record<string, Pin>;

export type PinnedClient = keyof typeof PINS;

const CHECKS: readonly ClientCheck[] = [
  {
    client: 'OpenCode',
    pin: 'opencode',
    check:
      "`opencode agent list` and `opencode debug agent <name>`: each is a subagent with its prompt and description, and the tools it resolves are within the definition's",
  },
  {
    client: 'OpenCode 2',
    pin: 'opencode2',
    check:
      '`opencode debug agents`: the same files as for OpenCode 1.18, each a subagent with its prompt, description and turn limit, and permissions (its own `permissions` list, made from the 1.x `permission` map it still reads) that allow exactly what OpenCode 1.18 allows',
  },
  {
    client: 'Gemini CLI',
    pin: 'gemini',
    check: "its own loader (`loadAgentsFromDirectory`, from the package's bundle): no error, same prompt, tools within the definition's",
  },
  {
    client: 'Claude Code (`pnpm test:claude`)',
    pin: 'claudeCode',
    check:
      '`claude plugin validate` and `plugin details` on the marketplace; and, through a stand-in for the Messages API, the tools each agent is offered as a subagent: never a tool the registry does not show',
  },
  {
    client: 'OpenAI Codex',
    pin: 'codex',
    check:
      '`codex debug prompt-input`: each agent is offered as a role, with its description; through a stand-in for the Responses API, a spawned read-only role writes under a workspace-write parent (the reason a restricted agent gets no Codex file)',
  },
  {
    client: 'Factory',
    pin: 'factory',
    check:
      "droid's own tool ids (`droid exec --list-tools`) and its validator's rules (name, tools); droid lists no agents without signing in. (The former package, `@factory/cli` 0.225.1, names a platform package the registry does not hold)",
  },
  {
    client: 'GitHub Copilot',
    pin: 'copilot',
    check:
      "offline, through a stand-in for its model provider (the Messages API): its main session spawns each agent, and the tools Copilot offers the agent are within the definition's (Copilot adds `skill` and `sql` to an agent it runs as the main agent, `--agent`)",
  },
  { client: 'Cursor', check: 'documented format only: not published on npm' },
  {
    client: 'Antigravity CLI',
    check:
      'documented format only: not published on npm (sources: wshobson/agents `tools/adapters/antigravity.py`, obra/superpowers `references/antigravity-tools.md`)',
  },
];

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
  const pin: Pin = PINS[client];
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
  const rows = Object.values(PINS).map((pin: Pin) => {
    const latest = latestVersion(pin.package);
    return `| \`${pin.package}\` | ${pin.version} | ${latest}${latest === pin.version ? '' : ' (newer)'} |`;
  });
  return ['| package | pinned | latest |', '|---|---|---|', ...rows].join('\n');
}

/** The table of docs/clients.md: each client, its pin, how it is checked. */
export function clientsTable(): string {
  const rows = CHECKS.map(({ client, pin, check }) => {
    const pinned = pin === undefined ? '—' : pinnedText(PINS[pin]);
    return `| ${client} | ${pinned} | ${check} |`;
  });
  return ['| client | pinned | check |', '|---|---|---|', ...rows].join('\n');
}

const pinnedText = (pin: Pin) => `\`${pin.package}\` ${pin.version}${pin.also?.length ? ` (and ${pin.also.join(', ')})` : ''}`;
