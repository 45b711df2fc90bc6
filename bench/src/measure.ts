import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError } from './errors.js';

const HOOK = fileURLToPath(new URL('../rss-hook.cjs', import.meta.url));

export interface Timed {
  seconds: number;
  /** The largest peak resident memory of any Node process of the step, in MB. */
  peakMb: number;
  output: string;
}

/** A step's environment: its Node processes record their peak memory into a file of their own. */
function measured(env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(join(tmpdir(), 'agents-bench-rss-'));
  const rssFile = join(dir, 'rss');
  return {
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env, AGENTS_BENCH_RSS: rssFile, NODE_OPTIONS: `--require ${HOOK}` },
    finish(command: string, args: string[], cwd: string, status: number | null, output: string, started: bigint): Timed {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        if (status !== 0) throw new BenchError('step-failed', `${command} ${args.join(' ')} failed (${status}) in ${cwd}:\n${output.slice(-4000)}`);
        const peaks = readFileSync(rssFile, 'utf8').trim().split('\n').filter(Boolean).map(Number);
        return { seconds, peakMb: Math.max(0, ...peaks) / 1024, output };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs a command to completion and times it; throws with its output when it fails. */
export function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Timed {
  const step = measured(env);
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: step.env });
  return step.finish(command, args, cwd, result.status, `${result.stdout ?? ''}${result.stderr ?? ''}`, started);
}

/** `timed` without blocking this process: for a step whose server (a proxy) answers from this process. */
export function timedAsync(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  const step = measured(env);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: step.env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve(step.finish(command, args, cwd, status, output, started));
      } catch (problem) {
        reject(problem);
      }
    });
  });
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A line through two measurements (cost = fixed + per item × n), to estimate what would take too long to run. */
export function linear(a: { n: number; s: number }, b: { n: number; s: number }): (n: number) => number {
  const perItem = (b.s - a.s) / (b.n - a.n);
  const fixed = a.s - perItem * a.n;
  return (n) => fixed + perItem * n;
}
