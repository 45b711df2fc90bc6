#!/usr/bin/env node
import { releaseLocal } from '../dist/release-local.js';

process.exitCode = await releaseLocal(process.argv.slice(2));
