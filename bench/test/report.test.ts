import { describe, expect, it } from 'vitest';
import type { CatalogRun } from '../src/catalog.js';
import type { Timed } from '../src/measure.js';
import { benchLines, benchResults, CATALOG_SIZES, checkGoals, flatten, IMPORT_MODULES, type Measurements, SIZES, SMALL } from '../src/report.js';
import type { BuildRun } from '../src/scenarios.js';

const timed = (seconds: number, peakMb = 100): Timed => ({ seconds, peakMb, output: '' });
const build = (cold: number, nochange = 0.2, oneChanged = 0.3): BuildRun => ({ cold: timed(cold), nochange: timed(nochange), oneChanged: timed(oneChanged) });
const releaseOf = (first: number, one: number, requests: number) => ({ firstPublish: timed(first), oneChanged: timed(one), oneChangedRequests: requests });
const catalog: CatalogRun = {
  build_s: 1,
  build_runs_s: [1, 1.2],
  build_peak_mb: 120,
  home_transfer_kb: 40,
  home_html_kb_uncompressed: 200,
  search_index_transfer_kb: 90,
};

/** A run of the bench in memory: builds cost 1 ms per agent, the obvious design 100 ms plus 50 ms per agent. */
function measurements(overrides: Partial<Measurements> = {}): Measurements {
  return {
    machine: { cpus: 2, cpu: 'test', memory_gb: 8, node: 'v24.0.0' },
    suite: { test_s: 80, tests_passed: 800, tests_skipped: 0, cpus: 2 },
    importProbes: [
      { compiled: 60, plain: 55, runtime: 600, empty: 40, self_contained_per_package: 5 },
      { compiled: 64, plain: 56, runtime: 640, empty: 44, self_contained_per_package: 6 },
      { compiled: 62, plain: 57, runtime: 620, empty: 42, self_contained_per_package: 7 },
    ],
    validation: { files: 1000, ours: 300, bare: 250 },
    validateCli1000: timed(0.5),
    validateCli5000: timed(1.5),
    builds: new Map(SIZES.map((n) => [n, build(0.5 + n / 1000)])),
    coldRuns: new Map(SIZES.map((n) => [n, [0.5 + n / 1000, 0.6 + n / 1000]])),
    coldInMemory: undefined,
    turboNoChange5000: timed(3),
    catalogs: new Map(CATALOG_SIZES.map((n) => [n, catalog])),
    releases: new Map(SIZES.map((n) => [n, releaseOf(n / 100, 1, 30)])),
    adds: [timed(0.4), timed(0.5), timed(0.6)],
    installs: {
      verified: [timed(0.6), timed(0.65), timed(0.7)],
      unverified: [timed(0.5), timed(0.5), timed(0.55)],
      frozenInstall: timed(2.2),
      lockedCount: 100,
    },
    obviousBuilds: new Map(SMALL.map((n) => [n, build(0.1 + 0.05 * n)])),
    obviousReleases: new Map(SMALL.map((n) => [n, releaseOf(2 * n, n, 10 * n)])),
    peaks: { build_5000: 300, release_500: 200, cli_add: 90 },
    seconds: 700.4,
    ...overrides,
  };
}

