// Loaded before every test file (vitest.config.ts, setupFiles).
//
// `pnpm test` runs vitest with pnpm's own settings in the environment (npm_config_verify_deps_before_run,
// npm_config__jsr_registry, npm_config_npm_globalconfig): every npm the tests start would warn
// "Unknown env config" about each. They mean nothing to npm, so they are not passed on.
for (const name of Object.keys(process.env)) {
  if (/^npm_config_(verify_deps_before_run|_jsr_registry|npm_globalconfig)$/i.test(name)) delete process.env[name];
}
