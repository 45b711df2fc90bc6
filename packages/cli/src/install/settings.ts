import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SCOPE, printable, scopeProblem } from '@agents/schema';
import { z } from 'zod';
import { CliError } from '../errors.js';

/** The project's settings for the agents CLI: the `agents` field of its package.json. */
export interface ProjectSettings {
  /** Refuse any version without a verified provenance attestation. */
  requireProvenance: boolean;
  /** Refuse any skill that carries what a client can run: scripts, executables, commands its instructions run. */
  refuseRunnableSkills: boolean;
  /** The scope of bare agent names (`agents add reviewer` → `<scope>/reviewer`): `@agents` unless the project names its own (in a registry repository, the scope it publishes under). */
  scope: string;
}

const settingsSchema = z.object({
  requireProvenance: z.boolean({ message: 'must be true or false' }).optional(),
  refuseRunnableSkills: z.boolean({ message: 'must be true or false' }).optional(),
  // The check a registry repository's own scope setting has too (the same key, in its root package.json).
  scope: z.custom<string>((value) => scopeProblem(value) === undefined, { error: (issue) => scopeProblem(issue.input) }).optional(),
});

/** Reads `<cwd>/package.json`'s `agents` field; none (or no package.json) is the defaults. */
export async function readProjectSettings(cwd: string): Promise<ProjectSettings> {
  const path = join(cwd, 'package.json');
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { requireProvenance: false, refuseRunnableSkills: false, scope: DEFAULT_SCOPE };
  let manifest: { agents?: unknown };
  try {
    manifest = JSON.parse(text) as { agents?: unknown };
  } catch (problem) {
    throw new CliError('settings', `${path} is not valid JSON (${printable((problem as Error).message)})`);
  }
  const parsed = settingsSchema.safeParse(manifest?.agents ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CliError('settings', `${path}: "agents"${issue.path.map((key) => `.${String(key)}`).join('')} ${issue.message}`);
  }
  return {
    requireProvenance: parsed.data.requireProvenance ?? false,
    refuseRunnableSkills: parsed.data.refuseRunnableSkills ?? false,
    scope: parsed.data.scope ?? DEFAULT_SCOPE,
  };
}
