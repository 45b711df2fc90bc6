import type { WorkspacePackage } from '@agents/loader';
import { ReleaseError } from './errors.js';
import type { PublishAuth } from './release-config.js';

/** A public package that a release asked the registry about, and the versions the registry has of it. */
export interface AskedPackage {
  pkg: WorkspacePackage;
  versions: string[];
}

export interface PublishPlan {
  /** The packages whose version the registry lacks (of those `only` names, when given): to publish, or to stage. */
  pending: WorkspacePackage[];
  /** What the release says first: what it will do, and what it asked. */
  summary: string;
}

/**
 * What a release publishes, decided before it writes anything: from what the registry said of the
 * packages asked about (`asked`, of `total` public packages). Trusted publishing publishes only a
 * package that exists: one new to the registry stops the release, naming the one command to run.
 */
export function planPublish(
  asked: readonly AskedPackage[],
  total: number,
  { auth, stage, only }: { auth: PublishAuth; stage: boolean; only?: ReadonlySet<string> },
): PublishPlan {
  const pending = asked.filter(({ pkg, versions }) => !versions.includes(pkg.version) && (only === undefined || only.has(pkg.name))).map(({ pkg }) => pkg);
  const unknown = asked.filter(({ versions }) => versions.length === 0).map(({ pkg }) => pkg);
  if (auth === 'trusted' && unknown.length > 0) {
    throw new ReleaseError(
      'bootstrap',
      `${unknown.length} package${unknown.length === 1 ? ' is' : 's are'} not on the registry yet, and trusted publishing only publishes a package that exists:\n${unknown
        .map((pkg) => `  ${pkg.name}`)
        .join(
          '\n',
        )}\nA maintainer publishes them once, with their own npm login and 2FA, and makes this workflow their trusted publisher: pnpm release:bootstrap (see what it would do with --dry-run). Nothing was published; run the release again after.`,
    );
  }
  const questions = `asked the registry about ${asked.length} of ${total} packages, the others' release tags say they are on it`;
  const summary =
    pending.length === 0 ? `Nothing to publish (${questions}).` : `${stage ? 'Staging' : 'Publishing'} ${pending.length} of ${total} packages (${questions})`;
  return { pending, summary };
}

/** What a release tags when it is done: the packages it found on the registry, and those it published (not those it staged or failed). */
export function onRegistryAfter(asked: readonly AskedPackage[], published: readonly WorkspacePackage[]): WorkspacePackage[] {
  return asked.filter(({ pkg, versions }) => versions.includes(pkg.version) || published.includes(pkg)).map(({ pkg }) => pkg);
}
