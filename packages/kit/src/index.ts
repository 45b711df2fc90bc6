export { formatHelp, type OptionSpec, type OptionSpecs, type ParsedArguments, type ProgramHelp, parseArguments } from './args.js';
export { annotation, summaryCell, summaryCode } from './github.js';
export { keepYoungGenerationSmall } from './memory.js';
export { type Output, processOutput, toJson } from './output.js';
export { EXIT, type ExitCode, ProgramError, type ProgramOptions, runProgram } from './program.js';
export {
  displayPath,
  FORMATS,
  type Format,
  formatGithub,
  formatJson,
  formatReports,
  formatText,
  plural,
  type ReportedDiagnostic,
  type ReportedFile,
  type Summary,
  summarize,
} from './report.js';
export { writeAtomically, writeGenerated } from './write.js';
