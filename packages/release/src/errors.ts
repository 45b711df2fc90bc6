import { EXIT, ProgramError } from '@agents/kit';

/**
 * - usage: release:local or the publisher was called wrongly;
 * - no-kept-registry: `release:local --registry` names a registry no `--keep` run keeps;
 * - step-failed: a step of the pipeline (a command it runs) failed; the message holds its output;
 * - registry: the registry could not say what is published;
 * - irregular-file: a package folder holds a symbolic link or special file;
 * - workspace: a package depends on a workspace package that does not exist;
 * - tags: git could not create the release tags;
 * - not-an-agent: a published package does not export an agent definition;
 * - bootstrap: trusted publishing, and packages the registry does not have yet (release:bootstrap publishes them).
 */
export type ReleaseErrorCode =
  | 'usage'
  | 'no-kept-registry'
  | 'step-failed'
  | 'registry'
  | 'irregular-file'
  | 'workspace'
  | 'tags'
  | 'not-an-agent'
  | 'bootstrap';

/** An expected failure of a release: what failed and why; a re-run finishes what is missing. */
export class ReleaseError extends ProgramError<ReleaseErrorCode> {
  override readonly name = 'ReleaseError';

  constructor(code: ReleaseErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: code === 'usage' ? EXIT.usage : EXIT.failure });
  }
}
