import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder that lasts as long as the run (run-directory.ts, a globalSetup): where test files share what `oncePerRun` makes. */
    runDirectory: string;
  }
}

type Outcome<T> = { value: T } | { error: string };

const inThisFile = new Map<string, Promise<unknown>>();

/**
 * What `produce` makes, made once in a run: by the first test file that asks, in whichever worker; every
 * other file waits for it (with no time limit but its hook's) and gets the same value. `produce` works in
 * a folder of its own that lasts until the run ends; its value must be JSON.
 */
export function oncePerRun<T>(name: string, produce: (dir: string) => Promise<T>): Promise<T> {
  const known = inThisFile.get(name) ?? makeOrWait(name, produce);
  inThisFile.set(name, known);
  return known as Promise<T>;
}

async function makeOrWait<T>(name: string, produce: (dir: string) => Promise<T>): Promise<T> {
  const runDirectory = inject('runDirectory');
  if (runDirectory === undefined) throw new Error('oncePerRun needs packages/test-support/src/run-directory.ts among the globalSetup files');
  const dir = join(runDirectory, name);
  const outcomeFile = join(runDirectory, `${name}.json`);
  if (claim(dir)) {
    const outcome = await produce(dir).then(
      (value): Outcome<T> => ({ value }),
      (problem: unknown): Outcome<T> => ({ error: problem instanceof Error ? (problem.stack ?? problem.message) : String(problem) }),
    );
    // Written whole, then renamed into place: a waiting file never reads half of it.
    writeFileSync(`${outcomeFile}.part`, JSON.stringify(outcome));
    renameSync(`${outcomeFile}.part`, outcomeFile);
  }
  for (;;) {
    const text = readIfThere(outcomeFile);
    if (text === undefined) {
      await sleep(250);
      continue;
    }
    const outcome = JSON.parse(text) as Outcome<T>;
    if ('error' in outcome) throw new Error(`${name} (made once for the run) failed:\n${outcome.error}`);
    return outcome.value;
  }
}

/** Whether this call made the folder: creating a folder is atomic, so one file of the run claims the work. */
function claim(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
