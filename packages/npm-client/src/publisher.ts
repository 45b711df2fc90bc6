import { readFile } from 'node:fs/promises';
import { printable } from '@agents/schema';
import type { NpmConfig } from './config.js';
import { redactUrl } from './config.js';
import { RegistryError } from './errors.js';
import { getJson, type Packument, type VersionManifest } from './registry.js';

/**
 * Who built a package version, as its provenance attestation proves it: the Sigstore certificate's identity
 * (the CI workflow that signed), never the statement's own words, which the workflow could write freely.
 */
export interface Publisher {
  /** `https://github.com/<owner>/<repo>` */
  repository: string;
  /** The workflow file in it: `.github/workflows/release.yml` */
  workflow: string;
  /** The commit it built, when the statement names one. */
  commit?: string;
}

/** What the checks found for one version: a signature the registry's keys verify, and a publisher where there is provenance. */
export interface Verification {
  /** false when the registry publishes no signing keys (a private registry, Verdaccio): nothing to check against. */
  signed: boolean;
  publisher: Publisher | null;
}

/** A signing key as the registry publishes it at `/-/npm/v1/keys`, in the form pacote takes. */
interface RegistryKey {
  keyid: string;
  pemkey: string;
  expires: string | null;
}

/** Sigstore's attestation bundle as npm serves it. */
interface Attestation {
  predicateType: string;
  bundle: { dsseEnvelope: { payload: string; payloadType: string } } & Record<string, unknown>;
}

const PROVENANCE = /^https:\/\/slsa\.dev\/provenance\/v/;

/**
 * The checks of `npm audit signatures`, made by the libraries npm makes them with: the registry's signature
 * over `<name>@<version>:<integrity>` by pacote, against the keys the registry publishes; the provenance
 * attestation's Sigstore bundle by @sigstore/verify, against Sigstore's trust root (TUF, as npm fetches it,
 * or the file AGENTS_SIGSTORE_TRUSTED_ROOT names: a private Sigstore instance), its subject against the
 * package's name, version and integrity.
 */
export class PublisherVerifier {
  private readonly keys = new Map<string, Promise<RegistryKey[] | undefined>>();
  private readonly unsigned = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly fetched = new Map<string, Promise<{ attestations?: Attestation[] } | undefined>>();
  private trust: Promise<import('@sigstore/verify').Verifier> | undefined;

