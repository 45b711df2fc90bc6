import { type DiagnosticCode, describeCodePoint } from '@agents/schema';
import { isMap, isScalar, isSeq, type Node, parseDocument, Scalar, type YAMLMap } from 'yaml';
import { type Diagnostic, error, hasErrors, type LineIndex, type Position, START } from './diagnostic.js';
import { hiddenInParsedString } from './hidden.js';

/** Keys that would reach an object's prototype if copied naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_ALIAS_COUNT = 100;
/** A real frontmatter's mappings have a few keys: up to this many are searched and compared, beyond it indexed. */
const SMALL_MAPPING = 16;
/** Real frontmatters stay under 8 KB; the parser's time and memory grow fast with size and nesting. */
export const MAX_FRONTMATTER_CHARS: number = 64 * 1024;
const MAX_NESTING = 32;
const COMPACT_SEQUENCES = new RegExp(`^[ \\t]*(?:-[ \\t]+){${MAX_NESTING + 1}}`, 'm');

/**
 * Checked before the YAML parser sees the text: deeply nested flow
 * collections or compact sequences cost it hundreds of megabytes, and tens
 * of thousands of levels crash the process outright (out of memory in V8).
 */
function beyondLimits(yaml: string): { code: DiagnosticCode; message: string; offset: number } | undefined {
  if (yaml.length > MAX_FRONTMATTER_CHARS) {
    return {
      code: 'frontmatter-too-large',
      message: `the frontmatter is larger than ${MAX_FRONTMATTER_CHARS / 1024} KiB; real ones are a few KB: move long text into the body`,
      offset: MAX_FRONTMATTER_CHARS,
    };
  }
  // Brackets inside quoted strings count too: only text with 32 unclosed brackets in a row is refused.
  let depth = 0;
  for (let index = 0; index < yaml.length; index++) {
    const char = yaml.charCodeAt(index);
    if (char === 0x5b || char === 0x7b) {
      if (++depth > MAX_NESTING) return { code: 'yaml-too-deep', message: `YAML nested more than ${MAX_NESTING} levels deep`, offset: index };
    } else if ((char === 0x5d || char === 0x7d) && depth > 0) depth--;
  }
  const compact = COMPACT_SEQUENCES.exec(yaml);
  if (compact) return { code: 'yaml-too-deep', message: `YAML nested more than ${MAX_NESTING} levels deep`, offset: compact.index };
  return undefined;
}

export interface ParsedYaml {
  /** The YAML as plain data, or `undefined` when it has errors. */
  data: unknown;
  diagnostics: Diagnostic[];
  /** Where a path of the frontmatter stands in the original file: its key, or its list item, at any depth. */
  locate(path: readonly (string | number)[]): Position;
  /**
   * The same for top-level keys and the items of top-level lists (a deeper path stands at those), without
   * holding the parsed document: what a parse's result keeps, since a thousand documents kept cost the
   * garbage collector more than a thousand files' validation.
   */
  locateShallow(path: readonly (string | number)[]): Position;
}

const YAML_ERROR_CODES: Record<string, DiagnosticCode> = { TAB_AS_INDENT: 'yaml-tab-indent' };

/**
 * Parses frontmatter YAML (1.2, core schema) with positions. Mirrors what
 * Claude Code rejects (a plain value containing ": ", tabs as indentation,
 * a stray alias), and also refuses duplicate keys, tags and prototype keys.
 * `offset` is where the YAML starts in the file that `lines` indexes.
 */
