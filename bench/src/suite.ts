import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { BenchError } from './errors.js';
import { round } from './measure.js';
import { REPO } from './paths.js';

export interface SuiteRun {
  /** The whole command as a contributor runs it: the build, then every test. */
  test_s: number;
  tests_passed: number;
  tests_skipped: number;
  cpus: number;
}

/**
 * The README's test command (`pnpm test`), timed on this machine. Not through `timed`: its memory hook
 * would load into every process of the suite, and the suite's own processes are not what it measures.
 */
export function testSuite(): SuiteRun {
  const started = process.hrtime.bigint();
  const result = spawnSync('pnpm', ['test'], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The summary reporter's last line (packages/test-support/src/summary-reporter.ts).
  const counts = /\ntests: (\d+) passed, (\d+) failed, (\d+) skipped\n/.exec(result.stdout ?? '');
  if (result.status !== 0 || counts === null)
    throw new BenchError('step-failed', `pnpm test failed (${result.status}):\n${`${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-4000)}`);
  return { test_s: round(seconds, 0), tests_passed: Number(counts[1]), tests_skipped: Number(counts[3]), cpus: cpus().length };
}
