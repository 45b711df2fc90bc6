import type { WorkspacePackage } from '@agents/loader';
import { describe, expect, it } from 'vitest';
import { type AskedPackage, onRegistryAfter, planPublish } from '../src/publish-plan.js';

/** A public package of a workspace, in memory. */
const pkg = (name: string, version = '1.0.1'): WorkspacePackage => ({
  name: `@agents/${name}`,
  version,
  dir: `/registry/${name}`,
  manifest: { name: `@agents/${name}`, version },
});
const asked = (name: string, versions: string[], version?: string): AskedPackage => ({ pkg: pkg(name, version), versions });

describe('planPublish', () => {
  it.each([
    ['nothing asked', [], "Nothing to publish (asked the registry about 0 of 5 packages, the others' release tags say they are on it).", []],
    [
      'a version already there',
      [asked('reviewer', ['1.0.0', '1.0.1'])],
      "Nothing to publish (asked the registry about 1 of 5 packages, the others' release tags say they are on it).",
      [],
    ],
    [
      'a new version and a new package',
      [asked('reviewer', ['1.0.0']), asked('tester', []), asked('linter', ['1.0.1'])],
      "Publishing 2 of 5 packages (asked the registry about 3 of 5 packages, the others' release tags say they are on it)",
      ['@agents/reviewer', '@agents/tester'],
    ],
  ])('with %s', (_, packages, summary, pending) => {
    const plan = planPublish(packages, 5, { auth: 'token', stage: false });
    expect(plan.summary).toBe(summary);
    expect(plan.pending.map((each) => each.name)).toEqual(pending);
  });

  it('says staging when versions are staged for approval', () => {
    expect(planPublish([asked('reviewer', ['1.0.0'])], 1, { auth: 'token', stage: true }).summary).toMatch(/^Staging 1 of 1 packages/);
  });

  it('publishes only the packages named, when some are (release:bootstrap)', () => {
    const plan = planPublish([asked('reviewer', []), asked('tester', [])], 2, { auth: 'token', stage: false, only: new Set(['@agents/tester']) });
    expect(plan.pending.map((each) => each.name)).toEqual(['@agents/tester']);
  });

  it('stops a trusted release at a package new to the registry, naming it and the command that bootstraps it', () => {
    expect(() => planPublish([asked('reviewer', ['1.0.0']), asked('tester', [])], 2, { auth: 'trusted', stage: false })).toThrow(
      /^1 package is not on the registry yet, and trusted publishing only publishes a package that exists:\n {2}@agents\/tester\n[\s\S]*pnpm release:bootstrap/,
    );
    expect(() => planPublish([asked('reviewer', ['1.0.0'])], 1, { auth: 'trusted', stage: false })).not.toThrow();
  });
});

describe('onRegistryAfter', () => {
  it('is what the registry had and what the release published, not what failed or was staged', () => {
    const packages = [asked('reviewer', ['1.0.1']), asked('tester', ['1.0.0']), asked('linter', [])];
    const published = [packages[1]!.pkg];
    expect(onRegistryAfter(packages, published).map((each) => each.name)).toEqual(['@agents/reviewer', '@agents/tester']);
  });
});
