import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAgentFile, parseAgent } from '@agents/loader';
import { type Agent, CAPABILITIES, type Capability, CLIENTS, toolAccess } from '@agents/schema';
import { BASE_FRONTMATTER as base, CLIENT_CASES, CORPUS, corpusFiles, HOSTILE_PROMPTS, SEED, sharedMissing } from '@agents/test-support';
import { describe, expect, it } from 'vitest';
import { type Conversion, clientFileMismatch, convertForClients, readClientFile } from '../src/index.js';

const agent = (frontmatter: string, prompt = 'You review code.') => {
  const parsed = parseAgent(`---\n${frontmatter}\n---\n\n${prompt}\n`);
  if (parsed.agent === undefined) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.agent;
};

/**
 * The never-wider rule, read back from the file itself as the installer reads it (not from the converter's
 * reasons): the same name, description and prompt, and nothing the definition does not grant.
 */
function expectNeverWider(definition: Agent, conversion: Conversion): void {
  if (conversion.status !== 'converted') return;
  expect(clientFileMismatch(conversion.client, conversion.content, definition), `${conversion.client}: ${definition.name}`).toBeUndefined();
}

/** The prompt as the client reads it back from the file. */
const promptIn = (conversion: Conversion & { status: 'converted' }) => readClientFile(conversion.client, conversion.content)?.prompt;

describe('agents for other clients', () => {
  const seed = sharedMissing(SEED) ? undefined : parseAgent(readFileSync(SEED, 'utf8')).agent;

  it.each(CLIENTS.map((client) => [client.id]))('the seed agent for %s matches its golden file', async (id) => {
    if (seed === undefined) return;
    const conversion = convertForClients(seed).find((candidate) => candidate.client === id)!;
    await expect(JSON.stringify(conversion, null, 2)).toMatchFileSnapshot(join('golden', `seed.${id}.json`));
  });

  it.each(CLIENT_CASES)('converts an agent with %s as its golden file says, never wider', async (label, frontmatter) => {
    const definition = agent(frontmatter);
    const conversions = convertForClients(definition);
    for (const conversion of conversions) expectNeverWider(definition, conversion);
    await expect(JSON.stringify(conversions, null, 2)).toMatchFileSnapshot(join('golden', `${label.replaceAll(' ', '-')}.json`));
  });

  it.each([['research'], ['code-review'], ['general-purpose']])('gives Copilot no file for an agent named %s, the name of one of its own', (name) => {
    const conversion = convertForClients({ ...agent(`${base}\ntools: Read, Grep`), name }).find((candidate) => candidate.client === 'copilot')!;
    expect(conversion).toMatchObject({
      status: 'refused',
      reason: `Copilot has an agent of its own named "${name}", which a file of that name does not replace`,
    });
  });

  it.each(HOSTILE_PROMPTS.map((prompt) => [prompt]))('carries the prompt byte for byte: %j', (prompt) => {
    // No tools list: every client, Codex included, gets a file.
    const definition = agent(base, prompt);
    for (const conversion of convertForClients(definition)) {
      expect(conversion.status).toBe('converted');
      if (conversion.status !== 'converted') continue;
      expect(promptIn(conversion)).toBe(definition.prompt);
    }
  });

  it.each([
    ['a description with ": " and quotes', 'Use when: the "build" breaks'],
    // One that holds "---" never gets here: the gate refuses it, escapes included (loader's parse.test).
    ['a description that looks like YAML', '- item\nkey: value\n...'],
  ])('writes %s so that the client reads it back unchanged', (_, description) => {
    const definition = { ...agent(`${base}\ntools: Read, Grep, Glob`), description };
    for (const conversion of convertForClients(definition)) {
      if (conversion.status !== 'converted') continue;
      expect(readClientFile(conversion.client, conversion.content)?.description).toBe(description);
    }
  });

  it('records every field the definition sets, for every client', () => {
    const definition = agent(`${base}\ntools: Read, Grep, Glob\nmodel: sonnet\ncolor: blue\ncategory: quality`);
    for (const conversion of convertForClients(definition)) {
      expect(conversion.fidelity.map((record) => record.field).sort()).toEqual(['category', 'color', 'description', 'model', 'name', 'tools']);
    }
  });
});

describe('the corpus for other clients', () => {
  const skip = sharedMissing(CORPUS);
  it.skipIf(skip !== undefined)('converts every loadable file for every client or refuses it with a reason, never wider', async () => {
    const counts: Record<string, number> = {};
    let loadable = 0;
    for (const file of corpusFiles()) {
      const { agent: definition } = await loadAgentFile(file);
      if (definition === undefined) continue;
      loadable++;
      for (const conversion of convertForClients(definition)) {
        expectNeverWider(definition, conversion);
        if (conversion.status === 'refused') expect(conversion.reason.length).toBeGreaterThan(10);
        const key = `${conversion.client} ${conversion.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    expect(loadable).toBeGreaterThan(600);
    for (const client of CLIENTS) expect(counts[`${client.id} converted`], client.id).toBeGreaterThan(0);
    console.log(`corpus for other clients (${loadable} loadable files): ${JSON.stringify(counts)}`);
  });
});

describe('the capability model', () => {
  it.each<[string, string, Capability[]]>([
    ['read-only tools', 'tools: Read, Grep, Glob', ['read', 'search']],
    ['Write without Edit', 'tools: Write', ['write']],
    ['Edit without Write', 'tools: Edit', []],
    ['a restricted Bash', 'tools: Bash(git:*)', []],
    ['Task, the former name of Agent', 'tools: Task', ['delegate']],
    ['a denied Edit, which withholds writing', 'disallowedTools: Edit', CAPABILITIES.filter((capability) => capability !== 'write')],
    ['plan mode, which withholds writing, commands and delegation', 'permissionMode: plan', ['read', 'search', 'web', 'todo']],
  ])('%s', (_, frontmatter, expected) => {
    expect([...toolAccess(agent(`${base}\n${frontmatter}`)).capabilities].sort()).toEqual([...expected].sort());
  });
});
