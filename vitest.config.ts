import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; the CLI tests run the built program as a real process.
    alias: {
      '@agents/schema': source('./packages/schema/src/index.ts'),
      '@agents/loader': source('./packages/loader/src/index.ts'),
      '@agents/kit': source('./packages/kit/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts', 'test/**/*.test.ts'],
    // Claude Code and the Agent SDK are large downloads: pnpm test:claude runs those tests.
    exclude: ['test/claude-code/**', 'test/clients/**', '**/node_modules/**'],
    // The end-to-end files wait on registries, npm and git as much as they compute: one file per core keeps
    // the cores busy (vitest's default is one fewer, a single file at a time on two cores). One more was
    // measured slower, and made the longest end-to-end tests run past their time limits.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    // Hooks start and stop registries and remove workspaces: on a loaded 2-core machine that takes a while.
    hookTimeout: 120_000,
    reporters: ['default', './packages/test-support/src/summary-reporter.ts'],
    setupFiles: ['./packages/test-support/src/environment.ts'],
    // A folder for what test files share: the repository's first release, made once (oncePerRun).
    globalSetup: ['./packages/test-support/src/run-directory.ts'],
  },
});
