import { EXIT, ProgramError } from '@agents/kit';

/**
 * - usage: an unknown option or argument;
 * - step-failed: a measured command or probe failed; the message holds its output;
 * - wrong-result: a measured step did something else than it should (so its time means nothing).
 */
export type BenchErrorCode = 'usage' | 'step-failed' | 'wrong-result';

/** A benchmark that could not be measured. */
export class BenchError extends ProgramError<BenchErrorCode> {
  override readonly name = 'BenchError';

  constructor(code: BenchErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, exitCode: code === 'usage' ? EXIT.usage : EXIT.failure });
  }
}
