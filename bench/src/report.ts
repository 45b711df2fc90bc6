import type { CatalogRun } from './catalog.js';
import { chart } from './chart.js';
import { linear, median, round, type Timed } from './measure.js';
import type { BuildRun, ReleaseRun, VerifiedInstalls } from './scenarios.js';
import type { SuiteRun } from './suite.js';

/** What the report is made of: pure functions from a run's measurements to its figures, goals and lines (main.ts measures and writes). */

export const SIZES = [100, 500, 1000, 5000];
/** The catalog is measured at these sizes (each run opens Chromium). */
export const CATALOG_SIZES = [500, 1000, 5000];
export const IMPORT_MODULES = 1000;
/** The obvious design is run at these sizes and extrapolated: at 500 agents it takes many minutes. */
export const SMALL = [10, 20];

/** A release's timings, without the registry it leaves running. */
type ReleaseFigures = Pick<ReleaseRun, 'firstPublish' | 'oneChanged' | 'oneChangedRequests'>;

/** Everything one run of the bench measured. */
export interface Measurements {
  machine: { cpus: number; cpu: string; memory_gb: number; node: string };
  suite: SuiteRun;
  /** Per probe process, the milliseconds to import IMPORT_MODULES modules of each kind. */
  importProbes: Record<string, number>[];
  /** Our loader against the bare limit on 1,000 files (milliseconds), and their count. */
  validation: Record<string, number>;
  validateCli1000: Timed;
  validateCli5000: Timed;
  /** Our build at each of SIZES, its cold build the better of two. */
  builds: Map<number, BuildRun>;
  /** Both cold builds of each size, in seconds. */
  coldRuns: Map<number, number[]>;
  /** A cold build of each size on a file system in memory, in seconds; undefined where there is none. */
  coldInMemory: Map<number, number> | undefined;
  turboNoChange5000: Timed;
  catalogs: Map<number, CatalogRun>;
  releases: Map<number, ReleaseFigures>;
  adds: Timed[];
  installs: VerifiedInstalls;
  /** The obvious design at each of SMALL. */
  obviousBuilds: Map<number, BuildRun>;
  obviousReleases: Map<number, ReleaseFigures>;
  /** Peak resident memory of each step, in MB. */
  peaks: Record<string, number>;
  /** How long the bench took. */
  seconds: number;
}

/** Each goal: a figure of results.json (dotted name), how it compares, and its limit. */
const GOALS: Record<string, [string, number]> = {
  'build_500.cold_s': ['≤', 2],
  'build_500.nochange_s': ['≤', 1],
  'build_500.one_changed_s': ['≤', 1.5],
  'build_5000.cold_s': ['≤', 12],
  'build_5000.nochange_s': ['≤', 1],
  'build_5000.one_changed_s': ['≤', 1.5],
  // The cost of each agent from 1,000 to 5,000 against from 100 to 1,000: no higher.
  'build_5000.per_agent_ratio': ['≤', 1],
  'release_500.first_publish_s': ['≤', 15],
  'release_500.one_changed_s': ['≤', 3],
  'release_5000.first_publish_s': ['≤', 60],
  'release_5000.one_changed_s': ['≤', 2],
  'release_5000.one_changed_requests': ['≤', 36],
  'import.speedup_vs_runtime_parse': ['≥', 20],
  'import.ratio_vs_plain_module': ['≤', 1.2],
  'validate.ratio_vs_limit': ['≤', 1.5],
  'validate.cli_1000_s': ['<', 1],
  'validate.cli_5000_s': ['≤', 2],
  'cli.add_s': ['≤', 1],
  'cli.verified_add_ratio': ['≤', 1.3],
  'cli.install_frozen_100_s': ['<', 3],
  'catalog_5000.build_s': ['≤', 5],
  'catalog_5000.home_transfer_kb': ['≤', 60],
  'catalog_5000.first_result_ms': ['≤', 50],
  'memory.peak_mb': ['≤', 500],
  'memory.peak_mb_5000': ['≤', 500],
  // The README's test command, build included, on the machine the bench runs on (the goal is for two cores).
  'suite.test_s': ['≤', 90],
};

