import { parseAgent } from '@agents/loader';
import { BUILTIN_AGENT_NAMES, CATEGORIES, CLIENTS, COLORS, CONTEXT_COST_METHOD, contextCost, KNOWN_TOOLS, NAME_MAX_LENGTH, NAME_PATTERN } from '@agents/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compileAgent, toModule } from '../src/index.js';

/** FUZZ_SCALE=10 runs ten times as many cases. */
const scale = Number(process.env.FUZZ_SCALE ?? 1);

describe('a valid agent through the loader and the compiler', () => {
  const visible = fc.string({ unit: fc.constantFrom(...'abcXYZ 019:#-,.\'"[]{}>|*&!%@`?éü日本😀'), minLength: 1, maxLength: 80 });
  const validAgent = fc.record(
    {
      name: fc.stringMatching(NAME_PATTERN).filter((name) => name.length <= NAME_MAX_LENGTH && !(BUILTIN_AGENT_NAMES as readonly string[]).includes(name)),
      // Three dashes in a row end Claude Code's frontmatter: a valid description holds none.
      description: visible.filter((text) => text.trim() !== '' && !text.includes('---')),
      tools: fc.uniqueArray(fc.constantFrom(...KNOWN_TOOLS), { minLength: 1, maxLength: 6 }),
      model: fc.constantFrom('sonnet', 'opus', 'haiku', 'inherit'),
      color: fc.constantFrom(...COLORS),
      category: fc.constantFrom(...CATEGORIES),
      maxTurns: fc.integer({ min: 1, max: 500 }),
      prompt: fc
        .array(visible, { minLength: 1, maxLength: 5 })
        .map((lines) => lines.join('\n').trim())
        .filter((text) => text !== ''),
    },
    { requiredKeys: ['name', 'description', 'tools', 'category', 'prompt'] },
  );

  it('for valid agents, writing then parsing, then building, yields the same definition', async () => {
    await fc.assert(
      fc.asyncProperty(validAgent, fc.constantFrom('1.0.0', '2.3.4-beta.1'), async (agent, version) => {
        const { prompt, ...frontmatter } = agent;
        const markdown = `---\n${stringify(frontmatter)}---\n\n${prompt}\n`;
        const parsed = parseAgent(markdown);
        expect(parsed.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
        expect(parsed.agent).toEqual(agent);

        const files = compileAgent(parsed.agent!, version, markdown, '@agents');
        const { clients, contextCost: cost, ...definition } = JSON.parse(files['agent.json']);
        expect(definition).toEqual(toModule(agent, version));
        expect(cost).toEqual({ tokens: contextCost(agent), method: CONTEXT_COST_METHOD });
        expect(Object.keys(clients).sort()).toEqual(CLIENTS.map((client) => client.id).sort());
        const module = await import(`data:text/javascript;base64,${Buffer.from(files['dist/index.js']).toString('base64')}`);
        expect(module.default).toEqual(toModule(agent, version));
        expect(module.markdown).toBe(markdown);
        expect(module.definition.prompt).toBe(prompt);
      }),
      { numRuns: 300 * scale },
    );
  });
});
