export { loadNpmConfig, type NpmConfig, packumentUrl, redactUrl } from './config.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { describePublisher, type Publisher, PublisherVerifier, publisherOf, samePublisher, type Verification } from './publisher.js';
export {
  downloadTarball,
  fetchPackument,
  MAX_TARBALL_BYTES,
  MAX_UNPACKED_BYTES,
  type Packument,
  pickVersion,
  readFromTarball,
  readPackageFiles,
  type VersionManifest,
  withinRanges,
} from './registry.js';
