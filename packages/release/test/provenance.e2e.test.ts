import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort, type LocalRegistry, type RegistryProxy, registryEnvironment, startLocalRegistry, startRegistryProxy } from '@agents/local-registry';
import { runCli, snapshotWorkspace, tempDir } from '@agents/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicPackages, publishEnvironment, publishWorkspace } from '../src/index.js';

const AGENT = '@agents/data-platform-engineer';

/**
 * The modules libnpmpublish signs with, as it loads them: sigstore (whose Fulcio and Rekor are
 * public services this machine cannot reach) and ci-info (read once, when it is first loaded).
 */
const fromLibnpmpublish = createRequire(createRequire(import.meta.url).resolve('libnpmpublish'));
const sigstore = fromLibnpmpublish(join(fromLibnpmpublish.resolve('sigstore'), '..', 'sigstore.js')) as { attest: (...args: unknown[]) => Promise<unknown> };
const ciInfo = fromLibnpmpublish('ci-info') as { GITHUB_ACTIONS: boolean; name: string | null };

interface Statement {
  _type: string;
  subject: { name: string; digest: { sha512: string } }[];
  predicate: { buildDefinition: { externalParameters: { workflow: { repository: string } } } };
}

/** What a GitHub Actions job with `id-token: write` has (libnpmpublish checks for the request URL first). */
const GITHUB_JOB = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/unused',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/agents',
};

describe('provenance: what a release on GitHub signs', { timeout: 240_000 }, () => {
  let registry: LocalRegistry;
  let proxy: RegistryProxy;
  let workspace: string;
  /** The provenance bundles uploaded beside each tarball, by attachment name. */
  const uploaded = new Map<string, { dsseEnvelope: { payload: string } }>();
  const realAttest = sigstore.attest;
  const realCi = { GITHUB_ACTIONS: ciInfo.GITHUB_ACTIONS, name: ciInfo.name };

  beforeAll(async () => {
    registry = await startLocalRegistry();
    // npm's registry keeps the bundle beside the version; Verdaccio takes the tarball only: the proxy keeps the bundle.
    proxy = await startRegistryProxy(registry.url, await freePort(), {
      publishDocument: (document) => {
        for (const [name, attachment] of Object.entries(document._attachments)) {
          if (!name.endsWith('.sigstore')) continue;
          uploaded.set(name, JSON.parse(attachment.data));
          delete document._attachments[name];
        }
      },
    });
    workspace = snapshotWorkspace();
    expect(runCli(['build'], workspace).status).toBe(0);
    // Sigstore's signing, which needs its public services: the statement libnpmpublish hands it goes
    // into an unsigned bundle, uploaded as a signed one would be.
    sigstore.attest = async (payload: unknown, payloadType: unknown) => {
      return {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: { tlogEntries: [] },
        dsseEnvelope: { payload: Buffer.from(String(payload)).toString('base64'), payloadType, signatures: [] },
      };
    };
    Object.assign(ciInfo, { GITHUB_ACTIONS: true, name: 'GitHub Actions' });
    // libnpmpublish reads the job's variables from this process's environment.
    Object.assign(process.env, GITHUB_JOB);
  }, 240_000);
  afterAll(async () => {
    sigstore.attest = realAttest;
    Object.assign(ciInfo, realCi);
    for (const key of Object.keys(GITHUB_JOB)) delete process.env[key];
    await proxy?.close();
    await registry?.stop();
  });

  it("names the published tarball's sha512 digest as the statement's subject, and the workflow's repository", async () => {
    const env = {
      ...process.env,
      ...(await registryEnvironment(proxy.url, tempDir('provenance-npmrc-'))),
      AGENTS_RELEASE_AUTH: 'token',
      NPM_CONFIG_PROVENANCE: 'true',
    };
    const result = await publishWorkspace({ root: workspace, env, only: new Set([AGENT]) });
    expect(result.failed).toEqual([]);
    const version = (await publicPackages(workspace)).find((pkg) => pkg.name === AGENT)!.version;

    const packument = (await (await fetch(new URL(AGENT.replace('/', '%2f'), registry.url))).json()) as {
      versions: Record<string, { dist: { tarball: string } }>;
    };
    const tarball = Buffer.from(await (await fetch(packument.versions[version]!.dist.tarball)).arrayBuffer());
    expect([...uploaded.keys()]).toEqual([`${AGENT}-${version}.sigstore`]);
    const statement = JSON.parse(Buffer.from(uploaded.get(`${AGENT}-${version}.sigstore`)!.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement;
    expect(statement.subject).toEqual([
      { name: `pkg:npm/${AGENT.replace('@', '%40')}@${version}`, digest: { sha512: createHash('sha512').update(tarball).digest('hex') } },
    ]);
    expect(statement.predicate.buildDefinition.externalParameters.workflow.repository).toBe('https://github.com/acme/agents');
  });

  it('a local release never asks for provenance, whatever the environment says', () => {
    const local = publishEnvironment(registry.url, { NPM_CONFIG_PROVENANCE: 'true', npm_config_provenance: 'true' });
    expect(Object.entries(local).filter(([key]) => key.toLowerCase() === 'npm_config_provenance')).toEqual([['npm_config_provenance', 'false']]);
  });
});
