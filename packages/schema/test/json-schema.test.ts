import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const path = new URL('../agent.schema.json', import.meta.url);

describe('agent.schema.json (written by the build)', () => {
  it('describes the frontmatter with its required fields and closed sets', () => {
    expect(existsSync(path), 'agent.schema.json is missing: pnpm test builds it first').toBe(true);
    const schema = JSON.parse(readFileSync(path, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['name', 'description']);
    expect(schema.properties.name.pattern).toBe('^[a-z0-9]+(-[a-z0-9]+)*$');
    expect(schema.properties.permissionMode.enum).toContain('bypassPermissions');
    expect(schema.properties.tools.anyOf).toHaveLength(2);
  });
});
