// Writes agent.schema.json from the built zod schema, so the JSON Schema can never drift from it.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { agentSchema } from '../dist/index.js';

const jsonSchema = z.toJSONSchema(agentSchema, { io: 'input', unrepresentable: 'any' });
const document = {
  title: 'Claude Code agent definition (frontmatter)',
  ...jsonSchema,
};
writeFileSync(new URL('../agent.schema.json', import.meta.url), `${JSON.stringify(document, null, 2)}\n`);
