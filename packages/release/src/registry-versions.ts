import { packumentUrl } from '@agents/npm-client';
import { ReleaseError } from './errors.js';

/**
 * The versions of a package a registry holds, from its abbreviated document
 * (one GET); none when the registry does not know the package.
 */
export async function registryVersions(registryUrl: string, name: string, authorization?: string): Promise<string[]> {
  const url = packumentUrl(registryUrl, name);
  const response = await fetch(url, { headers: { accept: 'application/vnd.npm.install-v1+json', ...(authorization ? { authorization } : {}) } });
  if (response.status === 404) return [];
  if (!response.ok) throw new ReleaseError('registry', `${url.origin} answered ${response.status} for ${name}`);
  const packument = (await response.json()) as { versions?: Record<string, unknown> };
  return Object.keys(packument.versions ?? {});
}
