import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type {} from './once-per-run.js';

// vitest.config.ts, globalSetup: made before any test file runs, removed after the last.
export default function runDirectory(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agents-run-'));
  project.provide('runDirectory', dir);
  return () => rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
