#!/usr/bin/env node
import { runProgram } from '@agents/kit';
import { releaseLocal } from '../dist/release-local.js';

process.exitCode = await runProgram('release:local', () => releaseLocal(process.argv.slice(2)), { usageHint: 'Run "pnpm release:local --help" for usage.' });
