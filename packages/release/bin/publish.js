#!/usr/bin/env node
import { publishCommand } from '../dist/publish-command.js';

process.exitCode = await publishCommand(process.argv.slice(2));
