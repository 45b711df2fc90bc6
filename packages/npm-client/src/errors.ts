import { ProgramError } from '@agents/kit';

/**
 * - unreachable: no connection to the registry (network, proxy, TLS);
 * - forbidden: the registry refused the credentials (401/403);
 * - http-status: another HTTP error;
 * - not-a-package-document: the registry's answer is not a package document;
 * - too-large: a document or tarball over its size limit (or a gzip bomb);
 * - integrity: a tarball that does not match the registry's integrity;
 * - damaged-tarball: a tarball that does not unpack;
 * - bad-entry: a tarball entry a package whose every file is used may not hold (a link, a path out of it, a file over the limit);
 * - signature: a version the registry's published keys do not verify;
 * - provenance: a provenance attestation that is missing, unreadable, for another package, or not verified by Sigstore.
 */
export type RegistryErrorCode =
  | 'unreachable'
  | 'forbidden'
  | 'http-status'
  | 'not-a-package-document'
  | 'too-large'
  | 'integrity'
  | 'damaged-tarball'
  | 'bad-entry'
  | 'signature'
  | 'provenance';

/** An npm registry could not be asked, or answered with something that is not an agent package. */
export class RegistryError extends ProgramError<RegistryErrorCode> {
  override readonly name = 'RegistryError';

  constructor(code: RegistryErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
