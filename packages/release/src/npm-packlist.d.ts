// npm-packlist's own types are for an older API; this is the part the packer uses (lib/index.js, 10.x):
// a tree needs only what a package folder that is not a project root has, its path and its manifest.
declare module 'npm-packlist' {
  export default function packlist(tree: {
    path: string;
    package: Record<string, unknown>;
    isProjectRoot: false;
    edgesOut: Map<string, unknown>;
  }): Promise<string[]>;
}
