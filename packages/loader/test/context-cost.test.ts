import { CONTEXT_COST_METHOD, contextCost, contextText } from '@agents/schema';
import { CORPUS, corpusFiles, sharedMissing } from '@agents/test-support';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadAgentFile } from '../src/index.js';

// Anthropic's tokenizer package is the reference the estimate is checked against: too large to ship (a 27 MB WebAssembly build).

describe('contextCost', () => {
  it.each([
    ['reviewer', 'Use to review code.', 7],
    ['a', 'Internationalization', 4],
    ['data-platform-engineer', 'Pipelines processing >1M records/day (2024).', 19],
  ])('%s: %s', (name, description, tokens) => {
    expect(contextCost({ name, description })).toBe(tokens);
  });

  it.skipIf(sharedMissing(CORPUS) !== undefined)('is what CONTEXT_COST_METHOD says of it against the real tokenizer, on the corpus', async () => {
    // The package's countTokens, with one tokenizer for the corpus: countTokens builds one (its whole
    // vocabulary) for each text it counts, which took 30 s or more on the corpus.
    const tokenizer = getTokenizer();
    onTestFinished(() => tokenizer.free());
    const countTokens = (text: string) => tokenizer.encode(text.normalize('NFKC'), 'all').length;
    let estimated = 0;
    let counted = 0;
    const errors: number[] = [];
    for (const file of corpusFiles()) {
      const { agent } = await loadAgentFile(file);
      if (agent === undefined) continue;
      const real = countTokens(contextText(agent));
      estimated += contextCost(agent);
      counted += real;
      errors.push(Math.abs(contextCost(agent) - real) / real);
    }
    errors.sort((a, b) => a - b);
    const quantile = (q: number) => errors[Math.floor(errors.length * q)]!;
    console.log(
      `context cost on ${errors.length} agents: estimated ${estimated} tokens, counted ${counted}; error median ${quantile(0.5).toFixed(3)}, p90 ${quantile(0.9).toFixed(3)}`,
    );
    expect(errors.length).toBe(622);
    expect(CONTEXT_COST_METHOD).toContain('622 public agents');
    expect(Math.abs(estimated / counted - 1)).toBeLessThan(0.01);
    expect(quantile(0.5)).toBeLessThan(0.06);
    expect(quantile(0.9)).toBeLessThan(0.12 + 0.005);
  });
});
