import type { Output } from '@agents/loader';
import type { Fetched, Outcome } from './place.js';
import type { Target } from './target.js';

/** One line per agent placed, in words; `kept` outcomes say how to proceed, with the scope they were given. */
export function describeOutcome(fetched: Fetched, outcome: Outcome, path: string, output: Output, where: Pick<Target, 'scope' | 'client'>): string {
  const what = `${fetched.name} ${fetched.version}`;
  const user = `${where.scope === 'user' ? ' --user' : ''}${where.client === 'claude-code' ? '' : ` --client ${where.client}`}`;
  switch (outcome) {
    case 'installed':
      return `${output.style('green', '✔')} ${what} → ${path}`;
    case 'updated':
      return `${output.style('green', '✔')} ${what} → ${path} (replaced)`;
    case 'unchanged':
      return `${output.style('dim', '•')} ${what} already in ${path}`;
    case 'kept-modified':
      return `${output.style('yellow', '!')} ${fetched.name}: kept your edits to ${path}; compare with "agents diff ${fetched.name}${user}", replace with --force`;
    case 'kept-unmanaged':
      return `${output.style('yellow', '!')} ${fetched.name}: ${path} exists and was not installed by agents; replace it with --force`;
  }
}

export const isKept = (outcome: Outcome) => outcome === 'kept-modified' || outcome === 'kept-unmanaged';
