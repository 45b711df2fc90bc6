#!/usr/bin/env node
import { runProgram } from '@agents/kit';
import { publishCommand } from '../dist/publish-command.js';

process.exitCode = await runProgram('publish', () => publishCommand(process.argv.slice(2)));
