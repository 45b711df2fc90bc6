import { REPO_ROOT, runInProcess } from '@agents/test-support';
import { main } from '../src/main.js';

/** `agents <args>` run in this process from `cwd`, as `runCli` runs the built program: for tests that need no process of its own. */
export const agents = (args: string[], cwd: string = REPO_ROOT, env: NodeJS.ProcessEnv = {}) => runInProcess(main, args, cwd, env);
