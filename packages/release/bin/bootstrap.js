#!/usr/bin/env node
import { runProgram } from '@agents/kit';
import { bootstrapCommand } from '../dist/bootstrap.js';

process.exitCode = await runProgram('release:bootstrap', () => bootstrapCommand(process.argv.slice(2)));
