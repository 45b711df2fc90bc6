import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readClientFile } from '@agents/clients';
import { EXIT, type Output, toJson } from '@agents/kit';
import { parseAgent, parseSkill } from '@agents/loader';
import { describePublisher, type Publisher } from '@agents/npm-client';
import { contextCost, printable, SKILL_FILE } from '@agents/schema';
import { defineCommand } from '../command.js';
import { flags, noArguments } from '../flags.js';
import { type FileState, fileState } from '../install/files.js';
import { readLock } from '../install/lock.js';
import { folderState, shownSkillFolder } from '../install/skills.js';
import { agentFile, clientFlag, clientName, type TargetClient, target } from '../install/target.js';
import { shownPath } from '../shown-path.js';
import { table } from '../table.js';

export interface ListedAgent {
  name: string;
  package: string | null;
  version: string | null;
  source: 'registry' | 'node_modules' | 'local';
  state: FileState;
  path: string;
  /** Who built the installed version, as its provenance proved; null: no provenance, or not installed by agents; undefined in the lock: not checked. */
  publisher: Publisher | null;
  /** The tokens its name and description add to every session (estimated); null when the file is missing or unreadable. */
  contextTokens: number | null;
}

/** A skill installed for the agents that name it (`.claude/skills/`, or the shared `.agents/skills/` of other clients). */
export interface ListedSkill {
  name: string;
  package: string;
  version: string;
  state: 'missing' | 'unmodified' | 'modified';
  path: string;
  /** The installed agents that name it. */
  usedBy: string[];
  /** The range it was added at on its own (`agents add skill-<name>`); absent when only agents brought it. */
  added?: string;
  publisher: Publisher | null;
  /** The tokens its name and description add to every session (estimated), counted once however many agents use it. */
  contextTokens: number | null;
}

