import { homedir } from 'node:os';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * A path as the output shows it: relative to the working folder when it lies inside it, else whole
 * (under the home folder as `~/…`): `--user` folders are not `../../home/me/.claude/agents`.
 */
export function shownPath(path: string, cwd: string, home: string = homedir()): string {
  const inside = relative(cwd, path);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  if (inside === '') return path;
  return path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
}
