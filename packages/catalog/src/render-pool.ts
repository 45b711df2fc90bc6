import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderMarkdown } from './markdown.js';

/** Renders untrusted Markdown to sanitised HTML (see markdown.ts), here or on other threads. */
export interface MarkdownRenderer {
  render(markdown: string): Promise<string>;
  close(): Promise<void>;
}

/** Below this many documents, starting threads (each loads marked and sanitize-html) costs more than it saves. */
const THREADS_FROM = 500;
const MAX_THREADS = 4;
/** The built worker; the TypeScript sources (what the tests import) have none, and render in this thread. */
const WORKER = new URL('./render-worker.js', import.meta.url);

const inThisThread: MarkdownRenderer = {
  render: async (markdown) => renderMarkdown(markdown),
  close: async () => {},
};

/** A renderer for `documents` documents: on a thread per core (up to four) when there are enough of them to be worth it. */
export function markdownRenderer(documents: number): MarkdownRenderer {
  const threads = Math.min(availableParallelism(), MAX_THREADS);
  if (documents < THREADS_FROM || threads < 2 || !existsSync(fileURLToPath(WORKER))) return inThisThread;
  return workerRenderer(threads);
}

interface Task {
  resolve(html: string): void;
  reject(problem: unknown): void;
}

function workerRenderer(threads: number): MarkdownRenderer {
  const tasks = new Map<number, Task>();
  let nextId = 0;
  let failure: unknown;
  const fail = (problem: unknown) => {
    failure ??= problem;
    for (const task of tasks.values()) task.reject(problem);
    tasks.clear();
  };
  // A young generation of 32 MB per thread: each renders one document at a time and keeps nothing, but at
  // 16 MB collecting took a sixth of a thread's time (5,000 prompts), at 32 MB a fifteenth.
  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 32 } });
    worker.on('message', ({ id, html }: { id: number; html: string }) => {
      tasks.get(id)?.resolve(html);
      tasks.delete(id);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (tasks.size > 0) fail(new Error(`a Markdown rendering thread stopped (exit code ${code}) with documents left to render`));
    });
    return worker;
  });
  return {
    render(markdown) {
      if (failure !== undefined) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        tasks.set(id, { resolve, reject });
        // Documents are about the same size: taking turns shares them out evenly enough.
        workers[id % threads]!.postMessage({ id, markdown });
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
