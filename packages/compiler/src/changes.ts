import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFolders, decodeAgentBytes, type ParseResult, parseAgent, parseSkill } from '@agents/loader';
import { AGENT_FILE, AGENTS_DIR, type AgentChange, agentDir, diffAgent, SKILL_FILE, SKILLS_DIR, type SkillApprovals, skillDir } from '@agents/schema';
import { listFiles, readFilesAt, resolveBase } from './git.js';

const AGENT_PATH = /^agents\/[^/]+\/([^/]+)\/agent\.md$/;
const SKILL_PATH = /^skills\/([^/]+)\/SKILL\.md$/;

/** One agent's change, with its current parse (to locate annotations in the file). */
export interface FoundChange {
  change: AgentChange;
  current: ParseResult | undefined;
}

/**
 * What each agent of the registry at `root` gains or loses in the working tree since the commit
 * where the current branch forked from `base`: `agents changes`, the pull request's capability review.
 */
export async function registryChanges(root: string, base: string): Promise<{ commit: string; found: FoundChange[] }> {
  const commit = await resolveBase(root, base);
  const basePaths = (await listFiles(root, commit, AGENTS_DIR)).filter((path) => AGENT_PATH.test(path));
  const baseSkillPaths = (await listFiles(root, commit, SKILLS_DIR)).filter((path) => SKILL_PATH.test(path));
  const [before, after, skillsBefore, skillsAfter] = await Promise.all([
    readFilesAt(root, commit, basePaths),
    currentAgentFiles(root),
    readFilesAt(root, commit, baseSkillPaths).then(approvalsOf),
    currentSkillFiles(root).then(approvalsOf),
  ]);
  // What the skills an agent names approve, as the agent named them then and names them now.
  const named = (skills: readonly string[] | undefined, approvals: SkillApprovals): SkillApprovals =>
    Object.fromEntries((skills ?? []).map((skill) => [skill, approvals[skill] ?? []]));
  const found: FoundChange[] = [];
  for (const path of [...new Set([...basePaths, ...after.keys()])].sort()) {
    const old = parse(before.get(path));
    const current = parse(after.get(path));
    const name = current?.agent?.name ?? old?.agent?.name ?? AGENT_PATH.exec(path)![1]!;
    const change = diffAgent(name, path, old?.agent, current?.agent, {
      before: named(old?.agent?.skills, skillsBefore),
      after: named(current?.agent?.skills, skillsAfter),
    });
    if (change) found.push({ change, current });
  }
  return { commit, found };
}

function parse(bytes: Buffer | undefined): ParseResult | undefined {
  if (bytes === undefined) return undefined;
  const decoded = decodeAgentBytes(bytes);
  return 'text' in decoded ? parseAgent(decoded.text) : undefined;
}

/**
 * `agents/<category>/<name>/agent.md` of the working tree, by repository-relative path: the folders the
 * registry's walker finds (a link that leads outside the repository is not read).
 */
async function currentAgentFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const { category, folder, dir } of (await agentFolders(root)).folders) {
    const content = await readFile(join(dir, AGENT_FILE)).catch(() => undefined);
    if (content !== undefined) files.set(`${agentDir(category, folder)}/${AGENT_FILE}`, content);
  }
  return files;
}

/** What each skill's SKILL.md approves without asking (`allowed-tools`), by skill name (its folder's). */
function approvalsOf(files: Map<string, Buffer>): SkillApprovals {
  const approvals: Record<string, readonly string[]> = {};
  for (const [path, bytes] of files) {
    const decoded = decodeAgentBytes(bytes);
    if ('text' in decoded) approvals[SKILL_PATH.exec(path)![1]!] = parseSkill(decoded.text).skill?.allowedTools ?? [];
  }
  return approvals;
}

/** `skills/<name>/SKILL.md` of the working tree, by repository-relative path; links are not followed. */
async function currentSkillFiles(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const folders = await readdir(join(root, SKILLS_DIR), { withFileTypes: true }).catch(() => []);
  for (const folder of folders.filter((entry) => entry.isDirectory())) {
    const path = join(root, skillDir(folder.name), SKILL_FILE);
    if (!(await lstat(path).catch(() => undefined))?.isFile()) continue;
    files.set(`${skillDir(folder.name)}/${SKILL_FILE}`, await readFile(path));
  }
  return files;
}
