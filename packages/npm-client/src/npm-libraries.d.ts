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
