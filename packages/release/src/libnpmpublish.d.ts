// libnpmpublish ships no types; this is the part the publisher uses (lib/publish.js).
declare module 'libnpmpublish' {
  export function publish(manifest: Record<string, unknown>, tarball: Buffer, options: Record<string, unknown>): Promise<Response & { stageId?: string }>;
}
