#!/usr/bin/env node
import { runProgram } from '@agents/kit';
import { bench } from '../dist/main.js';

process.exitCode = await runProgram('bench', () => bench(process.argv.slice(2)));
