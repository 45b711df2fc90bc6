import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent, Skill } from '@agents/schema';
import { type Diagnostic, type Position, START } from './diagnostic.js';
import type { ParseResult } from './parse.js';
import type { ParsedSkill } from './skill.js';

/**
 * A parse as a cache keeps it: parsing is a pure function of a file's text, so
 * a result can be reused for the same text, by the same parser.
 */
export interface CachedParse {
  /** Its `prompt` is left out (empty) when `bodyAt` says where it is. */
  agent: Agent | undefined;
  /** Where the prompt is in the file's text: prompts are most of a cache's size, and the text is read anyway. */
  bodyAt?: [number, number];
  diagnostics: Diagnostic[];
  /** Where the top-level keys the registry's rules point at are. */
  keys: Record<string, Position>;
}

/** A SKILL.md's parse as a cache keeps it (see CachedParse). */
export interface CachedSkillParse {
  /** Its `instructions` are left out (empty) when `bodyAt` says where they are. */
  skill: Skill | undefined;
  bodyAt?: [number, number];
  diagnostics: Diagnostic[];
  keys: Record<string, Position>;
}

/** Parses remembered by the SHA-256 of a file's text (see `parserFingerprint` for when they may be kept). */
export interface ParseCache<Parse = CachedParse> {
  get(hash: string): Parse | undefined;
  set(hash: string, parse: Parse): void;
}

/** The keys registry rules locate their findings at. */
const LOCATED_KEYS = ['name', 'category'];

const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

const locatedKeys = (locate: ParseResult['locate']) => Object.fromEntries(LOCATED_KEYS.map((key) => [key, locate([key])]));
const locateKeys =
  (keys: Record<string, Position>): ParseResult['locate'] =>
  (path) =>
    (path.length === 1 ? keys[String(path[0])] : undefined) ?? START;

/** `value` with its `key` (the Markdown body, a substring of `text`) left out, and where in `text` it is. */
function withoutBody<T extends Record<K, string>, K extends string>(
  value: T | undefined,
  key: K,
  text: string,
): { value: T | undefined; bodyAt?: [number, number] } {
  const body = value?.[key];
  if (value === undefined || !body) return { value };
  const start = text.lastIndexOf(body);
  return start < 0 ? { value } : { value: { ...value, [key]: '' }, bodyAt: [start, start + body.length] };
}

/** The reverse of withoutBody. */
function withBody<T extends Record<K, string>, K extends string>(
  value: T | undefined,
  key: K,
  text: string,
  bodyAt: [number, number] | undefined,
): T | undefined {
  return value === undefined || bodyAt === undefined ? value : { ...value, [key]: text.slice(...bodyAt) };
}

export function toCachedParse(parsed: ParseResult, text: string): CachedParse {
  const { value: agent, bodyAt } = withoutBody(parsed.agent, 'prompt', text);
  return { agent, ...(bodyAt && { bodyAt }), diagnostics: parsed.diagnostics, keys: locatedKeys(parsed.locate) };
}

export function fromCachedParse(cached: CachedParse, text: string): ParseResult {
  return { agent: withBody(cached.agent, 'prompt', text, cached.bodyAt), diagnostics: cached.diagnostics, locate: locateKeys(cached.keys) };
}

export function toCachedSkillParse(parsed: ParsedSkill, text: string): CachedSkillParse {
  const { value: skill, bodyAt } = withoutBody(parsed.skill, 'instructions', text);
  return { skill, ...(bodyAt && { bodyAt }), diagnostics: parsed.diagnostics, keys: locatedKeys(parsed.locate) };
}

export function fromCachedSkillParse(cached: CachedSkillParse, text: string): ParsedSkill {
  return { skill: withBody(cached.skill, 'instructions', text, cached.bodyAt), diagnostics: cached.diagnostics, locate: locateKeys(cached.keys) };
}

/** The parse of `text`, from the cache when it holds the same text's, else made now and kept there. */
export function cachedParse<Parse, Cached>(
  text: string,
  cache: ParseCache<Cached> | undefined,
  parse: (text: string) => Parse,
  convert: { to(parse: Parse, text: string): Cached; from(cached: Cached, text: string): Parse },
): Parse {
  if (cache === undefined) return parse(text);
  const hash = textHash(text);
  const cached = cache.get(hash);
  if (cached !== undefined) return convert.from(cached, text);
  const parsed = parse(text);
  cache.set(hash, convert.to(parsed, text));
  return parsed;
}

/** The code of the package a module belongs to: its package.json (with the exact versions of its dependencies) and its module files. */
async function packageCode(moduleFile: string): Promise<string[]> {
  const dir = dirname(moduleFile);
  const files = (await readdir(dir)).filter((file) => /\.[cm]?[jt]s$/.test(file)).sort();
  return Promise.all([join(dir, '..', 'package.json'), ...files.map((file) => join(dir, file))].map((path) => readFile(path, 'utf8').catch(() => '')));
}

/**
 * A hash of the parser itself: this package's and the schema package's code
 * and manifests. A cache made by another parser must be dropped, or a new rule
 * would not see files parsed before it existed.
 */
export const parserFingerprint = (): Promise<string> => codeFingerprint([import.meta.url, import.meta.resolve('@agents/schema')]);

/**
 * A hash of the code of the packages the given modules (file URLs) belong to: what a cache of their results
 * must be dropped with (the parser's, the compiler's).
 */
export async function codeFingerprint(moduleUrls: readonly string[]): Promise<string> {
  try {
    const hash = createHash('sha256');
    for (const url of moduleUrls) for (const part of await packageCode(fileURLToPath(url))) hash.update(part).update('\0');
    return hash.digest('hex');
  } catch {
    // Code that cannot be read cannot be fingerprinted: a value no cache holds, so everything is made anew.
    return `unknown code ${randomUUID()}`;
  }
}
