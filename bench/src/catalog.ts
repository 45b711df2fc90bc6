import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { CHROMIUM, launchChromium, serveSite } from '@agents/catalog';
import { median, round, timed } from './measure.js';
import { CATALOG } from './paths.js';
import { scratch } from './scenarios.js';

export interface CatalogRun {
  build_s: number;
  build_peak_mb: number;
  /** What a browser downloads for the home page, compressed as a static host sends it: HTML, stylesheet, script. */
  home_transfer_kb: number;
  home_html_kb_uncompressed: number;
  /** From typing into the search to the narrowed list painted; undefined without Chromium. */
  first_result_ms?: number;
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

async function searchTimings(url: string): Promise<{ firstResult: number; ready: number }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const ready = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
    const times: number[] = [];
    for (const query of QUERIES) {
      for (const value of [query, '']) {
        const ms = await page.evaluate(async (typed: string) => {
          const input = document.getElementById('search') as HTMLInputElement;
          const start = performance.now();
          input.value = typed;
          input.dispatchEvent(new Event('input'));
          // The list is painted by the frame after the handler ran.
          await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
          return performance.now() - start;
        }, value);
        if (value !== '') times.push(ms);
      }
    }
    return { firstResult: median(times), ready };
  } finally {
    await browser.close();
  }
}

/** Builds the catalog of a generated registry with `pnpm catalog`'s program, serves it, and measures its home page. */
export async function measureCatalog(root: string): Promise<CatalogRun> {
  const out = scratch('catalog');
  const build = timed(process.execPath, [CATALOG, '--out', out], root);
  const home = readFileSync(join(out, 'index.html'), 'utf8');
  const assets = [...home.matchAll(/(?:href|src)="(assets\/catalog\.[0-9a-f]+\.(?:css|js))"/g)].map((match) => match[1]!);
  const server = await serveSite(out, 0);
  try {
    const sizes = await Promise.all(['', ...assets].map((path) => transferredBytes(`${server.url}${path}`)));
    const run: CatalogRun = {
      build_s: round(build.seconds),
      build_peak_mb: round(build.peakMb, 0),
      home_transfer_kb: round(sizes.reduce((sum, size) => sum + size, 0) / 1024, 1),
      home_html_kb_uncompressed: round(Buffer.byteLength(home) / 1024, 1),
    };
    if (existsSync(CHROMIUM)) {
      const { firstResult, ready } = await searchTimings(server.url);
      run.first_result_ms = round(firstResult, 1);
      run.search_ready_ms = round(ready, 0);
    }
    return run;
  } finally {
    await server.close();
  }
}
