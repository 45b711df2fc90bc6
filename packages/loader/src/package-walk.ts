import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type PackageEntries, packageEntries } from './package-files.js';

/** A package folder to walk, and the top-level names that are not the package's. */
export interface WalkTask {
  dir: string;
  skip: string[];
}

/** Below this many folders, starting a thread costs more than the walk. */
const THREAD_FROM = 200;
/** The built worker; the TypeScript sources (what the tests import) have none, and walk in this thread. */
const WORKER = new URL('./walk-worker.js', import.meta.url);

/**
 * The entries of each package folder (packageEntries), in order. Thousands of folders are walked on another
 * thread: a folder's listing is a few system calls that wait on the kernel, and at 5,000 agents they are a
 * fifth of a build; on a thread of their own they cost the reading of the registry nothing.
 */
export function walkPackages(tasks: readonly WalkTask[]): Promise<PackageEntries[]> {
  const inThisThread = () => Promise.resolve(tasks.map(({ dir, skip }) => packageEntries(dir, new Set(skip))));
  if (tasks.length < THREAD_FROM || !existsSync(fileURLToPath(WORKER))) return inThisThread();
  return new Promise((resolve) => {
    let answered = false;
    const worker = new Worker(WORKER, { workerData: tasks });
    worker.once('message', (entries: PackageEntries[]) => {
      answered = true;
      resolve(entries);
      void worker.terminate();
    });
    // A thread that could not start, or stopped before it answered: the walk is done here instead.
    const instead = () => {
      if (answered) return;
      answered = true;
      resolve(inThisThread());
    };
    worker.once('error', instead);
    worker.once('exit', instead);
  });
}
