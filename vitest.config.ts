import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; the CLI tests run the built program as a real process.
    alias: {
      '@agents/schema': source('./packages/schema/src/index.ts'),
      '@agents/loader': source('./packages/loader/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Claude Code and the Agent SDK are large downloads: pnpm test:claude runs those tests.
    exclude: ['test/claude-code/**', 'test/clients/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // Hooks start and stop registries and remove workspaces: on a loaded 2-core machine that takes a while.
    hookTimeout: 120_000,
    reporters: ['default', './packages/test-support/src/summary-reporter.ts'],
    setupFiles: ['./packages/test-support/src/environment.ts'],
  },
});
