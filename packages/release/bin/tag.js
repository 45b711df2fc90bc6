#!/usr/bin/env node
import { runProgram } from '@agents/kit';
import { tagCommand } from '../dist/publish-command.js';

process.exitCode = await runProgram('tag', () => tagCommand(process.argv.slice(2)));