export function parseYaml(yaml: string, offset: number, lines: LineIndex): ParsedYaml {
  const at = (yamlOffset: number) => lines.position(offset + yamlOffset);
  const beyond = beyondLimits(yaml);
  if (beyond) return { data: undefined, diagnostics: [error(beyond.code, beyond.message, at(beyond.offset))], locate: () => START, locateShallow: () => START };
  // Duplicate keys are found by checkNodes: the library's own check compares every key with every other.
  const doc = parseDocument(yaml, { uniqueKeys: false, prettyErrors: false, strict: true, version: '1.2' });

  // A large mapping's pairs by key value (the first of duplicates), indexed once: locating thousands of keys
  // stays linear. A small one, as real frontmatters are, is searched.
  const pairIndexes = new Map<YAMLMap, Map<unknown, YAMLMap['items'][number]>>();
  const pairFor = (map: YAMLMap, key: unknown) => {
    if (map.items.length <= SMALL_MAPPING) return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
    let index = pairIndexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) if (isScalar(pair.key) && !index.has(pair.key.value)) index.set(pair.key.value, pair);
      pairIndexes.set(map, index);
    }
    return index.get(key);
  };

  function locate(path: readonly (string | number)[]): Position {
    let node: unknown = doc.contents;
    // A key that is absent has no line of its own: point at the opening "---".
    let offset = path.length === 0 ? firstContentOffset(yaml) : undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = pairFor(node, segment);
        if (pair === undefined || !isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) break;
        offset = pair.key.range[0];
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item?.range === undefined || item.range === null) break;
        offset = item.range[0];
        node = item;
      } else break;
    }
    // Only the final offset becomes a position: the line index counts columns on from the last one it counted.
    return offset === undefined ? START : at(offset);
  }
  const locateShallow = shallowLocator(doc.contents, lines, offset, firstContentOffset(yaml));

  // After the first syntax error the parser's further errors are mostly its consequences: report where it broke.
  const firstSyntaxError = doc.errors[0];
  const diagnostics: Diagnostic[] = firstSyntaxError
    ? [
        error(
          YAML_ERROR_CODES[firstSyntaxError.code] ?? 'yaml-syntax',
          `YAML does not parse: ${firstLine(firstSyntaxError.message)}. Claude Code would load this agent with empty metadata${hint(firstSyntaxError.code, firstSyntaxError.message)}`,
          at(breakingOffset(yaml, firstSyntaxError.code, firstSyntaxError.pos[0])),
        ),
      ]
    : [];
  // Escapes exist only in double-quoted scalars, which need a backslash to hold one.
  checkNodes(doc.contents, { report: (found) => diagnostics.push(...found), at, escapes: yaml.includes('\\'), wellFormed: !firstSyntaxError });
  if (hasErrors(diagnostics)) return { data: undefined, diagnostics, locate, locateShallow };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostics, locate, locateShallow };
  } catch (problem) {
    // The yaml library throws when aliases expand beyond maxAliasCount (a "billion laughs" document).
    const message = problem instanceof Error ? problem.message : String(problem);
    return {
      data: undefined,
      diagnostics: [error('yaml-alias-expansion', `YAML aliases expand too far: ${message}`, at(firstContentOffset(yaml)))],
      locate,
      locateShallow,
    };
  }
}

interface NodeCheck {
  report(found: Diagnostic[]): void;
  at(yamlOffset: number): Position;
  /** Whether double-quoted scalars may hold escapes, whose parsed values are scanned. */
  escapes: boolean;
  /** Whether the YAML parsed without error: a broken one yields keys that the file does not have. */
  wellFormed: boolean;
}

/**
 * One walk over the parsed document, linear in its size: duplicate keys (a set per mapping), prototype keys,
 * tags, and hidden or control characters that escapes put into keys and values.
 */
function checkNodes(node: unknown, check: NodeCheck): void {
  if (isScalar(node)) {
    checkScalar(node, check, false);
    return;
  }
  if (!isMap(node) && !isSeq(node)) return;
  if (node.tag !== undefined && node.range)
    check.report([error('yaml-tag', `YAML tags (${node.tag}) are not allowed in frontmatter`, check.at(node.range[0]))]);
  if (isSeq(node)) {
    for (const item of node.items) checkNodes(item, check);
    return;
  }
  const { items } = node;
  const seen = items.length > SMALL_MAPPING ? new Set<unknown>() : undefined;
  for (let index = 0; index < items.length; index++) {
    const { key, value } = items[index]!;
    if (isScalar(key)) {
      const duplicate = seen ? seen.has(key.value) : items.some((pair, before) => before < index && isScalar(pair.key) && pair.key.value === key.value);
      seen?.add(key.value);
      if (duplicate) {
        check.report([
          error(
            'duplicate-key',
            'a key appears twice in the frontmatter; Claude Code silently keeps one of them: remove the other',
            check.at(key.range?.[0] ?? 0),
          ),
        ]);
      }
      if (FORBIDDEN_KEYS.has(String(key.value)))
        check.report([error('forbidden-key', `the key "${String(key.value)}" is not allowed`, check.at(key.range?.[0] ?? 0))]);
      checkScalar(key, check, true);
    } else checkNodes(key, check);
    checkNodes(value, check);
  }
}

