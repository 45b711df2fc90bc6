import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { CHROMIUM, launchChromium, serveSite } from '@agents/catalog';
import { BenchError } from './errors.js';
import { median, round, timed } from './measure.js';
import { CATALOG } from './paths.js';
import { scratch } from './scenarios.js';

export interface CatalogRun {
  /** The better of two builds, each into a fresh folder (both in build_runs_s), as for the cold build. */
  build_s: number;
  build_runs_s: number[];
  build_peak_mb: number;
  /** What a browser downloads for the home page, compressed as a static host sends it: HTML, stylesheet, script. */
  home_transfer_kb: number;
  home_html_kb_uncompressed: number;
  /** The search index the home page fetches when a visitor reaches for the search or a filter. */
  search_index_transfer_kb: number;
  /** From typing a query to the narrowed list painted (median of five, the search index fetched); undefined without Chromium. */
  first_result_ms?: number;
  /** The same for a query typed the instant the field gets focus, which waits for the search index fetched on that focus. */
  first_result_cold_ms?: number;
  /** From navigation to the page's script having run (search ready). */
  search_ready_ms?: number;
}

/** The bytes a response carries on the wire when the client accepts gzip. */
function transferredBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
    })
      .on('error', reject)
      .end();
  });
}

/** Queries a user might type: a name, a word of every description, a tool, nothing matching. */
const QUERIES = ['synthetic-agent-0250', 'streaming', 'websearch', 'no such agent', 'agent-04'];

interface SearchTimings {
  /** The median of the queries once the search index is there. */
  median: number;
  /** The first query, typed the instant the field has focus: it waits for the search index, fetched on that focus. */
  cold: number;
  /** From navigation to the page's script having run (search ready). */
  ready: number;
}

async function searchTimings(url: string): Promise<SearchTimings> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const ready = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
    const search = (typed: string) =>
      page.evaluate(async (value: string) => {
        const input = document.getElementById('search') as HTMLInputElement;
        const list = document.getElementById('agent-list')!;
        const start = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input'));
        // While the index is on its way the list is busy; it is rendered in the same task that ends that.
        if (list.hasAttribute('aria-busy'))
          await new Promise<void>((done) => {
            const observer = new MutationObserver(() => {
              if (list.hasAttribute('aria-busy')) return;
              observer.disconnect();
              done();
            });
            observer.observe(list, { attributes: true, attributeFilter: ['aria-busy'] });
          });
        // The list is painted by the frame after the handler ran.
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        return performance.now() - start;
      }, typed);
    await page.focus('#search');
    const cold = await search(QUERIES[0]!);
    await search('');
    const times: number[] = [];
    for (const query of QUERIES) {
      times.push(await search(query));
      await search('');
    }
    return { median: median(times), cold, ready };
  } finally {
    await browser.close();
  }
}

/** Builds the catalog of a generated registry with `pnpm catalog`'s program, serves it, and measures its home page. */
export async function measureCatalog(root: string): Promise<CatalogRun> {
  // Twice, each into a fresh folder: after a large deletion, ext4 (mounted with discard) took 4 s of system
  // time more to make the same 6,000 pages, a moment of the disk's that is not the catalog's (BENCHMARKS.md).
  const builds = [scratch('catalog'), scratch('catalog')].map((out) => ({ out, run: timed(process.execPath, [CATALOG, '--out', out], root) }));
  const { out, run: build } = builds[0]!.run.seconds <= builds[1]!.run.seconds ? builds[0]! : builds[1]!;
  const home = readFileSync(join(out, 'index.html'), 'utf8');
  const assets = [...home.matchAll(/(?:href|src)="(assets\/catalog\.[0-9a-f]+\.(?:css|js))"/g)].map((match) => match[1]!);
  const index = /data-index="(assets\/agents\.[0-9a-f]+\.json)"/.exec(home)?.[1];
  if (index === undefined) throw new BenchError('wrong-result', `the catalog's home page in ${out} names no search index`);
  const server = await serveSite(out, 0);
  const kb = (bytes: number) => round(bytes / 1024, 1);
  try {
    const sizes = await Promise.all(['', ...assets].map((path) => transferredBytes(`${server.url}${path}`)));
    const run: CatalogRun = {
      build_s: round(build.seconds),
      build_runs_s: builds.map(({ run }) => round(run.seconds)),
      build_peak_mb: round(Math.max(...builds.map(({ run }) => run.peakMb)), 0),
      home_transfer_kb: kb(sizes.reduce((sum, size) => sum + size, 0)),
      home_html_kb_uncompressed: kb(Buffer.byteLength(home)),
      search_index_transfer_kb: kb(await transferredBytes(`${server.url}${index}`)),
    };
    if (existsSync(CHROMIUM)) {
      const timings = await searchTimings(server.url);
      run.first_result_ms = round(timings.median, 1);
      run.first_result_cold_ms = round(timings.cold, 1);
      run.search_ready_ms = round(timings.ready, 0);
    }
    return run;
  } finally {
    await server.close();
  }
}
