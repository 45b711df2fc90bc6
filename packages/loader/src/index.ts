export { byPosition, type Diagnostic, hasErrors, LineIndex, type Position } from './diagnostic.js';
export { describeCodePoint, findHiddenCharacters, formatCodePoint, type HiddenCharacters, isHiddenCandidate, printable, replaceHiddenCharacters } from './hidden.js';
export { type LoadedAgent, loadAgentFile } from './load.js';
export { irregularFiles } from './package-files.js';
export { type Reservation, reservedNames, type WorkspacePackage, workspacePackages } from './workspace.js';
export { type ParseResult, parseAgent } from './parse.js';
export { type CachedParse, type ParseCache, parserFingerprint } from './parse-cache.js';
export { decodeAgentBytes, MAX_FILE_BYTES, readAgentText } from './read.js';
export {
  AGENT_FILE,
  AGENT_PACKAGE_EXPORTS,
  AGENT_PACKAGE_FILES,
  agentPackageManifest,
  type FileReport,
  loadRegistry,
  type PackageManifest,
  packageRules,
  type Registry,
  type RegistryAgent,
} from './registry.js';
