/**
 * Measurements that need a process of their own (a fresh module cache):
 *   node probes.js import <dir> <count>  → ms to import each variant's modules, and per self-contained package
 *   node probes.js validate <dir>        → ms to validate every .md file, and the bare limit
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAgentFile } from '@agents/loader';
import { parseDocument } from 'yaml';
import { BenchError } from './errors.js';

const [kind, dir, count] = process.argv.slice(2);

async function importProbe(root: string, n: number): Promise<Record<string, number>> {
  const variants = ['compiled', 'plain', 'runtime', 'empty'];
  // Warm the ESM loader and the libraries the runtime variant uses, outside the measurement.
  for (const variant of variants) await import(pathToFileURL(join(root, variant, 'warm.mjs')).href);
  const totals: Record<string, number> = Object.fromEntries(variants.map((variant) => [variant, 0]));
  // Interleaved in slices, so that a slow moment of the machine falls on every variant alike, in an
  // order that rotates from slice to slice, so that no variant always follows the costly runtime one.
  const slice = 25;
  for (let start = 0, turn = 0; start < n; start += slice, turn++) {
    for (const variant of variants.map((_, index) => variants[(index + turn) % variants.length]!)) {
      const begin = process.hrtime.bigint();
      for (let index = start; index < Math.min(n, start + slice); index++) await import(pathToFileURL(join(root, variant, `m${index}.mjs`)).href);
      totals[variant]! += Number(process.hrtime.bigint() - begin) / 1e6;
    }
  }
  // Then packages that parse at import and carry their own gray-matter and zod: each evaluates its bundle.
  const packages = readdirSync(join(root, 'self-contained')).length - 1;
  const selfContained = (index: number) => import(pathToFileURL(join(root, 'self-contained', `p${index}`, 'index.mjs')).href);
  await selfContained(packages);
  const begin = process.hrtime.bigint();
  for (let index = 0; index < packages; index++) await selfContained(index);
  totals.self_contained_per_package = Number(process.hrtime.bigint() - begin) / 1e6 / packages;
  return totals;
}

async function validateProbe(root: string): Promise<Record<string, number>> {
  // Each package's agent.md: not the files the build writes for other clients (clients/copilot.agent.md).
  const files = (await readdir(root, { recursive: true })).filter((file) => basename(file) === 'agent.md').map((file) => join(root, file));
  // The bare limit reads the way the loader does (synchronously), so that the ratio is the cost of validating.
  const bare = () =>
    Promise.all(
      files.map(async (file) => {
        const text = readFileSync(file, 'utf8');
        const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
        if (match) parseDocument(match[1]!).toJS();
      }),
    );
  const ours = async () => {
    const results = await Promise.all(files.map((file) => loadAgentFile(file)));
    if (results.some((result) => result.agent === undefined)) throw new BenchError('wrong-result', 'a synthetic agent did not validate');
  };
  const best = { bare: Number.POSITIVE_INFINITY, ours: Number.POSITIVE_INFINITY, files: files.length };
  for (let round = 0; round < 9; round++) {
    for (const [name, run] of [
      ['bare', bare],
      ['ours', ours],
    ] as const) {
      const begin = process.hrtime.bigint();
      await run();
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - begin) / 1e6);
    }
  }
  return best;
}

const result = kind === 'import' ? await importProbe(dir!, Number(count)) : await validateProbe(dir!);
console.log(JSON.stringify(result));
