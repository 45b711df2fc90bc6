export { registryEnvironment, publishEnvironment } from './npm-config.js';
export { build, type InstalledAgent, installAndImport, publish, registryVersions, validate, type VersionChange, versionPackages } from './pipeline.js';
export { type RunResult, run, runOrThrow, StepError } from './run.js';
export { createRegistryUser, freePort, type LocalRegistry, type LocalRegistryOptions, startLocalRegistry } from './verdaccio.js';
export { cloneHead, installWorkspace, type PublicPackage, publicPackages } from './workspace.js';
export { type Manifest, packList, packTarball, publishedManifest } from './pack.js';
export { mapLimit, type WorkspacePackage, workspacePackages } from './packages.js';
export { type PublishResult, publishWorkspace } from './publisher.js';
export { createTags } from './tags.js';
