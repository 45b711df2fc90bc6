export {
  type AdditionPlan,
  type AgentAddition,
  agentPackageManifest,
  applyPlan,
  planAddition,
  type RegistryState,
  registryState,
  type SkillAddition,
} from './addition.js';
export { type BuildResult, buildRegistry } from './build.js';
export { writeOwnCache } from './cache-file.js';
export { type FoundChange, registryChanges } from './changes.js';
export { type AgentModule, type ClientSummary, type CompiledFiles, compileAgent, toModule, toSdkDefinition } from './compile.js';
export { BuildError, type BuildErrorCode } from './errors.js';
export { type AgentSource, categoryOf, type ImportedFile, type ImportOptions, type ImportOutcome, type ImportResult, importAgents } from './import.js';
export { loadRegistryKeepingParses } from './parse-caches.js';
export { type Repaired, repairAgentText } from './repair.js';
export { type NewAgent, type Scaffolded, type ScaffoldedSkill, scaffoldAgent, scaffoldSkill } from './scaffold.js';
