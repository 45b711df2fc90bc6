import { defineConfig } from 'vitest/config';

// Claude Code and the Agent SDK are large downloads: their conformance tests run on their own (pnpm test:claude).
export default defineConfig({
  test: {
    include: ['test/claude-code/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    reporters: ['default', './packages/test-support/src/summary-reporter.ts'],
  },
});