/** The figures of nested results under their dotted names (`cli.add_s`). */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'number') flat[`${prefix}${key}`] = inner;
    else if (inner && typeof inner === 'object' && !Array.isArray(inner)) Object.assign(flat, flatten(inner as Record<string, unknown>, `${prefix}${key}.`));
  }
  return flat;
}

const summary = (run: BuildRun) => ({ cold_s: round(run.cold.seconds), nochange_s: round(run.nochange.seconds), one_changed_s: round(run.oneChanged.seconds) });

/** Whether each goal is met by the figures. */
export function checkGoals(flat: Record<string, number>): Record<string, { value: number; goal: string; met: boolean }> {
  return Object.fromEntries(
    Object.entries(GOALS).map(([key, [sign, limit]]) => {
      const value = flat[key]!;
      const met = sign === '≤' ? value <= limit : sign === '≥' ? value >= limit : value < limit;
      return [key, { value, goal: `${sign} ${limit}`, met }];
    }),
  );
}

export type BenchResults = ReturnType<typeof benchResults>;

/** The figures of a run, nested as results.json holds them, with the obvious design's estimates beside ours. */
export function benchResults(m: Measurements) {
  const imports = Object.fromEntries(
    ['compiled', 'plain', 'runtime', 'empty', 'self_contained_per_package'].map((kind) => [kind, median(m.importProbes.map((run) => run[kind]!))]),
  );
  const perPackage = (kind: string) => imports[kind]! / IMPORT_MODULES;
  const beyondImport = (run: Record<string, number>) => round((run.runtime! - run.empty!) / (run.compiled! - run.empty!), 1);
  const estimate = (pick: (n: number) => number) => linear({ n: SMALL[0]!, s: pick(SMALL[0]!) }, { n: SMALL[1]!, s: pick(SMALL[1]!) });
  const obviousCold = estimate((n) => m.obviousBuilds.get(n)!.cold.seconds);
  const obviousPublish = estimate((n) => m.obviousReleases.get(n)!.firstPublish.seconds);
  const obviousOneRelease = estimate((n) => m.obviousReleases.get(n)!.oneChanged.seconds);
  const obviousOneRequests = estimate((n) => m.obviousReleases.get(n)!.oneChangedRequests);
  /** Seconds per agent of the cold build between two sizes: in memory where measured (the build's own scaling), else on disk. */
  const onDisk = new Map([...m.builds].map(([n, run]) => [n, run.cold.seconds]));
  const perAgentOf = (cold: Map<number, number>) => (from: number, to: number) => (cold.get(to)! - cold.get(from)!) / (to - from);
  const perAgent = perAgentOf(m.coldInMemory ?? onDisk);
  const ratioOnDisk = perAgentOf(onDisk)(1000, 5000) / perAgentOf(onDisk)(100, 1000);
  const at5000 = Object.entries(m.peaks).filter(([step]) => step.endsWith('_5000'));

  /** A release's figures at `n` agents, and the obvious design's estimate beside them. */
  const releaseFigures = (n: number) => ({
    first_publish_s: round(m.releases.get(n)!.firstPublish.seconds),
    one_changed_s: round(m.releases.get(n)!.oneChanged.seconds),
    one_changed_requests: m.releases.get(n)!.oneChangedRequests,
    obvious: {
      first_publish_s_estimated: round(obviousPublish(n), 1),
      one_changed_s_estimated: round(obviousOneRelease(n), 1),
      one_changed_requests_estimated: Math.round(obviousOneRequests(n)),
    },
  });
  return {
    machine: m.machine,
    import: {
      ratio_vs_plain_module: round(imports.compiled! / imports.plain!),
      // Whole imports, per package: a published package that parses its agent.md when imported has no runtime
      // dependency, so it carries gray-matter and zod in its own bundle (see writeImportVariants).
      speedup_vs_runtime_parse: round(imports.self_contained_per_package! / perPackage('compiled'), 1),
      compiled_ms_per_package: round(perPackage('compiled'), 3),
      plain_ms_per_package: round(perPackage('plain'), 3),
      empty_module_ms_per_package: round(perPackage('empty'), 3),
      self_contained_runtime_parse_ms_per_package: round(imports.self_contained_per_package!, 2),
      // The runtime parse with one gray-matter and zod shared by every package, loaded before the measurement
      // (a dependency the registry's packages may not have), and what it costs beyond an import's own cost.
      shared_parser: {
        runtime_parse_ms_per_package: round(perPackage('runtime'), 3),
        speedup_including_import: round(imports.runtime! / imports.compiled!, 2),
        speedup_beyond_import: beyondImport(imports),
        speedup_beyond_import_by_process: m.importProbes.map(beyondImport),
        // The same for the hand-written module: what any module that holds the object reaches at best.
        plain_module_speedup_beyond_import: round((imports.runtime! - imports.empty!) / (imports.plain! - imports.empty!), 1),
      },
    },
    validate: {
      files: m.validation.files!,
      ratio_vs_limit: round(m.validation.ours! / m.validation.bare!),
      ours_ms: round(m.validation.ours!, 1),
      bare_limit_ms: round(m.validation.bare!, 1),
      cli_1000_s: round(m.validateCli1000.seconds),
      cli_5000_s: round(m.validateCli5000.seconds),
    },
    build_500: {
      ...summary(m.builds.get(500)!),
      cold_runs_s: m.coldRuns.get(500),
      obvious: { cold_s_estimated: round(obviousCold(500), 1), ...Object.fromEntries(SMALL.map((n) => [`measured_${n}`, summary(m.obviousBuilds.get(n)!)])) },
    },
    build_5000: {
      ...summary(m.builds.get(5000)!),
      cold_runs_s: m.coldRuns.get(5000),
      per_agent_ms_100_to_1000: round(perAgent(100, 1000) * 1000, 3),
      per_agent_ms_1000_to_5000: round(perAgent(1000, 5000) * 1000, 3),
      per_agent_ratio: round(perAgent(1000, 5000) / perAgent(100, 1000)),
      per_agent_measured: m.coldInMemory === undefined ? 'on disk' : 'in memory',
      ...(m.coldInMemory && {
        cold_in_memory_s: Object.fromEntries([...m.coldInMemory].map(([n, seconds]) => [n, round(seconds)])),
        per_agent_ratio_on_disk: round(ratioOnDisk),
      }),
      // The same no-change build as pnpm build runs it, through turbo, which reads all 5,000 workspace packages first.
      through_turbo_nochange_s: round(m.turboNoChange5000.seconds),
      obvious: { cold_s_estimated: round(obviousCold(5000), 1) },
    },
    release_500: {
      ...releaseFigures(500),
      obvious: {
        ...releaseFigures(500).obvious,
        ...Object.fromEntries(
          SMALL.map((n) => [
            `measured_${n}`,
            { first_publish_s: round(m.obviousReleases.get(n)!.firstPublish.seconds), one_changed_s: round(m.obviousReleases.get(n)!.oneChanged.seconds) },
          ]),
        ),
      },
    },
    release_5000: releaseFigures(5000),
    cli: {
      add_s: round(median(m.adds.map((add) => add.seconds))),
      // Side by side, from the same stand-in: every check of the publisher against integrity alone.
      verified_add_s: round(median(m.installs.verified.map((add) => add.seconds))),
      unverified_add_s: round(median(m.installs.unverified.map((add) => add.seconds))),
      verified_add_ratio: round(median(m.installs.verified.map((add) => add.seconds)) / median(m.installs.unverified.map((add) => add.seconds))),
      install_frozen_100_s: round(m.installs.frozenInstall.seconds),
    },
    catalog_500: m.catalogs.get(500)!,
    catalog_1000: m.catalogs.get(1000)!,
    catalog_5000: m.catalogs.get(5000)!,
    suite: m.suite,
    memory: { peak_mb: Math.max(...Object.values(m.peaks)), peak_mb_5000: Math.max(...at5000.map(([, mb]) => mb)), by_step_mb: m.peaks },
    scaling: {
      n: SIZES,
      build_cold_s: SIZES.map((n) => round(m.builds.get(n)!.cold.seconds)),
      build_one_changed_s: SIZES.map((n) => round(m.builds.get(n)!.oneChanged.seconds)),
      release_first_publish_s: SIZES.map((n) => round(m.releases.get(n)!.firstPublish.seconds)),
      release_one_changed_s: SIZES.map((n) => round(m.releases.get(n)!.oneChanged.seconds)),
      release_one_changed_requests: SIZES.map((n) => m.releases.get(n)!.oneChangedRequests),
      obvious_build_cold_s_estimated: SIZES.map((n) => round(obviousCold(n), 1)),
      obvious_release_first_publish_s_estimated: SIZES.map((n) => round(obviousPublish(n), 1)),
      obvious_release_one_changed_s_estimated: SIZES.map((n) => round(obviousOneRelease(n), 1)),
      obvious_release_one_changed_requests_estimated: SIZES.map((n) => Math.round(obviousOneRequests(n))),
    },
    bench_seconds: round(m.seconds, 0),
  };
}

