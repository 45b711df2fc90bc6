/**
 * npm's staged publishing (`npm stage publish`, npm 11.15 or later): a version is uploaded to
 * `POST /-/stage/package/<name>` (libnpmpublish's `stage` option) and goes live only when a
 * maintainer approves it with 2FA (`npm stage approve <id>`). Routes as npm's own client uses them
 * (npm/cli lib/commands/stage/*.js).
 */

/** A version waiting for approval. */
export interface StagedVersion {
  id: string;
  version: string;
}

/**
 * The staged versions of a package (`GET /-/stage?package=<name>`, paged as `npm stage list` pages):
 * a release run again does not stage a version twice.
 */
export async function stagedVersions(registry: string, name: string, authorization: string | undefined): Promise<StagedVersion[]> {
  const items: StagedVersion[] = [];
  const perPage = 100;
  let seen = 0;
  for (let page = 0; ; page++) {
    const url = new URL('-/stage', registry.endsWith('/') ? registry : `${registry}/`);
    url.search = new URLSearchParams({ page: String(page), perPage: String(perPage), package: name }).toString();
    const response = await fetch(url, { headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) } });
    if (!response.ok) throw new Error(`${url.origin} answered ${response.status} for the staged versions of ${name}`);
    const body = (await response.json()) as { items?: { id: string; packageName: string; version: string }[]; total?: number };
    const found = body.items ?? [];
    seen += found.length;
    items.push(...found.filter((item) => item.packageName === name).map(({ id, version }) => ({ id, version })));
    if (found.length < perPage || seen >= (body.total ?? 0)) return items;
  }
}
