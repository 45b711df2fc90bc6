import { join } from 'node:path';
import { type CachedParse, type CachedSkillParse, loadRegistry, type ParseCache, parserFingerprint, type Registry } from '@agents/loader';
import { readOwnCache, writeOwnCache } from './cache-file.js';

const PARSES_FILE = join('node_modules', '.cache', 'agents', 'parses.json');

/** Parses of a registry's agent files and SKILL.md, by the SHA-256 of their text, as the last run kept them. */
interface StoredParses {
  /** The loader's fingerprint when they were made: another loader's are dropped. */
  parser: string;
  agents: Record<string, CachedParse>;
  skills: Record<string, CachedSkillParse>;
}

/** The parse caches of one reading of the registry (for loadRegistry), and how to keep them for the next. */
interface RegistryParses {
  parseCache: ParseCache;
  skillParseCache: ParseCache<CachedSkillParse>;
  /** Keeps the parses of the files read since opening (and only those), when they differ from what was kept. */
  save(): Promise<void>;
}

/**
 * The parses the last build, validation or catalog of the registry at `root` kept, when the same loader made
 * them and this machine wrote them: parsing is a pure function of a file's text, so an unchanged file is not
 * parsed again.
 */
async function openRegistryParses(root: string): Promise<RegistryParses> {
  const path = join(root, PARSES_FILE);
  const [stored, parser] = await Promise.all([readOwnCache(path) as Promise<Partial<StoredParses> | undefined>, parserFingerprint()]);
  const usable = stored?.parser === parser && typeof stored.agents === 'object' && typeof stored.skills === 'object';
  const agents = carried(usable ? stored.agents! : {});
  const skills = carried(usable ? stored.skills! : {});
  return {
    parseCache: agents.cache,
    skillParseCache: skills.cache,
    save: async () => {
      if (usable && agents.unchanged() && skills.unchanged()) return;
      await writeOwnCache(path, { parser, agents: agents.kept, skills: skills.kept } satisfies StoredParses);
    },
  };
}

/** The registry at `root` as loadRegistry reads it, with the parses kept between runs (used and kept again). */
export async function loadRegistryKeepingParses(root: string): Promise<Registry> {
  const parses = await openRegistryParses(root);
  const registry = await loadRegistry(root, parses);
  await parses.save();
  return registry;
}

/** A parse cache that starts from `previous` and keeps the parses of the files read now. */
function carried<Parse>(previous: Readonly<Record<string, Parse>>) {
  const kept: Record<string, Parse> = {};
  let added = false;
  const cache: ParseCache<Parse> = {
    get: (hash) => {
      const parse = previous[hash];
      if (parse !== undefined) kept[hash] = parse;
      return parse;
    },
    set: (hash, parse) => {
      kept[hash] = parse;
      added = true;
    },
  };
  // Nothing parsed anew and nothing left unread: the file on disk says the same (writing it costs ~0.05 s at 5,000 agents).
  const unchanged = () => !added && Object.keys(kept).length === Object.keys(previous).length;
  return { cache, kept, unchanged };
}
