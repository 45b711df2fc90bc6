export { BASE_FRONTMATTER, CLIENT_CASES, HOSTILE_PROMPTS } from './client-cases.js';
export {
  type AgentSpec,
  agentManifest,
  agentMarkdown,
  CATALOG,
  CLI,
  CORPUS,
  corpusFiles,
  makeRegistry,
  REPO_ROOT,
  type Run,
  runCli,
  runCliAsync,
  SEED,
  SEED_PACKAGE,
  SHARED,
  sharedMissing,
  skillFiles,
  tempDir,
  writeFiles,
  writeWorkspacePackages,
} from './fixtures.js';
export { installOnce } from './install-once.js';
export { type MessagesApiStandIn, probeMarker, startMessagesApiStandIn, type ToolCall } from './messages-api-stand-in.js';
export { oncePerRun } from './once-per-run.js';
export { isolatedUser, publishAsIs, publishBuilt, publishPackage, registryProject } from './registry-project.js';
export { type ResponsesApiStandIn, startResponsesApiStandIn } from './responses-api-stand-in.js';
export { runInProcess } from './run-in-process.js';
export { startTrustedPublishingStandIn, type TrustedPublishingStandIn } from './trusted-publishing.js';
export { cloneWorkspace, commitAll, nextPatch, type PlannedRelease, releasePlan, snapshotWorkspace, tags, unusedAgentName, writePrompt } from './workspace.js';
