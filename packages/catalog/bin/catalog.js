#!/usr/bin/env node
import { keepYoungGenerationSmall, runProgram } from '@agents/kit';
import { main } from '../dist/main.js';

keepYoungGenerationSmall();
process.exitCode = await runProgram('catalog', () => main(process.argv.slice(2)), { usageHint: 'Run "pnpm catalog --help" for usage.' });
