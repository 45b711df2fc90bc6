import { downloadTarball, fetchPackument, type NpmConfig, type Publisher, pickVersion, redactUrl, type VersionManifest } from '@agents/npm-client';
import { printable, SEMVER_PATTERN } from '@agents/schema';
import { CliError } from '../errors.js';
import { verifierFor } from './trust.js';

/**
 * A package version as the registry serves it, checked before anything reads it: the range resolved as npm
 * resolves it, the version semver and of the package asked for, the tarball its integrity, and whose it is
 * (the registry's signature and the provenance, PublisherVerifier). Shared by agents and their skills.
 */
export async function downloadVerified(
  packageName: string,
  range: string,
  config: NpmConfig,
): Promise<{ manifest: VersionManifest; bytes: Buffer; integrity: string; publisher: Publisher | null }> {
  const verifier = verifierFor(config);
  verifier.prefetch(packageName);
  const packument = await fetchPackument(packageName, config, { full: true });
  if (packument === undefined) throw new CliError('not-found', `${packageName} is not on ${redactUrl(config.registryFor(packageName))}`);
  const manifest = await pickVersion(packument, range);
  if (manifest === undefined) {
    const latest = packument['dist-tags']?.latest;
    throw new CliError(
      'not-found',
      `${packageName} has no version matching "${printable(range)}" (latest is ${typeof latest === 'string' ? printable(latest) : 'none'})`,
    );
  }
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version) || manifest.name !== packageName) {
    throw new CliError(
      'bad-package',
      `the registry answered for ${packageName} with ${printable(`${manifest.name}@${manifest.version}`)}, which is not a version of it; not installed`,
    );
  }
  verifier.prefetch(packageName, manifest);
  const { bytes, integrity } = await downloadTarball(manifest, config);
  // Before anything reads the tarball: whose it is.
  const { publisher } = await verifier.verify(packument, manifest, integrity);
  return { manifest, bytes, integrity, publisher };
}
