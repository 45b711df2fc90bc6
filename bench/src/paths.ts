import { fileURLToPath } from 'node:url';

/** The repository this bench lives in, and the built programs it measures. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../packages/cli/bin/agents.js', import.meta.url));
export const PUBLISH = fileURLToPath(new URL('../../packages/release/bin/publish.js', import.meta.url));
export const CHANGESET = fileURLToPath(new URL('../../node_modules/@changesets/cli/bin.js', import.meta.url));
export const TURBO = fileURLToPath(new URL('../../node_modules/turbo/bin/turbo', import.meta.url));
export const CATALOG = fileURLToPath(new URL('../../packages/catalog/bin/catalog.js', import.meta.url));
