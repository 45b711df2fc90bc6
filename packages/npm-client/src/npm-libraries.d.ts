// npm's own libraries ship no types; these are the parts the CLI uses (@npmcli/config 10, npm-registry-fetch 19).
declare module '@npmcli/config' {
  export default class Config {
    constructor(options: {
      definitions: unknown;
      shorthands: unknown;
      flatten: unknown;
      nerfDarts?: unknown;
      npmPath: string;
      argv: string[];
      cwd: string;
      env: NodeJS.ProcessEnv;
      warn?: boolean;
    });
    load(): Promise<void>;
    readonly flat: Record<string, unknown>;
  }
}

declare module '@npmcli/config/lib/definitions/index.js' {
  const definitions: { definitions: unknown; shorthands: unknown; flatten: unknown; nerfDarts: unknown };
  export default definitions;
}

declare module 'npm-registry-fetch' {
  interface NpmFetch {
    (url: string, options: Record<string, unknown>): Promise<unknown>;
    getAuth(url: string, options: Record<string, unknown>): { token: string | null; auth: string | null };
  }
  const npmFetch: NpmFetch;
  export default npmFetch;
}

declare module 'pacote' {
  const pacote: { manifest(spec: string, options: Record<string, unknown>): Promise<Record<string, unknown>> };
  export default pacote;
}

declare module 'npm-package-arg' {
  interface Spec {
    escapedName: string;
    toString(): string;
  }
  interface Npa {
    (spec: string): Spec;
    toPurl(spec: Spec): string;
  }
  const npa: Npa;
  export default npa;
}
