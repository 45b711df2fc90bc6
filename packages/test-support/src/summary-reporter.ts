import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * The closing line's counts. Tests are counted by their result; a file that failed with no failed
 * test (its import, or a beforeAll or afterAll hook, failed) and every unhandled error count as one
 * failure each, and a run that failed is never reported as "0 failed".
 */
export function countResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: number, reason: TestRunEndReason): Counts {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const module of testModules) {
    let failedInModule = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') counts.passed++;
      else if (state === 'failed') failedInModule++;
      else counts.skipped++;
    }
    counts.failed += module.state() === 'failed' && failedInModule === 0 ? 1 : failedInModule;
  }
  counts.failed += unhandledErrors;
  if (reason !== 'passed' && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** Ends the run with a plain "tests: N passed, N failed, N skipped" line that any CI can read. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, reason: TestRunEndReason): void {
    const { passed, failed, skipped } = countResults(testModules, unhandledErrors.length, reason);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
