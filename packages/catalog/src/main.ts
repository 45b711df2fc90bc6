import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findRegistryRoot, formatText, processOutput } from '@agents/cli';
import { readCatalog } from './catalog.js';
import { counted } from './html.js';
import { serveSite } from './serve.js';
import { OutputFolderError, siteFiles, writeSite } from './site.js';

const HELP = `Usage: pnpm catalog [--out <dir>] [--serve] [--port <n>] [--repository <owner/name>]

Generates the registry's catalog, a static web site, from the agents (through
the loader, as the release reads them), and optionally serves it.

Options:
  --out <dir>                 where to write the site (default: site/ in the registry; git-ignored)
  --serve                     serve the site on http://127.0.0.1:<port>/ until interrupted
  --port <n>                  the port to serve on (default: 4321; 0 picks a free one)
  --repository <owner/name>   the GitHub repository of the marketplace, for the plugin commands
                              (default: $GITHUB_REPOSITORY, as set in GitHub Actions)
  -h, --help                  show this help

Exit codes: 0 site written, 1 the registry has errors (nothing written), 2 usage or output error.

Examples:
  pnpm catalog
  pnpm catalog --serve
  pnpm catalog --out /tmp/catalog --repository acme/agents`;

const OPTIONS = {
  out: { type: 'string' },
  serve: { type: 'boolean', default: false },
  port: { type: 'string', default: '4321' },
  repository: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** `pnpm catalog`: returns the exit code; with --serve, resolves once the server is interrupted. */
export async function main(argv: string[]): Promise<number> {
  const output = processOutput();
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    output.out(HELP);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    output.err(`--port must be a whole number from 0 to 65535, not "${values.port}"`);
    return 2;
  }
  const repository = values.repository ?? process.env.GITHUB_REPOSITORY;
  if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
    output.err(`--repository must be owner/name, not "${repository}"`);
    return 2;
  }
  const root = findRegistryRoot(process.cwd());
  if (root === undefined) {
    output.err('No registry here: run pnpm catalog inside the repository (a folder with pnpm-workspace.yaml and agents/).');
    return 2;
  }

  const result = await readCatalog(root, repository);
  if (!result.ok) {
    output.err(formatText(result.reports, output));
    output.err('The registry has errors: no catalog written. Fix them (pnpm agents validate) and run pnpm catalog again.');
    return 1;
  }
  const out = resolve(root, values.out ?? 'site');
  try {
    await writeSite(out, await siteFiles(result.catalog));
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    output.err(error.message);
    return 2;
  }
  const { agents, categories } = result.catalog;
  output.out(`Catalog of ${counted(agents.length, 'agent')} in ${counted(categories.length, 'category', 'categories')} written to ${out}`);
  if (!values.serve) return 0;

  const server = await serveSite(out, port).catch((error: NodeJS.ErrnoException) => {
    output.err(error.code === 'EADDRINUSE' ? `Port ${port} is in use: pass --port <n> (0 picks a free one).` : error.message);
    return undefined;
  });
  if (server === undefined) return 2;
  output.out(`Serving on ${server.url} (Ctrl+C to stop)`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.close();
  return 0;
}
