import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRegistry } from '@agents/local-registry';
import { publish, registryVersions, versionPackages } from '@agents/release';
import { CORPUS, commitAll, runCli, sharedMissing, tempDir, writeFiles } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterFirstRelease } from '../packages/release/test/first-release.js';

interface ImportJson {
  files: { file: string; outcome: 'imported' | 'fixed' | 'refused'; name?: string; folder?: string; reasons: string[]; fixes: string[] }[];
  summary: { imported: number; fixed: number; refused: number };
  changeset: string | null;
}

/** The body of an agent file: everything after the frontmatter's closing line. */
const bodyOf = (text: string) => text.slice(text.indexOf('\n---', 4) + 4);

/** A team's own agents, as they sit in a project: one as written by hand (a BOM, an unquoted ": "), one clean. */
const PROMPT = '\nYou review Terraform plans.\n\n---\n\nNever run `terraform apply`; a "plan" is all you read.\n';
const TEAM_AGENTS = {
  '.claude/agents/plan-reviewer.md': `\uFEFF---\nname: plan-reviewer\ndescription: Use when: a Terraform plan needs review\ntools: Read, Grep, Glob\n---\n${PROMPT}`,
  '.claude/agents/drift-finder.md': `---\nname: drift-finder\ndescription: "Use to find drift between Terraform state and the cloud."\ntools: Read, Grep\n---\n${PROMPT}`,
};

describe('agents import, then a release, then agents add', { timeout: 600_000 }, () => {
  let workspace: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  let team: string;
  let corpus: ImportJson | undefined;

  beforeAll(async () => {
    ({ workspace, registry, env } = await afterFirstRelease());
    // The team's folder is a git repository with a remote: the import records where each file came from.
    team = tempDir('agents-team-', 'file');
    writeFiles(team, TEAM_AGENTS);
    execFileSync('git', ['init', '--quiet', '--initial-branch=main'], { cwd: team });
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/platform.git'], { cwd: team });
    commitAll(team, 'Our agents');
    const imported = runCli(['import', join(team, '.claude/agents'), '--category', 'infrastructure'], workspace);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 agent files: 1 imported, 1 fixed and imported, 0 refused');

    if (sharedMissing(CORPUS) === undefined) {
      const run = runCli(['import', CORPUS, '--json'], workspace);
      // Some files are refused (exit 1); the others are imported.
      expect(run.status, run.stderr).toBe(1);
      corpus = JSON.parse(run.stdout) as ImportJson;
      // Progress on stderr, every hundred of the .md files read (the corpus has a README too).
      expect(run.stderr).toContain('Checked 600 of 672 files…');
    }
    expect(runCli(['validate'], workspace).status).toBe(0);
    const build = runCli(['build'], workspace);
    expect(build.status, build.stderr).toBe(0);
    commitAll(workspace, 'Import agents');
    await versionPackages(workspace);
    await publish(workspace, registry.url, env);
  }, 600_000);
  afterAll(() => registry?.stop());

  it.skipIf(sharedMissing(CORPUS) !== undefined)('imports the corpus: every file imported, fixed and imported, or refused with its reasons', async () => {
    const { files, summary } = corpus!;
    console.log(`agents import of the corpus: ${summary.imported} imported, ${summary.fixed} fixed and imported, ${summary.refused} refused`);
    // Ten more refused since round three: tool lists that Claude Code reads otherwise (names with spaces, wildcards).
    expect(summary).toEqual({ imported: 385, fixed: 12, refused: 274 });
    // Every file of the corpus has frontmatter (its README says 671), and each is accounted for.
    expect(files).toHaveLength(671);
    for (const file of files) {
      if (file.outcome === 'refused') expect(file.reasons.length, file.file).toBeGreaterThan(0);
      else expect(file.folder, file.file).toMatch(/^agents\/[a-z]+\/[a-z0-9-]+$/);
      if (file.outcome === 'fixed') expect(file.fixes.length, file.file).toBeGreaterThan(0);
    }
    // What was imported is published, at 1.0.0.
    const published = files.filter((file) => file.outcome !== 'refused');
    for (const file of [published[0]!, published.at(-1)!]) expect(await registryVersions(registry.url, `@agents/${file.name}`)).toEqual(['1.0.0']);
  });

  it("keeps where each agent came from, and agents add round-trips the team's prompt byte for byte", () => {
    const manifest = JSON.parse(readFileSync(join(workspace, 'agents/infrastructure/plan-reviewer/package.json'), 'utf8'));
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: team, encoding: 'utf8' }).trim();
    expect(manifest.agents.source).toEqual({ path: '.claude/agents/plan-reviewer.md', repository: 'https://github.com/acme/platform.git', commit });

    const project = tempDir('agents-import-project-');
    writeFiles(project, { 'package.json': '{"private":true}' });
    const add = runCli(['add', 'plan-reviewer', 'drift-finder'], project, { npm_config_userconfig: env.npm_config_userconfig });
    expect(add.status, add.stderr).toBe(0);
    for (const name of ['plan-reviewer', 'drift-finder']) {
      const original = TEAM_AGENTS[`.claude/agents/${name}.md` as keyof typeof TEAM_AGENTS];
      expect(bodyOf(readFileSync(join(project, '.claude/agents', `${name}.md`), 'utf8')), name).toBe(bodyOf(original));
    }
    expect(readFileSync(join(project, '.claude/agents/plan-reviewer.md'), 'utf8')).toContain('description: "Use when: a Terraform plan needs review"');
  });
});