  constructor(
    private readonly config: NpmConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The registry's signing keys, asked once per run; undefined when it publishes none. */
  registryKeys(registry: string): Promise<RegistryKey[] | undefined> {
    let keys = this.keys.get(registry);
    if (keys === undefined) {
      keys = getJson<{ keys?: { keyid: string; key: string; expires: string | null }[] }>(new URL('-/npm/v1/keys', registry).href, this.config).then((body) =>
        body?.keys?.length
          ? body.keys.map((key) => ({ keyid: key.keyid, expires: key.expires, pemkey: `-----BEGIN PUBLIC KEY-----\n${key.key}\n-----END PUBLIC KEY-----` }))
          : undefined,
      );
      this.keys.set(registry, keys);
    }
    return keys;
  }

  /** The registries found to publish no signing keys since the last call (redacted, for a message said once a run). */
  unsignedRegistries(): string[] {
    const found = [...this.unsigned].filter((registry) => !this.reported.has(registry));
    for (const registry of found) this.reported.add(registry);
    return found.map(redactUrl);
  }

  /**
   * Starts what checking a version of `packageName` will need, while its document and tarball download: the
   * registry's keys, then npm's signature check (pacote) where there are keys; with the version's manifest,
   * its attestations and Sigstore's trust root. `verify` takes them as they are.
   */
  prefetch(packageName: string, manifest?: VersionManifest): void {
    const registry = this.config.registryFor(packageName);
    // Failures are verify's to report: nothing is lost if it never asks.
    const quietly = (started: Promise<unknown>) => void started.catch(() => undefined);
    quietly(this.registryKeys(registry).then((keys) => keys && import('pacote')));
    const url = manifest && this.attestationsUrl(manifest, registry);
    if (url !== undefined) {
      quietly(this.attestations(url));
      quietly(this.sigstore());
    }
  }

  /** Checks one version, after its tarball matched `integrity`; throws a one-line RegistryError when a check fails. */
  async verify(packument: Packument, manifest: VersionManifest, integrity: string): Promise<Verification> {
    const registry = this.config.registryFor(manifest.name);
    const keys = await this.registryKeys(registry);
    const id = `${manifest.name}@${manifest.version}`;
    if (keys !== undefined) await this.verifySignature(packument, manifest, registry, keys);
    else this.unsigned.add(registry);
    if (manifest.dist.attestations === undefined) return { signed: keys !== undefined, publisher: null };
    const url = this.attestationsUrl(manifest, registry);
    if (url === undefined) throw new RegistryError('provenance', `${id}: the registry's attestations entry has no URL; not installed`);
    const body = await this.attestations(url);
    // A document of the registry is read like any input: a list of anything.
    const listed: unknown[] = Array.isArray(body?.attestations) ? body.attestations : [];
    const provenance = listed.find(
      (attestation): attestation is Attestation =>
        typeof (attestation as Attestation | null)?.predicateType === 'string' && PROVENANCE.test((attestation as Attestation).predicateType),
    );
    if (provenance === undefined)
      throw new RegistryError('provenance', `${id}: the registry lists attestations for it but serves no provenance at ${redactUrl(url)}; not installed`);
    return { signed: keys !== undefined, publisher: await this.verifyProvenance(provenance, manifest, integrity) };
  }

  /** Where the registry that served the package serves its attestations, whatever host the entry names (as pacote does). */
  private attestationsUrl(manifest: VersionManifest, registry: string): string | undefined {
    const url = manifest.dist.attestations?.url;
    return typeof url === 'string' && URL.canParse(url) ? new URL(new URL(url).pathname, registry).href : undefined;
  }

  /** A version's attestations, asked once. */
  private attestations(url: string): Promise<{ attestations?: Attestation[] } | undefined> {
    let body = this.fetched.get(url);
    if (body === undefined) {
      body = getJson<{ attestations?: Attestation[] }>(url, this.config);
      this.fetched.set(url, body);
    }
    return body;
  }

  /** pacote's check, on the document already fetched (handed to it through its packument cache: no second request). */
  private async verifySignature(packument: Packument, manifest: VersionManifest, registry: string, keys: RegistryKey[]): Promise<void> {
    const id = `${manifest.name}@${manifest.version}`;
    if (!Array.isArray(manifest.dist.signatures) || manifest.dist.signatures.length === 0) {
      throw new RegistryError('signature', `${id} has no registry signature, though ${redactUrl(registry)} signs its packages; not installed`);
    }
    const [{ default: pacote }, { default: npa }] = await Promise.all([import('pacote'), import('npm-package-arg')]);
    const spec = npa(`${manifest.name}@${manifest.version}`);
    const { host, pathname } = new URL(registry);
    const packumentUrl = `${registry.replace(/\/+$/, '')}/${spec.escapedName}`;
    try {
      await pacote.manifest(spec.toString(), {
        ...this.config.flat,
        fullMetadata: true,
        verifySignatures: true,
        packumentCache: new Map([[`full:${packumentUrl}`, packument]]),
        [`//${host}${pathname}:_keys`]: keys,
      });
    } catch (problem) {
      const { code } = problem as { code?: string };
      const why =
        code === 'EMISSINGSIGNATUREKEY'
          ? 'is signed with a key the registry does not publish'
          : code === 'EEXPIREDSIGNATUREKEY'
            ? 'is signed with a key that had expired when it was published'
            : code === 'EINTEGRITYSIGNATURE'
              ? "does not match the registry's signature (its tarball or integrity was changed after signing)"
              : `failed the registry signature check (${printable((problem as Error).message)})`;
      throw new RegistryError('signature', `${id} ${why}; not installed`);
    }
  }

  private async verifyProvenance(attestation: Attestation, manifest: VersionManifest, integrity: string): Promise<Publisher> {
    const id = `${manifest.name}@${manifest.version}`;
    const fail = (why: string) => new RegistryError('provenance', `${id}: ${why}; not installed`);
    let statement: { subject?: { name?: string; digest?: { sha512?: string } }[]; predicate?: unknown };
    try {
      statement = JSON.parse(Buffer.from(attestation.bundle.dsseEnvelope.payload, 'base64').toString('utf8'));
    } catch {
      throw fail('its provenance attestation is not a readable statement');
    }
    const [{ default: npa }, { bundleFromJSON }, { toSignedEntity }] = await Promise.all([
      import('npm-package-arg'),
      import('@sigstore/bundle'),
      import('@sigstore/verify'),
    ]);
    const purl = npa.toPurl(npa(`${manifest.name}@${manifest.version}`));
    const subject = statement.subject?.[0];
    if (subject?.name !== purl) throw fail(`its provenance attestation is for ${printable(String(subject?.name))}, not ${purl}`);
    const digest = Buffer.from(integrity.replace(/^sha512-/, ''), 'base64').toString('hex');
    if (subject.digest?.sha512 !== digest) throw fail('its provenance attestation is for another tarball');
    // Outside the try: a trust root that cannot be had is said as itself, not as a failed verification.
    const verifier = await this.sigstore();
    let signer: import('@sigstore/verify').Signer;
    try {
      signer = verifier.verify(toSignedEntity(bundleFromJSON(attestation.bundle)));
    } catch (problem) {
      throw fail(`its provenance attestation does not verify against Sigstore's trust root (${printable((problem as Error).message)})`);
    }
    const identity = signer.identity?.subjectAlternativeName;
    const publisher = identity === undefined ? undefined : publisherOf(identity, statement.predicate);
    if (publisher === undefined) throw fail(`its provenance names no CI workflow (${printable(String(identity))})`);
    return publisher;
  }

  /** One verifier per run, on Sigstore's trust root: the public-good instance's through TUF (npm's cache), or the configured one. */
  private sigstore(): Promise<import('@sigstore/verify').Verifier> {
    this.trust ??= (async () => {
      const [{ Verifier, toTrustMaterial }, { TrustedRoot }] = await Promise.all([import('@sigstore/verify'), import('@sigstore/protobuf-specs')]);
      const path = this.env.AGENTS_SIGSTORE_TRUSTED_ROOT;
      let root: import('@sigstore/protobuf-specs').TrustedRoot;
      if (path) {
        try {
          root = TrustedRoot.fromJSON(JSON.parse(await readFile(path, 'utf8')));
        } catch (problem) {
          throw new RegistryError(
            'provenance',
            `AGENTS_SIGSTORE_TRUSTED_ROOT: cannot read ${path} as a Sigstore trusted root (${printable((problem as Error).message)})`,
          );
        }
      } else {
        const { getTrustedRoot } = await import('@sigstore/tuf');
        try {
          root = await getTrustedRoot({ cachePath: String(this.config.flat.tufCache), forceCache: true });
        } catch (problem) {
          throw new RegistryError('unreachable', `cannot fetch Sigstore's trust root to check provenance (${printable((problem as Error).message)})`);
        }
      }
      return new Verifier(toTrustMaterial(root), { tlogThreshold: 1, ctlogThreshold: 1 });
    })();
    return this.trust;
  }
}

/**
 * The repository and workflow of a CI signing identity: GitHub's
 * `https://github.com/<owner>/<repo>/.github/workflows/<file>@<ref>`, GitLab's `https://gitlab.com/<group…>/<project>//<file>@<ref>`.
 */
export function publisherOf(identity: string, predicate?: unknown): Publisher | undefined {
  const match =
    /^(https:\/\/github\.com\/[^/]+\/[^/]+)\/(\.github\/workflows\/[^@]+)@./.exec(identity) ?? /^(https:\/\/[^/]+\/[^@]+?)\/\/([^@]+)@./.exec(identity);
  if (match === null) return undefined;
  const commit = (predicate as { buildDefinition?: { resolvedDependencies?: { digest?: { gitCommit?: unknown } }[] } } | undefined)?.buildDefinition
    ?.resolvedDependencies?.[0]?.digest?.gitCommit;
  return { repository: match[1]!, workflow: match[2]!, ...(typeof commit === 'string' && /^[0-9a-f]{40}$/.test(commit) ? { commit } : {}) };
}

/** The same publisher: the same repository and workflow (every release builds another commit); none is the same only as none. */
export const samePublisher = (a: Publisher | null, b: Publisher | null): boolean =>
  a === null || b === null ? a === b : a.repository === b.repository && a.workflow === b.workflow;

/** `https://github.com/acme/agents (.github/workflows/release.yml)` */
export const describePublisher = (publisher: Publisher | null): string =>
  publisher === null ? 'no provenance' : `${publisher.repository} (${publisher.workflow})`;
