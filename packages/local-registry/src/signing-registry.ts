import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleToJSON } from '@sigstore/bundle';
import { fulcioHandler, type HandlerFn, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign';

/** A CI identity that signs provenance: `repository` as `owner/repo`, `workflow` as the file's path in it. */
export interface TestPublisher {
  repository: string;
  workflow: string;
}

export const DEFAULT_PUBLISHER: TestPublisher = { repository: 'agents-registry/agents', workflow: '.github/workflows/release.yml' };

/** How the stand-in serves one package's versions; by default signed by the registry's key and attested by DEFAULT_PUBLISHER. */
export interface Serving {
  /** Who the provenance says built it; null: no attestation. */
  publisher?: TestPublisher | null;
  /** `unknown-key`: signed by a key the registry does not publish; `none`: no signature. */
  signature?: 'registry' | 'unknown-key' | 'none';
  /** The provenance attestation names this package instead (one built for another package, served for this one). */
  attestationFor?: string;
  /** A registry (or a man in the middle) that serves other bytes under a new integrity, keeping the signature of the old. */
  tamper?: boolean;
}

export interface SigningRegistry {
  /** The registry URL to name in .npmrc: Verdaccio's packages, signed and attested. */
  url: string;
  /** The environment that makes the CLI verify provenance against this stand-in's Sigstore trust root. */
  env: { AGENTS_SIGSTORE_TRUSTED_ROOT: string };
  /** Changes how `packageName` is served from now on. */
  serve(packageName: string, serving: Serving): void;
  /** Whether the keys endpoint answers (a registry without signing keys when false). */
  publishKeys(publish: boolean): void;
  close(): Promise<void>;
}

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const der = (key: KeyObject) => key.export({ format: 'der', type: 'spki' });

/**
 * A stand-in for the npm registry's signing, in front of a real registry (Verdaccio): it publishes a test key
 * at /-/npm/v1/keys, signs each version's `<name>@<version>:<integrity>` with it in every packument as the npm
 * registry does, and serves provenance attestations at /-/npm/v1/attestations/, made by Sigstore's own signing
 * library against a test Fulcio, CT log and Rekor (@sigstore/mock), whose trust root it writes to a file.
 */
export async function startSigningRegistry(upstream: string): Promise<SigningRegistry> {
  const registryKey = ecKeys();
  const strangerKey = ecKeys();
  const keyid = (key: KeyObject) => `SHA256:${createHash('sha256').update(der(key)).digest('base64').replace(/=+$/, '')}`;
  const ctLog = await initializeCTLog(ecKeys());
  const ca = await initializeCA(ecKeys(), ctLog);
  const tlogKeys = ecKeys();
  const servings = new Map<string, Serving>();
  const attestations = new Map<string, Promise<unknown>>();
  let keysPublished = true;
  let url = '';

  const sigstoreRoutes = new Map<string, HandlerFn>();
  const server: Server = createServer((incoming, outgoing) => {
    void answer(incoming).then(
      ({ status, body, headers }) => {
        outgoing.writeHead(status, { 'content-type': 'application/json', ...headers });
        outgoing.end(body);
      },
      (problem: Error) => {
        outgoing.writeHead(500);
        outgoing.end(problem.stack);
      },
    );
  });
  // sigstore's client (make-fetch-happen) keeps idle sockets without a limit: the server's default of 5 s
  // closed one just as attest() sent on it (ECONNRESET). close() ends every connection.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const tlog = await initializeTLog(`${url}sigstore/rekor`, tlogKeys);
  sigstoreRoutes.set('/sigstore/fulcio/api/v2/signingCert', fulcioHandler(ca).fn);
  sigstoreRoutes.set('/sigstore/rekor/api/v1/log/entries', rekorHandler(tlog).fn);

  const rootDir = mkdtempSync(join(tmpdir(), 'sigstore-root-'));
  const trustedRoot = join(rootDir, 'trusted_root.json');
  const since = { start: '2020-01-01T00:00:00Z' };
  const publicKey = (bytes: Buffer) => ({ rawBytes: bytes.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since });
  writeFileSync(
    trustedRoot,
    JSON.stringify({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: `${url}sigstore/rekor`,
          hashAlgorithm: 'SHA2_256',
          publicKey: publicKey(der(tlogKeys.publicKey)),
          logId: { keyId: createHash('sha256').update(der(tlogKeys.publicKey)).digest('base64') },
        },
      ],
      certificateAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
          uri: `${url}sigstore/fulcio`,
          certChain: { certificates: [{ rawBytes: Buffer.from(ca.rootCertificate.buffer).toString('base64') }] },
          validFor: since,
        },
      ],
      ctlogs: [
        {
          baseUrl: `${url}sigstore/ct`,
          hashAlgorithm: 'SHA2_256',
          publicKey: publicKey(ctLog.publicKey),
          logId: { keyId: Buffer.from(ctLog.logID.buffer).toString('base64') },
        },
      ],
      timestampAuthorities: [],
    }),
  );

  /** A provenance bundle as GitHub Actions makes one for `npm publish --provenance`, for `purl` and a tarball's sha512. */
  async function attest(purl: string, sha512: string, publisher: TestPublisher): Promise<unknown> {
    const commit = createHash('sha1').update(publisher.repository).digest('hex');
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: purl, digest: { sha512 } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1',
          externalParameters: { workflow: { ref: 'refs/heads/main', repository: `https://github.com/${publisher.repository}`, path: publisher.workflow } },
          resolvedDependencies: [{ uri: `git+https://github.com/${publisher.repository}@refs/heads/main`, digest: { gitCommit: commit } }],
        },
        runDetails: { builder: { id: 'https://github.com/actions/runner/github-hosted' } },
      },
    };
    // An unsigned token: the test Fulcio reads its claims without checking a signature, as the real one checks GitHub's.
    const claims = {
      iss: 'https://token.actions.githubusercontent.com',
      sub: `https://github.com/${publisher.repository}/${publisher.workflow}@refs/heads/main`,
      sha: commit,
    };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none' })}.${encode(claims)}.`;
    const builder = new DSSEBundleBuilder({
      signer: new FulcioSigner({ fulcioBaseURL: `${url}sigstore/fulcio`, identityProvider: { getToken: async () => token }, retry: 2 }),
      witnesses: [new RekorWitness({ rekorBaseURL: `${url}sigstore/rekor`, entryType: 'intoto', retry: 2 })],
    });
    const bundle = await builder.create({ data: Buffer.from(JSON.stringify(statement)), type: 'application/vnd.in-toto+json' });
    return { predicateType: statement.predicateType, bundle: bundleToJSON(bundle) };
  }

  const purlOf = (packageName: string, version: string) => `pkg:npm/${packageName.replace('@', '%40')}@${version}`;

  async function answer(incoming: IncomingMessage): Promise<{ status: number; body: Buffer | string; headers?: Record<string, string> }> {
    const path = decodeURIComponent(new URL(incoming.url ?? '/', url).pathname);
    const handler = sigstoreRoutes.get(path);
    if (handler) {
      const { statusCode, response, contentType } = await handler((await readBody(incoming)).toString());
      return {
        status: statusCode,
        body: typeof response === 'string' ? response : Buffer.from(response.buffer, response.byteOffset, response.byteLength),
        headers: { 'content-type': contentType ?? 'application/json' },
      };
    }
    if (path === '/-/npm/v1/keys') {
      if (!keysPublished) return { status: 404, body: '{"error":"not found"}' };
      const key = der(registryKey.publicKey).toString('base64');
      return {
        status: 200,
        body: JSON.stringify({
          keys: [{ expires: null, keyid: keyid(registryKey.publicKey), keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256', key }],
        }),
      };
    }
    const attestation = /^\/-\/npm\/v1\/attestations\/(.+)@([^@]+)$/.exec(path);
    if (attestation) {
      const made = attestations.get(`${attestation[1]}@${attestation[2]}`);
      return made ? { status: 200, body: JSON.stringify({ attestations: [await made] }) } : { status: 404, body: '{"error":"not found"}' };
    }
    const forwarded = await forward(incoming);
    const tarball = /^\/(@[^/]+\/[^/]+)\/-\/.+-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(path);
    if (tarball && servings.get(tarball[1]!)?.tamper && forwarded.status === 200) return { ...forwarded, body: TAMPERED };
    const name = path.slice(1);
    if (forwarded.status !== 200 || !/^@[^/]+\/[^/]+$/.test(name)) return forwarded;
    const packument = JSON.parse(forwarded.body.toString('utf8')) as { versions: Record<string, { dist: Record<string, unknown> }> };
    const serving = servings.get(name) ?? {};
    for (const [version, manifest] of Object.entries(packument.versions ?? {})) {
      const dist = manifest.dist;
      const signedIntegrity = String(dist.integrity);
      // The attestation and signature are made for the package as published; tampering changes what is served after.
      const sha512 = Buffer.from(signedIntegrity.replace(/^sha512-/, ''), 'base64').toString('hex');
      const publisher = serving.publisher === undefined ? DEFAULT_PUBLISHER : serving.publisher;
      const key = `${name}@${version}`;
      if (publisher !== null) {
        const subject = purlOf(serving.attestationFor ?? name, version);
        const cacheKey = `${key} ${subject} ${sha512} ${publisher.repository} ${publisher.workflow}`;
        if (!attestations.has(cacheKey)) {
          const made = attest(subject, sha512, publisher);
          // Awaited when a client asks for the attestation (a failure answers 500 then), maybe never: not unhandled.
          made.catch(() => {});
          attestations.set(cacheKey, made);
        }
        attestations.set(key, attestations.get(cacheKey)!);
        dist.attestations = {
          url: `https://registry.npmjs.org/-/npm/v1/attestations/${name}@${version}`,
          provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
        };
      } else {
        attestations.delete(key);
        delete dist.attestations;
      }
      const signer = serving.signature === 'unknown-key' ? strangerKey : registryKey;
      if (serving.signature !== 'none') {
        const sig = sign('sha256', Buffer.from(`${name}@${version}:${signedIntegrity}`), signer.privateKey).toString('base64');
        dist.signatures = [{ keyid: keyid(signer.publicKey), sig }];
      } else delete dist.signatures;
      if (serving.tamper) dist.integrity = `sha512-${createHash('sha512').update(TAMPERED).digest('base64')}`;
    }
    return { status: 200, body: JSON.stringify(packument) };
  }

  /** A request passed to the registry as it came, Host included (Verdaccio writes tarball URLs for the host it was asked on). */
  async function forward(incoming: IncomingMessage): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
    const target = new URL(upstream);
    const body = await readBody(incoming);
    return new Promise((resolve, reject) => {
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, 'accept-encoding': 'identity' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const type = response.headers['content-type'];
            resolve({ status: response.statusCode ?? 502, body: Buffer.concat(chunks), headers: type ? { 'content-type': type } : {} });
          });
        },
      );
      forwarded.on('error', reject);
      forwarded.end(body);
    });
  }

  return {
    url,
    env: { AGENTS_SIGSTORE_TRUSTED_ROOT: trustedRoot },
    serve: (packageName, serving) => servings.set(packageName, serving),
    publishKeys: (publish) => {
      keysPublished = publish;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** What a tampered package's tarball is replaced with, and its new integrity names. */
const TAMPERED = Buffer.from('not the published tarball');

function readBody(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}
