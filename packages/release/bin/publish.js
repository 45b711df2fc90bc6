#!/usr/bin/env node
import { keepYoungGenerationSmall, runProgram } from '@agents/kit';
import { publishCommand } from '../dist/publish-command.js';

// A first publish of 6,000 packages peaked at about 480 MB, and 370 MB with it (by hand, /usr/bin/time); its time,
// 35 to 50 s on Verdaccio, moved more with the disk between runs than with this.
keepYoungGenerationSmall();
process.exitCode = await runProgram('publish', () => publishCommand(process.argv.slice(2)));
