// A thread of the catalog's Markdown renderer (render-pool.ts): renders each document it is sent, in order.
import { parentPort } from 'node:worker_threads';
import { renderMarkdown } from './markdown.js';

parentPort?.on('message', ({ id, markdown }: { id: number; markdown: string }) => {
  parentPort?.postMessage({ id, html: renderMarkdown(markdown) });
});
