/** The npm scope every package of the registry is published under: agents, categories and tools. */
export const SCOPE = '@agents';

/** `@agents/<name>`: the package of an agent or a category. */
export const packageName = (name: string): string => `${SCOPE}/${name}`;

/** The agent or category name of a package of the scope (`@agents/x` → `x`), or undefined for any other package. */
export function unscopedName(pkg: string): string | undefined {
  return pkg.startsWith(`${SCOPE}/`) ? pkg.slice(SCOPE.length + 1) : undefined;
}