describe('the bench report, made in memory from a run of measurements', () => {
  it('derives each figure: medians, ratios, per-agent costs and the peak memory', () => {
    const results = benchResults(measurements());
    expect(results.cli).toEqual({ add_s: 0.5, verified_add_s: 0.65, unverified_add_s: 0.5, verified_add_ratio: 1.3, install_frozen_100_s: 2.2 });
    expect(results.import.compiled_ms_per_package).toBe(62 / IMPORT_MODULES);
    expect(results.import.ratio_vs_plain_module).toBe(1.11);
    expect(results.import.speedup_vs_runtime_parse).toBe(round1(6 / (62 / IMPORT_MODULES)));
    expect(results.validate).toMatchObject({ files: 1000, ratio_vs_limit: 1.2, cli_1000_s: 0.5, cli_5000_s: 1.5 });
    expect(results.build_5000).toMatchObject({ cold_s: 5.5, per_agent_ms_100_to_1000: 1, per_agent_ms_1000_to_5000: 1, per_agent_ratio: 1 });
    expect(results.memory).toEqual({ peak_mb: 300, peak_mb_5000: 300, by_step_mb: { build_5000: 300, release_500: 200, cli_add: 90 } });
    expect(results.bench_seconds).toBe(700);
  });

  it("takes the cold build's per-agent ratio from the builds in memory where they were measured, the disk's beside it", () => {
    const builds = new Map(SIZES.map((n) => [n, build(n === 5000 ? 7.5 : 0.5 + n / 1000)]));
    const onDisk = benchResults(measurements({ builds }));
    expect(onDisk.build_5000).toMatchObject({ per_agent_ratio: 1.5, per_agent_measured: 'on disk' });
    expect(onDisk.build_5000).not.toHaveProperty('per_agent_ratio_on_disk');

    const coldInMemory = new Map(SIZES.map((n) => [n, 0.3 + n / 2000]));
    expect(benchResults(measurements({ builds, coldInMemory })).build_5000).toMatchObject({
      per_agent_ms_100_to_1000: 0.5,
      per_agent_ms_1000_to_5000: 0.5,
      per_agent_ratio: 1,
      per_agent_measured: 'in memory',
      cold_in_memory_s: { 100: 0.35, 500: 0.55, 1000: 0.8, 5000: 2.8 },
      per_agent_ratio_on_disk: 1.5,
    });
  });

  it('extrapolates the obvious design from its two small sizes, along a line', () => {
    const results = benchResults(measurements());
    // Build: 0.1 + 0.05 n; first publish 2 n; one changed n with 10 n requests.
    expect(results.scaling.obvious_build_cold_s_estimated).toEqual(SIZES.map((n) => round1(0.1 + 0.05 * n)));
    expect(results.release_500.obvious).toMatchObject({ first_publish_s_estimated: 1000, one_changed_s_estimated: 500, one_changed_requests_estimated: 5000 });
    expect(results.release_500).toMatchObject({ obvious: { measured_10: { first_publish_s: 20, one_changed_s: 10 } } });
  });

  it.each([
    ['cli.verified_add_ratio', '≤ 1.3', { installs: { ...measurements().installs, verified: [timed(0.7)], unverified: [timed(0.5)] } }, 1.4],
    ['cli.install_frozen_100_s', '< 3', { installs: { ...measurements().installs, frozenInstall: timed(3) } }, 3],
    ['import.speedup_vs_runtime_parse', '≥ 20', { importProbes: [{ compiled: 62, plain: 55, runtime: 600, empty: 40, self_contained_per_package: 0.62 }] }, 10],
    ['suite.test_s', '≤ 90', { suite: { test_s: 282, tests_passed: 831, tests_skipped: 0, cpus: 2 } }, 282],
  ] as const)('misses %s (%s) when the figure is past its limit', (key, goal, overrides, value) => {
    expect(checkGoals(flatten(benchResults(measurements())))[key]).toEqual({ value: expect.any(Number), goal, met: true });
    expect(checkGoals(flatten(benchResults(measurements(overrides as Partial<Measurements>))))[key]).toEqual({ value, goal, met: false });
  });

  it('flattens nested figures under dotted names, and leaves out lists and text', () => {
    expect(flatten({ a: 1, b: { c: 2, d: { e: 3 } }, list: [1, 2], text: 'x' })).toEqual({ a: 1, 'b.c': 2, 'b.d.e': 3 });
  });

  it('prints every goal with its figure, a missed one as NO, and says what it wrote', () => {
    const results = benchResults(measurements({ suite: { test_s: 282, tests_passed: 831, tests_skipped: 0, cpus: 2 } }));
    const lines = benchLines(results, checkGoals(flatten(results)));
    expect(lines.find((line) => line.startsWith('suite.test_s'))).toMatch(/^suite\.test_s +282 {2}≤ 90 {6}NO$/);
    expect(lines.find((line) => line.startsWith('cli.add_s'))).toMatch(/ yes$/);
    expect(lines).toContain(
      'catalog_5000: built in 1 s (the better of 1 s and 1.2 s), home page 40 KB transferred (200 KB of HTML), search index 90 KB, search not measured (no Chromium)',
    );
    expect(lines.at(-1)).toBe('Wrote bench/results.json and bench/chart.svg (700 s).');
  });
});

function round1(value: number): number {
  return Number(value.toFixed(1));
}
