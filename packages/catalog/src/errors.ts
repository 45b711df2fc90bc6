import { EXIT, ProgramError } from '@agents/kit';

/**
 * - usage: an unknown option or a wrong value;
 * - no-registry: run outside the registry's repository;
 * - invalid-registry: the registry has errors, so no site was written;
 * - output-folder: --out names a folder the catalog did not write;
 * - port-in-use: --serve cannot listen on the port.
 */
export type CatalogErrorCode = 'usage' | 'no-registry' | 'invalid-registry' | 'output-folder' | 'port-in-use';

/** An expected failure of `pnpm catalog`: exit code 1 when the registry has errors, 2 for everything the caller can change. */
export class CatalogError extends ProgramError<CatalogErrorCode> {
  override readonly name = 'CatalogError';

  constructor(code: CatalogErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: code === 'invalid-registry' ? EXIT.failure : EXIT.usage });
  }
}
