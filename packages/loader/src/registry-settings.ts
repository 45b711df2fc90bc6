import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCOPE, scopeProblem } from '@agents/schema';
import { type Diagnostic, error, LineIndex, START } from './diagnostic.js';

/** A registry repository's own settings: the `agents` field of its root package.json. */
export interface RegistrySettings {
  /** The scope its agents and categories are published under (`agents.scope`): `@agents` unless it names its own. */
  scope: string;
  /** Its budget of context per agent, in tokens (`agents.contextBudget`); none when it sets none. */
  contextBudget: number | undefined;
  /** What is wrong with them, located in the root package.json: a bad scope is refused, not guessed. */
  diagnostics: Diagnostic[];
}

/**
 * Reads `<root>/package.json`'s `agents` field. A company that forks this repository sets
 * `"agents": { "scope": "@acme" }`, and its build, release, catalog and marketplace speak `@acme`.
 */
export function registrySettings(root: string): RegistrySettings {
  let text: string;
  let settings: { scope?: unknown; contextBudget?: unknown } | undefined;
  try {
    text = readFileSync(join(root, 'package.json'), 'utf8');
    settings = (JSON.parse(text) as { agents?: typeof settings } | null)?.agents;
  } catch {
    return { scope: DEFAULT_SCOPE, contextBudget: undefined, diagnostics: [] };
  }
  const budget = settings?.contextBudget;
  const contextBudget = typeof budget === 'number' && budget > 0 ? budget : undefined;
  const problem = settings?.scope === undefined ? undefined : scopeProblem(settings.scope);
  if (problem === undefined) return { scope: (settings?.scope as string | undefined) ?? DEFAULT_SCOPE, contextBudget, diagnostics: [] };
  const at = /"scope"\s*:/.exec(text);
  const position = at ? new LineIndex(text).position(at.index) : START;
  return { scope: DEFAULT_SCOPE, contextBudget, diagnostics: [error('registry-scope', `"agents.scope" ${problem}`, position)] };
}