export const list = defineCommand({
  name: 'list',
  summary: 'List the agents in .claude/agents/: version, source, and whether you edited them',
  usage: 'agents list [--user] [--json] [--client <clients>]',
  description: `Every agent agents installed (from .claude/agents.lock.json), and every other
.md file in .claude/agents/ (source "local"). State: unmodified, modified (you
edited it since it was installed), missing (deleted), unmanaged (not installed
by agents). Context: the tokens each agent's name and description add to every
session, estimated, and their total. The skills installed with the agents
(.claude/skills/, .agents/skills/) follow, each with the agents that use it; a skill's name and
description are counted once.`,
  options: { user: flags.user, json: flags.json, client: flags.client },
  positionals: noArguments('agents list takes no arguments'),
  exitCodes: '0 listed, 1 the lock file cannot be read, 2 usage error.',
  examples: ['agents list', 'agents list --user --json'],
  async run({ user, json, client }, output) {
    const listings = [];
    for (const each of client) {
      const where = target({ user, cwd: output.cwd, client: each });
      listings.push({ where, agents: await listAgents(where, output), skills: await listSkills(where, output) });
    }
    if (json) {
      const shaped = listings.map(({ where, agents, skills }) => ({
        client: where.client,
        scope: where.scope,
        directory: where.agentsDir,
        agents,
        ...(where.skillsDir === undefined ? {} : { skills }),
        contextTokens: totalTokens([...agents, ...skills]),
      }));
      // One client (the default): the object alone, as before --client existed.
      output.out(toJson(shaped.length === 1 ? shaped[0] : shaped));
      return EXIT.ok;
    }
    for (const { where, agents, skills } of listings) {
      if (listings.length > 1) output.out(output.style('bold', `${clientName(where.client)} (${shownPath(where.agentsDir, output.cwd)})`));
      const stateStyle = (state: string) => (state === 'modified' ? output.style('yellow', state) : state === 'missing' ? output.style('red', state) : state);
      if (agents.length === 0) {
        output.out(`No agents in ${shownPath(where.agentsDir, output.cwd)}. Add one with: agents add <name>${clientFlag(where.client)}`);
        // Skills added on their own are listed all the same.
        if (skills.length === 0) continue;
      } else
        output.out(
          table(
            ['name', 'version', 'source', 'state', 'context', 'publisher'],
            // A local file's name is whatever the folder holds: printed through printable().
            agents.map((agent) => [
              printable(agent.name),
              agent.version ?? '-',
              agent.source,
              agent.state,
              agent.contextTokens === null ? '-' : `~${agent.contextTokens}`,
              agent.source === 'local' ? '-' : printable(describePublisher(agent.publisher).replace(/^https:\/\//, '')),
            ]),
            (column, cell) => (column === 3 ? stateStyle(cell) : cell),
          ),
        );
      if (skills.length > 0) {
        output.out(
          table(
            ['skill', 'version', 'state', 'context', 'used by'],
            skills.map((skill) => [
              skill.name,
              skill.version,
              skill.state,
              skill.contextTokens === null ? '-' : `~${skill.contextTokens}`,
              [...(skill.added === undefined ? [] : ['(added)']), ...skill.usedBy].join(', '),
            ]),
            (column, cell) => (column === 2 ? stateStyle(cell) : cell),
          ),
        );
      }
      const whose = skills.length > 0 ? "The agents' and skills'" : 'Their';
      output.out(`${whose} names and descriptions take ~${totalTokens([...agents, ...skills])} tokens of every session's context (estimated).`);
    }
    return EXIT.ok;
  },
});

async function listAgents(where: ReturnType<typeof target>, output: Pick<Output, 'cwd'>): Promise<ListedAgent[]> {
  const lock = await readLock(where.lockPath);
  const show = (path: string) => shownPath(path, output.cwd);
  const listed: ListedAgent[] = [];
  for (const [name, entry] of Object.entries(lock.agents)) {
    const path = agentFile(where, name);
    const { state } = await fileState(path, entry).catch(() => ({ state: 'unmanaged' as const }));
    listed.push({
      name,
      package: entry.package,
      version: entry.version,
      source: entry.source,
      state,
      path: show(path),
      publisher: entry.publisher ?? null,
      contextTokens: await contextTokensOf(path, where.client),
    });
  }
  const files = await readdir(where.agentsDir).catch(() => [] as string[]);
  for (const file of files) {
    const name = file.slice(0, -where.extension.length);
    if (!file.endsWith(where.extension) || file.startsWith('.') || name in lock.agents) continue;
    const path = agentFile(where, name);
    listed.push({
      name,
      package: null,
      version: null,
      source: 'local',
      state: 'unmanaged',
      path: show(path),
      publisher: null,
      contextTokens: await contextTokensOf(path, where.client),
    });
  }
  return listed.sort((a, b) => a.name.localeCompare(b.name));
}

/** The skills the lock records for a client that installs them, with the state of each folder. */
async function listSkills(where: ReturnType<typeof target>, output: Pick<Output, 'cwd'>): Promise<ListedSkill[]> {
  if (where.skillsDir === undefined) return [];
  const lock = await readLock(where.lockPath);
  const listed: ListedSkill[] = [];
  for (const [name, entry] of Object.entries(lock.skills).sort(([a], [b]) => a.localeCompare(b))) {
    const state = await folderState(join(where.skillsDir!, name), entry).catch(() => 'modified' as const);
    const skillText = await readFile(join(where.skillsDir!, name, SKILL_FILE), 'utf8').catch(() => undefined);
    const skill = skillText === undefined ? undefined : parseSkill(skillText).skill;
    listed.push({
      name,
      package: entry.package,
      version: entry.version,
      state: state === 'unmanaged' ? 'modified' : state,
      path: shownSkillFolder(where, name, output.cwd),
      usedBy: entry.usedBy,
      ...(entry.added === undefined ? {} : { added: entry.added }),
      publisher: entry.publisher ?? null,
      contextTokens: skill === undefined ? null : contextCost({ name: skill.name, description: skill.description }),
    });
  }
  return listed;
}

/** What an installed file's name and description cost each session, read as its client reads it. */
async function contextTokensOf(path: string, client: TargetClient): Promise<number | null> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return null;
  const read = client === 'claude-code' ? parseAgent(text).agent : readClientFile(client, text);
  return typeof read?.name === 'string' && typeof read.description === 'string' ? contextCost({ name: read.name, description: read.description }) : null;
}

/** The total of what the listed agents and skills cost each session, for the line under the tables. */
const totalTokens = (listed: readonly { contextTokens: number | null }[]) => listed.reduce((sum, each) => sum + (each.contextTokens ?? 0), 0);