function checkScalar(node: Scalar, check: NodeCheck, isKey: boolean): void {
  if (!node.range) return;
  const offset = node.range[0];
  if (node.tag !== undefined) check.report([error('yaml-tag', `YAML tags (${node.tag}) are not allowed in frontmatter`, check.at(offset))]);
  if (typeof node.value !== 'string') return;
  // The text's own scan saw the characters of every other scalar where they stand.
  if (check.escapes && node.type === Scalar.QUOTE_DOUBLE) {
    check.report(hiddenInParsedString(node.value, () => check.at(offset)));
    // The file holds no "---" (the frontmatter check), but an escape can spell one: written out for another
    // client, it would end that client's frontmatter where Claude Code's ends.
    if (node.value.includes('---'))
      check.report([
        error(
          'escaped-delimiter',
          'escapes in this value spell "---", which ends the frontmatter of other clients once the registry writes the value out for them; write it another way',
          check.at(offset),
        ),
      ]);
  }
  const lineBreak = isKey && check.wellFormed ? /[\t\n\r]/.exec(node.value) : null;
  if (lineBreak)
    check.report([error('control-character', `${describeCodePoint(lineBreak[0].charCodeAt(0))} in a key: a key is written on one line`, check.at(offset))]);
}

/**
 * Keeps the offsets of the top-level keys and of their list items, and turns them into positions when asked.
 * Module-level, not a closure of parseYaml: a closure there would share its scope, and hold the document.
 */
function shallowLocator(contents: unknown, lines: LineIndex, offset: number, contentOffset: number): ParsedYaml['locateShallow'] {
  const offsets = new Map<unknown, { key: number; items: number[] }>();
  if (isMap(contents)) {
    for (const { key, value } of contents.items) {
      // The first of duplicate keys, as `locate` finds it.
      if (!isScalar(key) || !key.range || offsets.has(key.value)) continue;
      const keyOffset = key.range[0];
      const items = isSeq(value) ? value.items.map((item) => (item as Node).range?.[0] ?? keyOffset) : [];
      offsets.set(key.value, { key: keyOffset, items });
    }
  }
  return (path) => {
    if (path.length === 0) return lines.position(offset + contentOffset);
    const entry = offsets.get(path[0]);
    if (entry === undefined) return START;
    const item = typeof path[1] === 'number' ? entry.items[path[1]] : undefined;
    return lines.position(offset + (item ?? entry.key));
  };
}

/**
 * The yaml library places "Nested mappings are not allowed in compact mappings"
 * at the start of the value; the mistake is the first ": " inside it, which
 * may stand on a continuation line of a multi-line plain value.
 */
function breakingOffset(yaml: string, code: string, offset: number): number {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY') return offset;
  const rest = yaml.slice(offset);
  // The value ends where a line starts without indentation: the next key.
  const valueEnd = rest.search(/\n(?=\S)/);
  const colon = /:(?=\s|$)/.exec(valueEnd === -1 ? rest : rest.slice(0, valueEnd));
  return colon === null ? offset : offset + colon.index;
}

function firstContentOffset(yaml: string): number {
  const match = /\S/.exec(yaml);
  return match === null ? 0 : match.index;
}

function firstLine(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(/\.$/, '');
}

function hint(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return '; indent with spaces';
  if (/Nested mappings|Implicit map keys|mapping/i.test(message)) {
    return '; a value containing ": " must be quoted, e.g. description: "Use when: …", or written as a block (description: >-)';
  }
  return '';
}
