import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Compiler from '@agents/compiler';
import { findRegistryRoot, NO_REGISTRY } from '@agents/loader';
import { CliError } from './errors.js';

/**
 * The registry around `cwd` and its compiler, for the maintainers' commands (build, new, changes).
 * The compiler is `@agents/compiler`, which the published CLI does not depend on: it is resolved from
 * the registry's own dependencies, so a registry builds with the compiler it pins, and else from
 * beside this CLI (a development checkout, where the CLI's tests build registries in temporary
 * folders). The specifier is resolved at run time, so no bundler folds the compiler into the CLI.
 */
export async function registryCompiler(cwd: string): Promise<{ root: string; compiler: typeof Compiler }> {
  const root = findRegistryRoot(cwd);
  if (root === undefined) throw new CliError('no-registry', NO_REGISTRY);
  const entry = resolveFrom(join(root, 'package.json')) ?? resolveFrom(import.meta.url);
  if (entry === undefined) {
    throw new CliError(
      'no-compiler',
      `the registry in ${root} has no @agents/compiler among its dependencies: run pnpm install there (these commands run in the registry's repository)`,
    );
  }
  return { root, compiler: (await import(pathToFileURL(entry).href)) as typeof Compiler };
}

const COMPILER = '@agents/compiler';

function resolveFrom(from: string): string | undefined {
  try {
    return createRequire(from).resolve(COMPILER);
  } catch {
    return undefined;
  }
}
