import { resolve } from 'node:path';
import { EXIT, formatHelp, formatText, type OptionSpecs, type Output, parseArguments, processOutput } from '@agents/kit';
import { findRegistryRoot, NO_REGISTRY } from '@agents/loader';
import { readCatalog } from './catalog.js';
import { CatalogError } from './errors.js';
import { counted } from './html.js';
import { serveSite } from './serve.js';
import { sitePages, writeSite } from './site.js';

const OPTIONS = {
  out: { type: 'string', value: '<dir>', description: 'Where to write the site (default: site/ in the registry; git-ignored)' },
  serve: { type: 'boolean', default: false, description: 'Serve the site on http://127.0.0.1:<port>/ until interrupted' },
  port: { type: 'string', default: '4321', value: '<n>', description: 'The port to serve on (default: 4321; 0 picks a free one)' },
  repository: {
    type: 'string',
    value: '<owner/name>',
    description: 'The GitHub repository of the marketplace, for the plugin commands\n(default: $GITHUB_REPOSITORY, as set in GitHub Actions)',
  },
} as const satisfies OptionSpecs;

const HELP = formatHelp({
  usage: 'pnpm catalog [--out <dir>] [--serve] [--port <n>] [--repository <owner/name>]',
  description: `Generates the registry's catalog, a static web site, from the agents (through
the loader, as the release reads them), and optionally serves it.`,
  options: OPTIONS,
  exitCodes: '0 site written, 1 the registry has errors (nothing written), 2 usage or output error.',
  examples: ['pnpm catalog', 'pnpm catalog --serve', 'pnpm catalog --out /tmp/catalog --repository acme/agents'],
});

/** `pnpm catalog`: returns the exit code; with --serve, resolves once the server is interrupted. Failures throw a CatalogError. */
export async function main(argv: string[], output: Output = processOutput()): Promise<number> {
  const { values } = parseArguments(OPTIONS, argv, { positionals: false });
  if (values.help) {
    output.out(HELP);
    return EXIT.ok;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CatalogError('usage', `--port must be a whole number from 0 to 65535, not "${values.port}"`);
  const repository = (values.repository as string | undefined) ?? process.env.GITHUB_REPOSITORY;
  if (repository !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new CatalogError('usage', `--repository must be owner/name, not "${repository}"`);
  const root = findRegistryRoot(output.cwd);
  if (root === undefined) throw new CatalogError('no-registry', `${NO_REGISTRY}: run pnpm catalog inside the registry's repository`);

  const result = await readCatalog(root, repository);
  if (!result.ok) {
    output.err(formatText(result.reports, output));
    throw new CatalogError('invalid-registry', 'the registry has errors: no catalog written. Fix them (pnpm agents validate) and run pnpm catalog again.');
  }
  const out = resolve(root, (values.out as string | undefined) ?? 'site');
  await writeSite(out, sitePages(result.catalog));
  const { agents, categories } = result.catalog;
  output.out(`Catalog of ${counted(agents.length, 'agent')} in ${counted(categories.length, 'category', 'categories')} written to ${out}`);
  if (!values.serve) return EXIT.ok;

  const server = await serveSite(out, port).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new CatalogError('port-in-use', `port ${port} is in use: pass --port <n> (0 picks a free one)`, { cause: error });
    throw error;
  });
  output.out(`Serving on ${server.url} (Ctrl+C to stop)`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await server.close();
  return EXIT.ok;
}
