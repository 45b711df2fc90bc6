export { ReleaseError, type ReleaseErrorCode } from './errors.js';
export { type Manifest, packList, packTarball, publishedManifest } from './pack.js';
export { mapLimit } from './packages.js';
export { type PublishResult, publishWorkspace, tagPublished, unknownToRegistry } from './publisher.js';
export { registryVersions } from './registry-versions.js';
export { type PublishAuth, type ReleaseConfig, releaseConfig } from './release-config.js';
export {
  build,
  changelogEntry,
  type ImportedPackage,
  type InstalledAgent,
  installAndImport,
  installAndImportAll,
  publish,
  publishEnvironment,
  type VersionChange,
  validate,
  versionPackages,
} from './release-steps.js';
export { type RunResult, run, runOrThrow } from './run.js';
export { createTags } from './tags.js';
export { ExchangeRefused, TrustedPublishing } from './trusted-publishing.js';
export { cloneHead, installWorkspace, type PublicPackage, publicPackages } from './workspace.js';
