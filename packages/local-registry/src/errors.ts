import { ProgramError } from '@agents/kit';

/**
 * - no-port: no free port on 127.0.0.1;
 * - not-started: Verdaccio did not start or did not answer;
 * - user: a user could not be created on the registry.
 */
export type LocalRegistryErrorCode = 'no-port' | 'not-started' | 'user';

/** The local registry (Verdaccio on 127.0.0.1) could not be started or set up. */
export class LocalRegistryError extends ProgramError<LocalRegistryErrorCode> {
  override readonly name = 'LocalRegistryError';

  constructor(code: LocalRegistryErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
