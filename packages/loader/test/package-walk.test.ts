import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeRegistry, REPO_ROOT, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import * as fromSources from '../src/index.js';

// The built loader walks the package folders of a large registry on a thread of its own (package-walk.ts); the
// sources, which these tests import elsewhere, have no built worker and walk in this thread.
const built = (await import(pathToFileURL(join(REPO_ROOT, 'packages/loader/dist/index.js')).href)) as typeof fromSources;

describe('the walk of a large registry, on its own thread', () => {
  it('finds what the walk in this thread finds: links and pipes refused where they are, and the rest loaded', async () => {
    const folders = Array.from({ length: 240 }, (_, index) => ({ folder: `agent-${String(index).padStart(3, '0')}` }));
    const root = makeRegistry(folders);
    const secret = join(tempDir('agents-outside-'), 'id_rsa');
    writeFiles(root, { 'agents/development/agent-010/dist/index.js': 'export default {};\n' });
    writeFiles(join(secret, '..'), { id_rsa: 'secret' });
    symlinkSync(secret, join(root, 'agents/development/agent-010/dist/leak.txt'));
    mkdirSync(join(root, 'agents/development/agent-200/clients'));
    execFileSync('mkfifo', [join(root, 'agents/development/agent-200/clients/pipe.md')]);
    symlinkSync(secret, join(root, 'agents/development/agent-230/agent.md.orig'));

    const [threaded, here] = await Promise.all([built.loadRegistry(root), fromSources.loadRegistry(root)]);
    const errors = (registry: fromSources.Registry) =>
      registry.reports.flatMap((report) =>
        report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${report.path.slice(root.length + 1)} ${d.code}`),
      );
    expect(errors(threaded)).toEqual([
      'agents/development/agent-010/dist/leak.txt symlink-escape',
      'agents/development/agent-200/clients/pipe.md irregular-file',
      'agents/development/agent-230/agent.md.orig symlink-escape',
    ]);
    expect(errors(here)).toEqual(errors(threaded));
    const names = (registry: fromSources.Registry) => registry.agents.map((agent) => agent.name);
    expect(names(threaded)).toHaveLength(237);
    expect(names(threaded)).not.toContain('agent-010');
    expect(names(threaded)).toEqual(names(here));
    expect(threaded.agents[0]!.files).toEqual(new Set(['agent.md', 'package.json']));
  });
});
