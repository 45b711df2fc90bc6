import { ReleaseError } from './errors.js';

/** Why the registry refused an exchange: a package it has no trusted publisher for, or an identity it does not accept. */
export class ExchangeRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Publish tokens from npm's trusted publishing, the way npm's own client gets them (npm/cli
 * lib/utils/oidc.js): GitHub Actions' OIDC ID token for the audience `npm:<registry host>` (the job
 * needs `id-token: write`), exchanged at `<registry>/-/npm/v1/oidc/token/exchange/package/<name>` for a
 * short-lived token that publishes that one package. One ID token serves every package of a release;
 * one the registry finds expired is asked for again, once.
 */
export class TrustedPublishing {
  private idToken: Promise<string> | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly registry: string,
  ) {
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
      throw new ReleaseError(
        'usage',
        'trusted publishing (agents.release.auth "trusted") needs the OIDC identity of a GitHub Actions job with "id-token: write" (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN); elsewhere publish with a token',
      );
    }
  }

  /** A token that publishes `name`, or ExchangeRefused. */
  async tokenFor(name: string): Promise<string> {
    const used = this.identity();
    try {
      return await this.exchange(name, await used);
    } catch (problem) {
      if (!(problem instanceof ExchangeRefused) || problem.status !== 401) throw problem;
      // Exchanges run side by side: the first to find the ID token refused asks for another, the others wait for it.
      if (this.idToken === used) this.idToken = undefined;
      return this.exchange(name, await this.identity());
    }
  }

  private identity(): Promise<string> {
    this.idToken ??= this.requestIdToken().catch((problem: unknown) => {
      this.idToken = undefined;
      throw problem;
    });
    return this.idToken;
  }

  private async requestIdToken(): Promise<string> {
    const url = new URL(this.env.ACTIONS_ID_TOKEN_REQUEST_URL!);
    url.searchParams.set('audience', `npm:${new URL(this.registry).host}`);
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`, accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { value?: unknown };
    if (!response.ok || typeof body.value !== 'string')
      throw new ReleaseError('registry', `the CI's OIDC provider answered ${response.status} for an ID token`);
    return body.value;
  }

  private async exchange(name: string, idToken: string): Promise<string> {
    const url = new URL(`-/npm/v1/oidc/token/exchange/package/${encodeURIComponent(name)}`, this.registry.endsWith('/') ? this.registry : `${this.registry}/`);
    const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${idToken}`, accept: 'application/json' } });
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown; error?: unknown };
    if (response.ok && typeof body.token === 'string') return body.token;
    const why = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : `status ${response.status}`;
    throw new ExchangeRefused(response.status, `the registry refused to exchange this job's identity for a token that publishes ${name} (${why})`);
  }
}
