import { lstatSync } from 'node:fs';
import {
  AGENT_PACKAGE_ENTRY,
  AGENT_PACKAGE_EXPORTS,
  AGENT_PACKAGE_FILES,
  type DiagnosticCode,
  INSTALL_SCRIPTS,
  RUNTIME_DEPENDENCY_FIELDS,
  SEMVER_PATTERN,
  skillPackageName,
} from '@agents/schema';
import { byPosition, type Diagnostic, error, LineIndex, type Position, START } from './diagnostic.js';
import { readAgentText } from './read.js';

/** A package.json as read, before any rule. */
export interface PackageManifest {
  name?: unknown;
  version?: unknown;
  [key: string]: unknown;
}

export interface ReadManifest {
  value: PackageManifest | undefined;
  diagnostics: Diagnostic[];
  locate(key: string): Position;
}

export async function readManifest(path: string): Promise<ReadManifest> {
  // As an agent file is read: never through a link, never waiting on a pipe, never more than a MiB.
  const read = await readAgentText(path, { noFollow: true });
  if ('diagnostic' in read) {
    const missing = lstatSync(path, { throwIfNoEntry: false }) === undefined;
    return { value: undefined, diagnostics: [missing ? error('package-json', 'the agent folder has no package.json') : read.diagnostic], locate: () => START };
  }
  const text = read.text;
  const lines = new LineIndex(text);
  const locate = (key: string): Position => {
    const match = new RegExp(`^\\s*"${key}"\\s*:`, 'm').exec(text);
    return match ? lines.position(match.index + match[0].indexOf('"')) : START;
  };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { value: undefined, diagnostics: [error('package-json', 'package.json must hold a JSON object')], locate };
    }
    return { value: value as PackageManifest, diagnostics: [], locate };
  } catch (problem) {
    return { value: undefined, diagnostics: [error('package-json', `package.json is not valid JSON: ${(problem as Error).message}`)], locate };
  }
}

/**
 * The rules every package the registry publishes follows: its name, a semver version, a licence, public,
 * nothing run on install, and no runtime dependency but `dependencies` (an agent's skills), exactly.
 */
function publishedPackageRules(
  manifest: PackageManifest,
  expectedName: string,
  dependencies: Readonly<Record<string, string>>,
  fail: (code: DiagnosticCode, key: string, message: string) => void,
): void {
  if (manifest.name !== expectedName) fail('package-name', 'name', `package name must be "${expectedName}", found ${JSON.stringify(manifest.name)}`);
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version)) {
    fail('package-version', 'version', `"version" must be a semver version such as "0.0.0", found ${JSON.stringify(manifest.version)}`);
  }
  if (manifest.private === true) fail('package-private', 'private', 'a registry package must not be private: it is published');
  if (typeof manifest.license !== 'string' || manifest.license.trim() === '') fail('package-license', 'license', '"license" is required (e.g. "MIT")');
  const access = (manifest.publishConfig as { access?: unknown } | undefined)?.access;
  if (access !== 'public') fail('package-access', 'publishConfig', '"publishConfig": { "access": "public" } is required for a scoped package');
  const expected = Object.keys(dependencies).length;
  for (const field of RUNTIME_DEPENDENCY_FIELDS) {
    const value = manifest[field];
    const count = Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
    if (field === 'dependencies' && expected > 0) {
      const found = JSON.stringify(value ?? {});
      if (found !== JSON.stringify(dependencies)) {
        fail('skill-dependencies', field, `"dependencies" must be exactly its skills' packages, ${JSON.stringify(dependencies)}: found ${found}`);
      }
    } else if (count > 0)
      fail('package-dependencies', field, `a registry package has no runtime dependencies${expected > 0 ? ' but its skills' : ''}: remove "${field}"`);
  }
  const scripts = (manifest.scripts ?? {}) as Record<string, unknown>;
  for (const script of INSTALL_SCRIPTS) {
    if (script in scripts) fail('package-scripts', 'scripts', `a registry package runs nothing on install: remove the "${script}" script`);
  }
}

/** The dependencies an agent's package declares: one per skill it names, on that skill's package, as the workspace resolves it. */
export function skillDependencies(scope: string, skills: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries([...new Set(skills ?? [])].sort().map((skill) => [skillPackageName(scope, skill), 'workspace:^']));
}

/** The rules a published agent package must follow: those of every registry package, its module type, files and exports. */
export function packageRules(
  manifest: PackageManifest,
  expectedName: string,
  locate: (key: string) => Position,
  dependencies: Readonly<Record<string, string>> = {},
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, key: string, message: string) => diagnostics.push(error(code, message, locate(key)));
  publishedPackageRules(manifest, expectedName, dependencies, fail);
  if (manifest.type !== 'module') fail('package-type', 'type', '"type" must be "module"');
  const files = Array.isArray(manifest.files) ? [...manifest.files].map(String).sort() : undefined;
  if (files === undefined || files.join() !== [...AGENT_PACKAGE_FILES].sort().join()) {
    fail('package-files', 'files', `"files" must be exactly ${JSON.stringify(AGENT_PACKAGE_FILES)}, so the package ships nothing else`);
  }
  const exportsProblem = checkExports(manifest.exports);
  if (exportsProblem) fail('package-exports', 'exports', exportsProblem);
  return diagnostics.sort(byPosition);
}

/** The rules a published skill package must follow: those of every registry package, and `files` that ship exactly what the gate read. */
export function skillPackageRules(
  manifest: PackageManifest,
  expectedName: string,
  ownEntries: readonly string[],
  locate: (key: string) => Position,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: DiagnosticCode, key: string, message: string) => diagnostics.push(error(code, message, locate(key)));
  publishedPackageRules(manifest, expectedName, {}, fail);
  const expected = [...ownEntries, 'CHANGELOG.md'].sort();
  const files = Array.isArray(manifest.files) ? [...manifest.files].map(String).sort() : undefined;
  if (files === undefined || files.join() !== expected.join()) {
    fail(
      'package-files',
      'files',
      `"files" must be exactly the skill's own entries, ${JSON.stringify(expected)}, so the package ships what was checked and nothing else`,
    );
  }
  return diagnostics.sort(byPosition);
}

function checkExports(exports: unknown): string | undefined {
  if (typeof exports !== 'object' || exports === null) return '"exports" is required';
  const map = exports as Record<string, unknown>;
  const root = map['.'] as Record<string, unknown> | undefined;
  if (root?.types !== AGENT_PACKAGE_ENTRY.types || root?.default !== AGENT_PACKAGE_ENTRY.default) {
    return `"exports"["."] must be { "types": "${AGENT_PACKAGE_ENTRY.types}", "default": "${AGENT_PACKAGE_ENTRY.default}" }`;
  }
  for (const [subpath, target] of Object.entries(AGENT_PACKAGE_EXPORTS)) {
    if (map[subpath] !== target) return `"exports" must map "${subpath}" to "${target}"`;
  }
  return undefined;
}
