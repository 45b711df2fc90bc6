/**
 * The scope of the tools (`@agents/cli`, `@agents/schema`, …), of bare names on install, and of a
 * registry repository whose root package.json names no scope of its own (`agents.scope`).
 */
export const DEFAULT_SCOPE = '@agents';

/** The installer's package: `npx @agents/cli add …`, whatever scope a registry publishes its agents under. */
export const CLI_PACKAGE = `${DEFAULT_SCOPE}/cli`;

/** `<scope>/<name>`: the package of an agent or a category of a registry publishing under `scope`. */
export const packageName = (scope: string, name: string): string => `${scope}/${name}`;

/**
 * The prefix of a skill's package name, `<scope>/skill-<name>`: a skill's package can never be taken for an
 * agent's or a category's (no agent may be named `skill-…`), and one name never means both.
 */
export const SKILL_PACKAGE_PREFIX = 'skill-';

/** `<scope>/skill-<name>`: the package of a skill of a registry publishing under `scope`. */
export const skillPackageName = (scope: string, name: string): string => packageName(scope, `${SKILL_PACKAGE_PREFIX}${name}`);

/** What `agents add` takes for the agent or category `name` of `scope`: a bare name is of the default scope. */
export const cliSpec = (scope: string, name: string): string => (scope === DEFAULT_SCOPE ? name : packageName(scope, name));

/** An npm scope: `@` and a lowercase name (npm's rule for the part before the slash). */
export const SCOPE_PATTERN = /^@[a-z0-9][a-z0-9._~-]*$/;

/** Why `value` cannot be an `agents.scope` setting (of a project or of a registry repository), or undefined when it can. */
export function scopeProblem(value: unknown): string | undefined {
  return typeof value === 'string' && SCOPE_PATTERN.test(value) ? undefined : `must be an npm scope, e.g. "@acme", not ${JSON.stringify(value)}`;
}

/** The scope and name of a scoped package of any scope (`@acme/reviewer` → `@acme`, `reviewer`); undefined for any other name. */
export function splitPackageName(pkg: string): { scope: string; name: string } | undefined {
  const slash = pkg.indexOf('/');
  if (slash === -1) return undefined;
  const scope = pkg.slice(0, slash);
  const name = pkg.slice(slash + 1);
  return SCOPE_PATTERN.test(scope) && name !== '' && !name.includes('/') ? { scope, name } : undefined;
}
