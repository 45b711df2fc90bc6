export { formatHelp, type OptionSpec, type OptionSpecs, type ParsedArguments, type ProgramHelp, parseArguments } from './args.js';
export { byPosition, type Diagnostic, hasErrors, LineIndex, type Position } from './diagnostic.js';
export { annotation, summaryCell, summaryCode } from './github.js';
export {
  describeCodePoint,
  findHiddenCharacters,
  formatCodePoint,
  type HiddenCharacters,
  isHiddenCandidate,
  printable,
  replaceHiddenCharacters,
} from './hidden.js';
export { type LoadedAgent, loadAgentFile } from './load.js';
export { keepYoungGenerationSmall } from './memory.js';
export { type Output, processOutput, toJson } from './output.js';
export { irregularFiles } from './package-files.js';
export { type ParseResult, parseAgent } from './parse.js';
export { type CachedParse, codeFingerprint, type ParseCache, parserFingerprint } from './parse-cache.js';
export { EXIT, type ExitCode, ProgramError, type ProgramOptions, runProgram } from './program.js';
export { decodeAgentBytes, MAX_FILE_BYTES, readAgentText } from './read.js';
export { type FileReport, GENERATED_IN_AGENT_FOLDER, loadRegistry, type PackageManifest, packageRules, type Registry, type RegistryAgent } from './registry.js';
export { findRegistryRoot, NO_REGISTRY } from './registry-root.js';
export { displayPath, FORMATS, type Format, formatGithub, formatJson, formatReports, formatText, plural, type Summary, summarize } from './report.js';

export { CATEGORY_PACKAGE_FOLDERS, type Reservation, reservedNames, type WorkspacePackage, workspacePackages } from './workspace.js';
export { writeAtomically, writeGenerated } from './write.js';
