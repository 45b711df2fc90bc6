/** What a published agent package is: the files it ships, what it exports, what it may not have. */

/** The file of an agent package that holds its definition. */
export const AGENT_FILE = 'agent.md';
/** What an agent package's `files` lists; npm adds package.json, README.md and LICENSE itself. */
export const AGENT_PACKAGE_FILES = ['CHANGELOG.md', 'agent.json', 'agent.md', 'clients', 'dist'] as const;
/** The module entry of every agent package. */
export const AGENT_PACKAGE_ENTRY = { types: './dist/index.d.ts', default: './dist/index.js' } as const;
/** The subpaths every agent package exports besides its entry. */
export const AGENT_PACKAGE_EXPORTS: Readonly<Record<string, string>> = {
  './agent.md': './agent.md',
  './agent.json': './agent.json',
  // The agent for other clients (clients/<client>/<file>), as agents build writes it.
  './clients/*': './clients/*',
  './package.json': './package.json',
};
/** Scripts npm runs on install: an agent package has none. */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare'] as const;
/** Fields that give a package runtime dependencies: an agent package has none. */
export const RUNTIME_DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies'] as const;
