/** The npm scope every package of the registry is published under: agents, categories and tools. */
export const SCOPE = '@agents';

/** `@agents/<name>`: the package of an agent or a category. */
export const packageName = (name: string): string => `${SCOPE}/${name}`;

/** The agent or category name of a package of the scope (`@agents/x` → `x`), or undefined for any other package. */
export function unscopedName(pkg: string): string | undefined {
  return pkg.startsWith(`${SCOPE}/`) ? pkg.slice(SCOPE.length + 1) : undefined;
}

/** An npm scope: `@` and a lowercase name (npm's rule for the part before the slash). */
export const SCOPE_PATTERN = /^@[a-z0-9][a-z0-9._~-]*$/;

/** The scope and name of a scoped package of any scope (`@acme/reviewer` → `@acme`, `reviewer`); undefined for any other name. */
export function splitPackageName(pkg: string): { scope: string; name: string } | undefined {
  const slash = pkg.indexOf('/');
  if (slash === -1) return undefined;
  const scope = pkg.slice(0, slash);
  const name = pkg.slice(slash + 1);
  return SCOPE_PATTERN.test(scope) && name !== '' && !name.includes('/') ? { scope, name } : undefined;
}