export type Goals = ReturnType<typeof checkGoals>;

/** bench/chart.svg: our build and release times against the obvious design's, by number of agents. */
export function benchChart(results: BenchResults): string {
  const point = (values: number[]) => SIZES.map((n, index) => ({ n, seconds: values[index]! }));
  return chart('Build and release time against the number of agents', [
    { label: 'build, obvious design', points: point(results.scaling.obvious_build_cold_s_estimated), colour: '#c0392b', estimated: true },
    { label: 'release, changeset publish', points: point(results.scaling.obvious_release_first_publish_s_estimated), colour: '#e67e22', estimated: true },
    { label: 'build, ours (cold)', points: point(results.scaling.build_cold_s), colour: '#2471a3' },
    { label: 'release, ours (first)', points: point(results.scaling.release_first_publish_s), colour: '#1e8449' },
    { label: 'release, ours (one agent)', points: point(results.scaling.release_one_changed_s), colour: '#7d3c98' },
  ]);
}

/** What the bench prints at the end: every goal with its figure, then the catalog, import and obvious-design figures. */
export function benchLines(results: BenchResults, goals: Goals): string[] {
  const width = Math.max(...Object.keys(goals).map((key) => key.length));
  const lines = [`\n${'figure'.padEnd(width)}  ${'value'.padStart(8)}  goal      met`];
  for (const [key, goal] of Object.entries(goals))
    lines.push(`${key.padEnd(width)}  ${String(goal.value).padStart(8)}  ${goal.goal.padEnd(8)}  ${goal.met ? 'yes' : 'NO'}`);
  for (const n of CATALOG_SIZES) {
    const run = results[`catalog_${n}` as 'catalog_500'];
    const search =
      run.first_result_ms === undefined
        ? 'search not measured (no Chromium)'
        : `first search result ${run.first_result_ms} ms (${run.first_result_cold_ms} ms typed as the field gets focus, the index fetched), search ready ${run.search_ready_ms} ms after navigation`;
    lines.push(
      `catalog_${n}: built in ${run.build_s} s (the better of ${run.build_runs_s.join(' s and ')} s), home page ${run.home_transfer_kb} KB transferred (${run.home_html_kb_uncompressed} KB of HTML), search index ${run.search_index_transfer_kb} KB, ${search}`,
    );
  }
  const { import: imported } = results;
  lines.push(
    `import, per package: ours ${imported.compiled_ms_per_package} ms, a self-contained package parsing at import ${imported.self_contained_runtime_parse_ms_per_package} ms; ` +
      `with a shared parser ${imported.shared_parser.runtime_parse_ms_per_package} ms (${imported.shared_parser.speedup_including_import}×, ${imported.shared_parser.speedup_beyond_import}× beyond an import's own cost)`,
    `\nObvious design at 500 agents (estimated from ${SMALL.join(' and ')}): build ${results.build_500.obvious.cold_s_estimated} s, first release ${results.release_500.obvious.first_publish_s_estimated} s, one-agent release ${results.release_500.obvious.one_changed_s_estimated} s`,
    `Wrote bench/results.json and bench/chart.svg (${results.bench_seconds} s).`,
  );
  return lines;
}
