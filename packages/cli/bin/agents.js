#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Node keeps the code it compiles for this program's modules (npm's libraries, Sigstore's) on disk, for
// the next run to start from: most of a short command's time is loading them. Before anything is imported.
enableCompileCache?.();
const { keepYoungGenerationSmall } = await import('@agents/kit');
const { main } = await import('../dist/main.js');

keepYoungGenerationSmall();
process.exitCode = await main(process.argv.slice(2));
