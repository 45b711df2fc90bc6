export { type AgentModule, type CompiledFiles, compileAgent, toModule, toSdkDefinition } from './build/compile.js';
export { main } from './main.js';
export { type Output, processOutput } from './output.js';
export { findRegistryRoot } from './workspace.js';
export { type Format, formatGithub, formatJson, formatText, summarize } from './report.js';
export { type AgentChange, diffAgent } from './changes/diff.js';
export { loadNpmConfig, type NpmConfig } from './npm/config.js';
