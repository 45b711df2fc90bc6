#!/usr/bin/env node
import { bench } from '../dist/main.js';

process.exitCode = await bench(process.argv.slice(2));
