// A thread that walks package folders (package-walk.ts): the registry's reading goes on while it waits on the disk.
import { parentPort, workerData } from 'node:worker_threads';
import { packageEntries } from './package-files.js';
import type { WalkTask } from './package-walk.js';

parentPort?.postMessage((workerData as WalkTask[]).map(({ dir, skip }) => packageEntries(dir, new Set(skip))));
