export { type BuildResult, buildRegistry } from './build.js';
export { type AgentChange, diffAgent, type ListChange, type ValueChange } from './capability-diff.js';
export { type FoundChange, registryChanges } from './changes.js';
export type { Conversion, FieldRecord, Outcome } from './clients/fidelity.js';
export { convertForClients } from './clients/index.js';
export { type AgentModule, type ClientSummary, type CompiledFiles, compileAgent, toModule, toSdkDefinition } from './compile.js';
export { BuildError, type BuildErrorCode } from './errors.js';
export { agentPackageManifest, type NewAgent, type Scaffolded, scaffoldAgent } from './scaffold.js';
