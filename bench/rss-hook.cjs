// Loaded into every Node process a bench step starts (NODE_OPTIONS=--require): records its peak memory.
const { appendFileSync } = require('node:fs');

process.on('exit', () => {
  if (!process.env.AGENTS_BENCH_RSS) return;
  appendFileSync(process.env.AGENTS_BENCH_RSS, `${process.resourceUsage().maxRSS}\n`);
});
