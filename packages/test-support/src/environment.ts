import { fileURLToPath } from 'node:url';

// Loaded before every test file (vitest.config.ts, setupFiles).
//
// `pnpm test` runs vitest with pnpm's own settings in the environment (npm_config_verify_deps_before_run,
// npm_config__jsr_registry, npm_config_npm_globalconfig): every npm the tests start would warn
// "Unknown env config" about each. They mean nothing to npm, so they are not passed on.
for (const name of Object.keys(process.env)) {
  if (/^npm_config_(verify_deps_before_run|_jsr_registry|npm_globalconfig)$/i.test(name)) delete process.env[name];
}

// pnpm also sets NODE_PATH to its virtual store (node_modules/.pnpm/node_modules), where every package of
// the workspace can be found: a program a test starts would then resolve packages that no user's project has.
delete process.env.NODE_PATH;

// Every turbo a test starts (in a workspace snapshot, a release's builds) shares the repository's own
// build cache: a snapshot's packages are the repository's, so their builds are cache hits, not rebuilds.
process.env.TURBO_CACHE_DIR ??= fileURLToPath(new URL('../../../.turbo/cache', import.meta.url));
