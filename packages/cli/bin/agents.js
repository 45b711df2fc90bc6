#!/usr/bin/env node
import { keepYoungGenerationSmall } from '@agents/kit';
import { main } from '../dist/main.js';

keepYoungGenerationSmall();
process.exitCode = await main(process.argv.slice(2));
