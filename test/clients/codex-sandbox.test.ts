import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { installOnce, startResponsesApiStandIn, tempDir, writeFiles } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { clientInstalls } from '../client-versions.js';

/**
 * Why a restricted agent gets no Codex file (packages/clients/src/codex.ts): Codex does not apply a role's
 * `sandbox_mode` when it spawns the role; the role inherits the parent session's sandbox
 * (openai/codex#45482). Codex runs offline against a stand-in for the Responses API whose main session
 * spawns a read-only role that writes a file. When this test fails on a new Codex, the role's sandbox
 * holds: the rule in codex.ts can be lifted.
 */
// Installed where the conformance installs the pinned one, and the newer one beside it.
const VERSIONS = clientInstalls('codex', 'codex');
const ROLE = 'reader';
const MARKER = 'ROLE-MARKER-7f3a';
const WRITTEN = 'written-by-the-role.txt';

async function spawnReadOnlyRole(codex: string, parentSandbox: 'workspace-write' | 'read-only') {
  const standIn = await startResponsesApiStandIn(ROLE, MARKER, `echo role > ${WRITTEN}`);
  try {
    const home = tempDir('codex-home-');
    const project = tempDir('codex-project-');
    // A git repository Codex trusts (config.toml below).
    execFileSync('git', ['init', '-q'], { cwd: project });
    writeFiles(home, {
      '.codex/config.toml': [
        'model = "gpt-5.1"',
        'model_provider = "stand-in"',
        '[model_providers.stand-in]',
        'name = "stand-in"',
        `base_url = "${standIn.url}"`,
        'wire_api = "responses"',
        'env_key = "STAND_IN_KEY"',
        `[projects.${JSON.stringify(project)}]`,
        'trust_level = "trusted"',
        '',
      ].join('\n'),
      // What the registry would write for a read-only agent, if it wrote one.
      [`.codex/agents/${ROLE}.toml`]: `name = "${ROLE}"\ndescription = "Reads code."\nsandbox_mode = "read-only"\ndeveloper_instructions = """\n${MARKER} You read code and change nothing.\n"""\n`,
    });
    const env = { ...process.env, HOME: home, CODEX_HOME: join(home, '.codex'), STAND_IN_KEY: 'stand-in' };
    await new Promise<void>((resolve, reject) => {
      const child = execFile(
        codex,
        ['exec', '--sandbox', parentSandbox, 'Delegate to the reader.'],
        { cwd: project, env, timeout: 300_000 },
        (problem, stdout, stderr) => (problem ? reject(new Error(`${problem.message}\n${stdout}${stderr}`)) : resolve()),
      );
      child.stdin?.end();
    });
    return { wrote: existsSync(join(project, WRITTEN)), childInputs: standIn.childInputs };
  } finally {
    await standIn.close();
  }
}

const platformMissing = process.platform !== 'linux' || process.arch !== 'x64';

describe.skipIf(platformMissing)("Codex spawns a role with its parent's sandbox, not the role's own (openai/codex#45482)", () => {
  it.each(VERSIONS)('%s: a read-only role writes a file under a workspace-write parent, and cannot under a read-only one', async (spec, folder) => {
    const codex = join(installOnce('client-conformance', spec, folder), 'node_modules', '.bin', 'codex');
    const underWrite = await spawnReadOnlyRole(codex, 'workspace-write');
    expect(underWrite.childInputs.length, 'Codex spawned the role').toBeGreaterThan(0);
    // The role is told the parent's mode, and its command writes.
    expect(underWrite.childInputs[0]).toContain('`sandbox_mode` is `workspace-write`');
    expect(underWrite.wrote).toBe(true);
    // The sandbox itself works: under a read-only parent the same role cannot write.
    const underRead = await spawnReadOnlyRole(codex, 'read-only');
    expect(underRead.childInputs.length).toBeGreaterThan(0);
    expect(underRead.wrote).toBe(false);
  });
});
