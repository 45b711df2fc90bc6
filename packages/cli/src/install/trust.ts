import type { Output } from '@agents/kit';
import { describePublisher, type NpmConfig, PublisherVerifier, samePublisher } from '@agents/npm-client';
import { printable } from '@agents/schema';
import { CliError } from '../errors.js';
import { booleanFlag } from '../flags.js';
import type { LockEntry } from './lock.js';
import type { Fetched } from './place.js';
import type { ProjectSettings } from './settings.js';

/** What a run accepts of a package's publisher: set by flags, and by the project's settings (requireProvenance). */
export interface TrustPolicy {
  /** A version without a verified provenance attestation is refused. */
  requireProvenance: boolean;
  /** A publisher other than the locked one (or none where one was locked) is taken, and locked from now on. */
  acceptPublisher: boolean;
  /** A skill that carries anything a client can run (a script, an executable, a command its instructions run) is refused. */
  refuseRunnableSkills: boolean;
}

export const trustFlags = {
  'require-provenance': booleanFlag('Refuse a version without a provenance attestation that names the repository and workflow that built it'),
  'accept-publisher': booleanFlag('Accept a version built by another publisher than the locked one (or without provenance), and lock it'),
} as const;

/** The policy of a run: its flags, and the project's `agents.requireProvenance` and `agents.refuseRunnableSkills` settings. */
export function trustPolicy(input: { 'require-provenance': boolean; 'accept-publisher': boolean }, settings: ProjectSettings): TrustPolicy {
  return {
    requireProvenance: input['require-provenance'] || settings.requireProvenance,
    acceptPublisher: input['accept-publisher'],
    refuseRunnableSkills: settings.refuseRunnableSkills,
  };
}

const verifiers = new WeakMap<NpmConfig, PublisherVerifier>();

/** One verifier per npm configuration, so that a run asks each registry for its keys once. */
export function verifierFor(config: NpmConfig): PublisherVerifier {
  let verifier = verifiers.get(config);
  if (verifier === undefined) {
    verifier = new PublisherVerifier(config);
    verifiers.set(config, verifier);
  }
  return verifier;
}

/**
 * Refuses, before anything is written, a version whose publisher the policy or the lock does not accept:
 * no provenance where it is required, or a publisher other than the one the lock recorded for the agent.
 */
export function checkPublisher(
  fetched: Pick<Fetched, 'packageName' | 'version' | 'publisher'>,
  locked: Pick<LockEntry, 'version' | 'publisher'> | undefined,
  policy: TrustPolicy,
): void {
  const id = `${fetched.packageName}@${fetched.version}`;
  // Not checked (synced from node_modules without npm's lockfile) proves no more than no provenance.
  const publisher = fetched.publisher ?? null;
  if (policy.requireProvenance && publisher === null) {
    throw new CliError('untrusted', `${id} has no provenance attestation, and provenance is required; nothing installed`);
  }
  const before = locked?.publisher;
  if (before === undefined || before === null || policy.acceptPublisher) return;
  const was = `${locked!.version} was built by ${printable(describePublisher(before))}`;
  if (publisher === null) {
    throw new CliError('untrusted', `${id} has no provenance, but the installed ${was}; nothing installed (--accept-publisher takes it)`);
  }
  if (!samePublisher(before, publisher)) {
    throw new CliError(
      'untrusted',
      `${id} was built by ${printable(describePublisher(publisher))}, but the installed ${was}; nothing installed (--accept-publisher takes it)`,
    );
  }
}

/** Says once per run, on stderr, which registries publish no signing keys: what they serve is checked against its integrity only. */
export function noteUnsigned(config: NpmConfig, output: Output): void {
  for (const registry of verifierFor(config).unsignedRegistries()) {
    output.err(`note: ${registry} publishes no signing keys: its packages are checked against their integrity only, not their publisher`);
  }
}
