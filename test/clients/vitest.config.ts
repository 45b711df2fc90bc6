import { defineConfig } from 'vitest/config';

// The other clients are large downloads (about 1 GB with their platform binaries): their conformance tests run on their own (pnpm test:clients).
export default defineConfig({
  test: {
    include: ['test/clients/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 900_000,
    reporters: ['default', './packages/test-support/src/summary-reporter.ts'],
  },
});
